/* What the organisation side tells the learner (tracker GET /portal/me/team): the steps a coach or
   trainer confirmed ("bevestigd door <naam>", and done) and the coach's feedback on shared reflections. */
(function () {
  "use strict";
  var lp = window.leerpad, S = lp.session;
  if (!S || !S.enabled) return;
  var T = S.T, cache = null, owner = null, busy = null;

  function url() {
    var endpoint = S.endpoint();
    return endpoint ? endpoint.replace(/xapi\/?$/, "") + "portal/me/team" : null;
  }

  /** The learner's team data; an answer that arrives for another learner than the current one is dropped. */
  function pull(fresh) {
    var token = S.token(), target = url(), who = S.learner();
    if (!token || !target) return Promise.resolve(null);
    if (cache && owner === who && !fresh) return Promise.resolve(cache);
    if (busy) return busy;
    busy = fetch(target, { headers: { Authorization: "Bearer " + token }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        busy = null;
        if (!data || S.learner() !== who) return null;
        cache = data; owner = who;
        return data;
      }, function () { busy = null; return null; });
    return busy;
  }

  function confirmed(data) {
    var missing = data.confirmed.filter(function (c) { return c.step && !lp.progress.isDone(c.step); });
    if (missing.length) {
      lp.progress.merge(function (state) {
        missing.forEach(function (c) { state.done[c.step] = c.on + "T12:00:00.000Z"; });
      });
      var overview = document.querySelector('[data-lp-page="overview"]');
      if (overview && lp.overview) lp.overview.render(overview);
      var sidebar = document.querySelector(".lp-nav");
      if (sidebar && lp.marks) lp.marks.apply(sidebar);
    }
    data.confirmed.forEach(function (c) {
      if (!c.step) return;
      document.querySelectorAll('[data-step-id="' + c.step.replace(/[^a-z0-9-]/g, "") + '"]').forEach(function (node) {
        if (node.querySelector(".lp-confirmed")) return;
        var note = document.createElement("span");
        note.className = "lp-confirmed";
        note.textContent = T("confirmed_by", { name: c.by, date: lp.formatDate(c.on) });
        (node.querySelector(".lp-step__meta") || node).appendChild(note);
      });
    });
  }

  function feedback(data) {
    document.querySelectorAll("article.lp-reflection[data-statement]").forEach(function (article) {
      var id = article.getAttribute("data-statement");
      var items = data.feedback.filter(function (f) { return f.statement === id; });
      if (!items.length || article.querySelector(".lp-feedback")) return;
      var box = document.createElement("section");
      box.className = "lp-feedback";
      var title = document.createElement("h3");
      title.textContent = T("feedback_title");
      box.appendChild(title);
      items.forEach(function (f) {
        var p = document.createElement("p");
        var who = document.createElement("strong");
        who.textContent = T("feedback_from", { name: f.by, date: lp.formatDate(f.at) }) + " ";
        p.appendChild(who);
        p.appendChild(document.createTextNode(f.text));
        box.appendChild(p);
      });
      article.appendChild(box);
    });
  }

  function apply(fresh) {
    pull(fresh).then(function (data) {
      if (!data) return;
      confirmed(data);
      feedback(data);
    });
  }

  lp.team = { pull: pull };
  lp.onPage(function () { apply(false); });
  lp.progress.on("sync", function () { if (cache) confirmed(cache); });
  document.addEventListener("leerpad:signin", function () { cache = null; apply(true); });
  document.addEventListener("leerpad:reflections", function () { apply(true); });
})();
