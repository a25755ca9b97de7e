/* Progress from the tracker: the learner's own statements (registration, `more` paging) and the
   intake State document, merged with what still waits in the queue, written into progress.
   A download works with the token it started with; when the learner of the page has changed by
   the time it arrives (a shared device), it is dropped. */
(function () {
  "use strict";
  var lp = window.leerpad, S = lp.session;
  if (!S || !S.enabled) return;
  var cfg = S.config, P = cfg.profile, root = cfg.root, last = 0, MIN_GAP = 20000;

  function get(url, token) {
    return fetch(url, {
      headers: { Authorization: "Bearer " + token, "X-Experience-API-Version": "1.0.3" }, credentials: "omit"
    }).then(function (res) {
      if (res.status === 401) S.expired(token);
      if (res.status === 404) return null;
      if (!res.ok) throw new Error("tracker answered " + res.status);
      return res.json();
    });
  }

  /** Every statement of this learner in this registration (all pages of `more`). */
  function statements(token) {
    var origin = new URL(S.endpoint()).origin, all = [];
    function page(url) {
      return get(url, token).then(function (body) {
        all = all.concat((body && body.statements) || []);
        return body && body.more ? page(origin + body.more) : all;
      });
    }
    return page(S.endpoint() + "statements?limit=500&agent=" + encodeURIComponent(JSON.stringify(S.actor())) +
      "&registration=" + encodeURIComponent(S.registration()));
  }

  /** Step id and answer key of an activity id: ["observeren", "check:q1"], ["observeren", "reflection:0"],
      ["kinder-ehbo", "preparation:0"]. */
  function place(id) {
    var m = /^(modules|stappen)\/([^/#]+)\/(?:#(toets|reflectie|voorbereiding)(?:-(.+))?)?$/.exec(id.slice(root.length));
    if (!m || id.indexOf(root) !== 0) return null;
    if (m[3] === "reflectie") return [m[2], "reflection:" + (Number(m[4]) - 1)];
    if (m[3] === "voorbereiding") return [m[2], "preparation:" + (Number(m[4]) - 1)];
    if (m[3] === "toets") return m[4] ? [m[2], "check:" + m[4]] : [m[2], "toets"];
    return [m[2], null];
  }

  function verbKey(iri) {
    return Object.keys(P.verbs).filter(function (k) { return P.verbs[k][0] === iri; })[0];
  }

  /** What statements (oldest first) say: done steps, answers, reflections (with shared flags), intake. */
  function fold(list) {
    var out = { done: {}, answers: {}, reflections: {}, intake: null, consent: null }, shared = {};
    list.slice().sort(function (a, b) { return Date.parse(a.timestamp) - Date.parse(b.timestamp); })
      .forEach(function (st) {
        var verb = verbKey(st.verb.id), id = st.object.id, at = place(id), r = st.result || {};
        if (verb === "shared" && st.context && st.context.statement) shared[st.context.statement.id] = true;
        if (verb === "responded" && r.extensions) out.intake = r.extensions[P.ext.intake] || out.intake;
        if (verb === "responded" && r.extensions && P.ext.consent in r.extensions) out.consent = r.extensions[P.ext.consent] === true;
        if (!at) return;
        var answers = out.answers[at[0]] = out.answers[at[0]] || {};
        if (verb === "completed" && !at[1]) out.done[at[0]] = st.timestamp;
        if (verb === "retracted" && !at[1]) delete out.done[at[0]];
        if (verb === "answered") {
          answers[at[1]] = /^prep/.test(at[1]) ? r.response || ""
            : { chosen: r.response ? String(r.response).split("[,]") : [], correct: !!r.success };
        }
        if (verb === "reflected") {
          answers[at[1]] = r.response || "";
          out.reflections[id] = { id: st.id, object: id, step: at[0], text: r.response || "", at: st.timestamp };
        }
      });
    out.reflections = Object.keys(out.reflections).map(function (k) {
      var x = out.reflections[k];
      x.shared = !!shared[x.id];
      return x;
    });
    return out;
  }

  /** The tracker's statements plus those still queued, and the intake: a queued State document first,
      else the tracker's State document (read only once a `responded` statement says there is one). */
  function load(token) {
    var queued = lp.queue.pending();
    return statements(token).then(function (got) {
      var seen = {}, list = [];
      got.concat(queued.filter(function (i) { return i.s; }).map(function (i) { return i.s; })).forEach(function (st) {
        if (!seen[st.id]) { seen[st.id] = true; list.push(st); }
      });
      var folded = fold(list), doc = queued.filter(function (i) { return i.d; }).pop();
      if (doc || !folded.intake) { folded.intake = doc ? doc.d : null; return folded; }
      return get(S.endpoint() + lp.statements.intakePath(), token).then(function (state) {
        folded.intake = state || folded.intake;
        return folded;
      }, function () { return folded; });
    });
  }

  function rerender() {
    var overview = document.querySelector('[data-lp-page="overview"]');
    if (overview && lp.overview) lp.overview.render(overview);
    var sidebar = document.querySelector(".lp-nav");
    if (sidebar && lp.marks) lp.marks.apply(sidebar);
  }

  /** Pull progress into the local store (at most every 20 s unless forced); resolves to the fold. */
  function pull(force) {
    var token = S.token(), learner = S.learner();
    if (!token || (!force && Date.now() - last < MIN_GAP)) return Promise.resolve(null);
    last = Date.now();
    return load(token).then(function (f) {
      if (S.learner() !== learner) return null;   // another learner signed in meanwhile: not theirs
      lp.progress.merge(function (state) {
        state.done = f.done;
        Object.keys(f.answers).forEach(function (step) { state.answers[step] = Object.assign(state.answers[step] || {}, f.answers[step]); });
        if (f.intake) {                       // the State document: answers, and `_shown`, the steps put back
          state.intake = Object.assign({}, f.intake);
          delete state.intake._shown;
          state.shown = Object.assign({}, state.shown);
          (f.intake._shown || []).forEach(function (id) { state.shown[id] = true; });
        }
        if (f.consent !== null) state.intakeConsent = f.consent;   // the latest responded statement counts
      });
      rerender();
      return f;
    }, function () { last = 0; return null; });
  }

  lp.sync = { pull: pull, fold: fold, load: load };
  document.addEventListener("leerpad:signin", function () { pull(true); });
  lp.onPage(function () { pull(false); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) pull(false); });
})();
