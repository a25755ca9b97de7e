/* xAPI statements per the Leerpad profile (docs/xapi.md), made from progress events and page
   views and put in the queue. Ids are canonical URLs under the portal root; the path is the
   parent of every statement and the session's registration ties them together. */
(function () {
  "use strict";
  var lp = window.leerpad, S = lp.session;
  if (!S || !S.enabled) return;
  var cfg = S.config, P = cfg.profile, root = cfg.root, later = {}, ANON = "leerpad:" + lp.role + ":v1";

  var queue = lp.queue = new lp.Queue({
    key: function () { return "leerpad:queue:" + lp.role + ":" + S.learner(); },
    ready: function () { return !!S.token(); },
    endpoint: S.endpoint,
    headers: function () { return { Authorization: "Bearer " + S.token() }; },
    onUnauthorized: function (h) { S.expired(h.Authorization.slice(7)); },
    onDead: function () { refused(true); }
  });

  /** The activity id of a step (module or training/coaching/intervisie page). */
  function stepActivity(stepId) {
    return root + (cfg.steps[stepId] === "module" ? "modules/" : "stappen/") + stepId + "/";
  }

  /** One statement about activity `id` of profile type `type`. */
  function make(verb, id, type, result, context) {
    var v = P.verbs[verb], display = {}, hash = id.indexOf("#");
    display[P.lang] = v[1];
    var ctx = Object.assign({
      registration: S.registration(),
      contextActivities: { parent: [{ objectType: "Activity", id: root, definition: { type: P.types.path } }] }
    }, context || {});
    if (hash > 0) ctx.contextActivities.grouping = [{ objectType: "Activity", id: id.slice(0, hash) }];
    var st = {
      id: crypto.randomUUID(),
      actor: S.actor(),
      verb: { id: v[0], display: display },
      object: { objectType: "Activity", id: id, definition: { type: P.types[type] } },
      context: ctx,
      timestamp: new Date().toISOString()
    };
    if (type === "meeting") st.object.definition.extensions = ext("kind", cfg.steps[id.slice(root.length + 8, -1)]);
    if (result) st.result = result;
    return st;
  }

  function ext(key, value) { var e = {}; e[P.ext[key]] = value; return e; }

  /** Queue a statement when signed in (before that, progress.js keeps it until the first sign-in); `at` dates it. */
  function send(verb, id, type, result, context, at) {
    if (!S.learner()) return null;
    var st = make(verb, id, type, result, context);
    st.timestamp = at || st.timestamp;
    return queue.statement(st);
  }

  /** Run fn after `ms` quiet (typing); pending ones run on pagehide. */
  function debounce(key, ms, fn) {
    clearTimeout((later[key] || {}).timer);
    later[key] = { fn: fn, timer: setTimeout(function () { delete later[key]; fn(); }, ms) };
  }
  function runLater() {
    Object.keys(later).forEach(function (key) { clearTimeout(later[key].timer); later[key].fn(); delete later[key]; });
  }

  function kindOf(stepId) { return cfg.steps[stepId] === "module" ? "module" : "meeting"; }

  function checkOutcome(stepId) {
    var total = document.querySelectorAll('.lp-check[data-step-id="' + stepId + '"] .lp-question').length;
    var answers = lp.progress.getAnswers(stepId), answered = 0, right = 0;
    Object.keys(answers).forEach(function (k) { if (k.indexOf("check:") === 0) { answered++; if (answers[k].correct) right++; } });
    if (!total || answered < total) return;
    send(right === total ? "passed" : "failed", stepActivity(stepId) + "#toets", "check", {
      score: { raw: right, min: 0, max: total, scaled: right / total }, success: right === total, completion: true
    });
  }

  /** An answer becomes a statement: a check question at once; reflection and preparation text after
      2 s without typing (`now`: at once, with the given text). */
  function onAnswer(d, now) {
    var parts = d.key.split(":"), base = stepActivity(d.stepId), prep = parts[0] === "preparation";
    if (parts[0] === "check") {
      send("answered", base + "#toets-" + parts[1], "question",
        { response: (d.value.chosen || []).join("[,]"), success: !!d.value.correct });
      checkOutcome(d.stepId);
      return;
    }
    function go(text) {
      if (text && text.trim()) {
        send(prep ? "answered" : "reflected", base + (prep ? "#voorbereiding-" : "#reflectie-") + (Number(parts[1]) + 1),
          "prompt", { response: text, extensions: ext("visibility", "private") });
      }
    }
    if (now) go(d.value);
    else debounce(d.key + d.stepId, 2000, function () { go(lp.progress.getAnswer(d.stepId, d.key)); });
  }

  function intakePath() {
    return "activities/state?activityId=" + encodeURIComponent(root) + "&agent=" + encodeURIComponent(JSON.stringify(S.actor())) +
      "&stateId=intake&registration=" + encodeURIComponent(S.registration());
  }

  /** The intake State document: the answers and, once the learner put hidden steps back, `_shown` (their ids;
      no question id starts with "_"). */
  function intakeDoc(answers) {
    var doc = Object.assign({}, answers), shown = Object.keys(lp.progress.getShown());
    if (shown.length) doc._shown = shown;
    return doc;
  }

  function onIntake(d, now) {
    function go() {
      if (!S.learner()) return;
      queue.document(intakePath(), intakeDoc(d.answers));
      var e = ext("intake", d.answers);        // private like a reflection; the coach reads it only with consent
      e[P.ext.visibility] = "private";
      e[P.ext.consent] = d.consent === undefined ? lp.progress.getConsent() : d.consent === true;
      send("responded", root + "intake/", "intake", { completion: true, extensions: e });
    }
    if (now) go(); else debounce("intake", 1500, go);
  }

  /** Progress made in this browser before signing in (progress.js's anonymous store), or null. */
  function anonymous() {
    var old = null;
    try { old = JSON.parse(localStorage.getItem(ANON)); } catch (e) { /* none */ }
    return old && { done: old.done || {}, answers: old.answers || {}, intake: old.intake || {}, shown: old.shown || {} };
  }

  /** How many done steps, answers and intakes it holds. */
  function size(old) {
    var n = Object.keys(old.done).length + (Object.keys(old.intake).length ? 1 : 0);
    Object.keys(old.answers).forEach(function (step) { n += Object.keys(old.answers[step]).length; });
    return n;
  }

  /** Progress made on this device before signing in may be someone else's: it becomes the learner's
      only when they say it is theirs; "no" removes it from the device. */
  function ask() {
    var old = anonymous(), n = old && size(old);
    if (!n || !S.learner()) return;
    lp.notice("adopt", { title: S.T("adopt_title"), text: S.T("adopt_text", { count: n }), kind: "question",
      buttons: [[S.T("adopt_yes"), function () { adopt(old); }], [S.T("adopt_no"), function () { forget(); location.reload(); }]] });
  }

  function forget() {
    lp.notice("adopt", null);
    try { localStorage.removeItem(ANON); } catch (e) { /* none */ }
  }

  /** The learner's "yes": the anonymous progress becomes their statements, exactly once (the anonymous
      store is emptied at once), and the overview and sidebar show it at once. */
  function adopt(old) {
    forget();
    var done = old.done, answers = old.answers, intake = old.intake;
    lp.progress.merge(function (state) {
      Object.assign(state.done, done);
      Object.keys(answers).forEach(function (step) { state.answers[step] = Object.assign(state.answers[step] || {}, answers[step]); });
      if (Object.keys(intake).length) state.intake = intake;
      state.shown = Object.assign({}, state.shown, old.shown);
    });
    Object.keys(done).forEach(function (step) {
      send("completed", stepActivity(step), kindOf(step), { completion: true }, null, done[step]);
    });
    Object.keys(answers).forEach(function (step) {
      Object.keys(answers[step]).forEach(function (k) { onAnswer({ stepId: step, key: k, value: answers[step][k] }, true); });
    });
    if (Object.keys(intake).length) onIntake({ answers: intake }, true);
    lp.notice("adopted", { title: S.T("adopted_title"), text: S.T("adopted_text"), role: "status", kind: "success",
      buttons: [[S.T("close"), function () { lp.notice("adopted", null); }]] });
    lp.sync.pull(true);
  }

  /** A notice while the tracker refuses some statements (dead letters): its message, retry, dismiss. */
  function refused(fresh) {
    var dead = queue.refused();
    lp.notice("refused", dead.length ? {
      title: S.T("refused_title"), text: S.T("refused_text", { count: dead.length, message: dead[dead.length - 1].message }),
      role: fresh ? "alert" : "status",
      buttons: [[S.T("refused_retry"), function () { queue.retry().then(function () { refused(true); }); }],
        [S.T("refused_dismiss"), function () { queue.dismiss(); refused(); }]]
    } : null);
  }

  /** Share a reflection with the coach: a new statement that refers to it; nothing is overwritten. */
  function share(reflection) {
    return send("shared", reflection.object, "prompt", { extensions: ext("visibility", "shared") },
      { statement: { objectType: "StatementRef", id: reflection.id } });
  }

  lp.statements = { make: make, send: send, share: share, stepActivity: stepActivity, intakePath: intakePath, refused: refused };

  window.addEventListener("pagehide", runLater);
  document.addEventListener("leerpad:leave", runLater);
  queue.bind(lp.onPage);
  document.addEventListener("leerpad:signin", function () { ask(); refused(); queue.flush(); });
  lp.progress.on("done", function (d) {
    send(d.done ? "completed" : "retracted", stepActivity(d.stepId), kindOf(d.stepId), d.done ? { completion: true } : null);
  });
  lp.progress.on("answer", onAnswer);
  lp.progress.on("intake", onIntake);
  lp.progress.on("shown", function () { if (S.learner()) queue.document(intakePath(), intakeDoc(lp.progress.getIntake())); });
  if (S.learner()) { refused(); ask(); }
  lp.onPage(function (doc) {
    var page = doc.querySelector('[data-lp-page="module"], [data-lp-page="step"]');
    if (page) {
      var id = page.getAttribute("data-step-id");
      send("opened", stepActivity(id), kindOf(id));
    }
  });
})();
