/* Marks every step list item ([data-step-id], on the overview and in the sidebar) as done,
   recommended or mastered, and works out what the intake answers mean for a path. */
(function () {
  "use strict";
  var lp = window.leerpad;

  /** What the chosen intake options do to steps (docs/content-model.md, "Intake answer"): recommended,
      mastered, required, added (`offer: intake` steps shown) and hidden. `require`, `add` and `recommend`
      win over `hide`; a step the learner put back (`shown`) is never hidden. */
  function intakeEffect(questions, answers, shown) {
    var e = { recommended: {}, mastered: {}, required: {}, added: {}, hidden: {} }, hide = {};
    var keys = { recommend: "recommended", mastered: "mastered", require: "required", add: "added" };
    answers = answers || {};
    (questions || []).forEach(function (q) {
      var index = answers[q.id];
      var option = index === undefined || index === null ? null : q.options[Number(index)];
      if (!option) return;
      Object.keys(keys).forEach(function (rule) {
        (option[rule] || []).forEach(function (id) { e[keys[rule]][id] = true; });
      });
      (option.hide || []).forEach(function (id) { hide[id] = true; });
    });
    Object.keys(hide).forEach(function (id) {
      if (!e.recommended[id] && !e.required[id] && !e.added[id] && !(shown || {})[id]) e.hidden[id] = true;
    });
    e.answered = Object.keys(answers).length > 0;
    return e;
  }

  var BADGES = { required: "required_for_you", added: "added_for_you", recommended: "recommended",
    mastered: "mastered", optional: "optional" };

  /** Show or hide the badge of `kind` on an overview step; made here the first time it shows
      (the built page carries only the badges every reader sees). */
  function badge(item, kind, on) {
    var el = item.querySelector(".lp-badge--" + kind), meta = item.querySelector(".lp-step__meta");
    if (!el && on && meta) {
      el = document.createElement("span");
      el.className = "lp-badge lp-badge--" + kind;
      el.textContent = lp.t(BADGES[kind]);
      meta.insertBefore(el, meta.querySelector(".lp-step__done-text"));
    }
    if (el) el.hidden = !on;
  }

  /** Set classes, badges and the hidden state text of each step item under root. */
  function apply(root, effect) {
    effect = effect || { recommended: {}, mastered: {} };
    root.querySelectorAll("[data-step-id]").forEach(function (item) {
      if (!item.matches("li")) return;
      var id = item.getAttribute("data-step-id");
      var done = lp.progress.isDone(id);
      item.classList.toggle("is-done", done);
      item.setAttribute("data-done", done ? "true" : "false");
      item.classList.toggle("is-recommended", !!effect.recommended[id]);
      item.classList.toggle("is-mastered", !!effect.mastered[id]);
      badge(item, "recommended", !!effect.recommended[id]);
      badge(item, "mastered", !!effect.mastered[id]);
      var text = item.querySelector(".lp-step__done-text");
      if (text) text.textContent = done ? " – " + lp.t("state_done") : (item.classList.contains("lp-step") ? lp.t("state_todo") : "");
      var state = item.querySelector(".lp-step__state");
      if (state) state.setAttribute("data-state", done ? "done" : (effect.mastered[id] ? "mastered" : "todo"));
    });
  }

  var outlines = {};  // manifest URL -> promise of the portal's manifest (steps in path order, intake)

  /** The portal's `xapi-manifest.json` (beside the overview, whose link heads the sidebar), fetched once. */
  function outline(nav) {
    var url = new URL("xapi-manifest.json", nav.querySelector("a.md-nav__link").href).href;
    outlines[url] = outlines[url] || fetch(url).then(function (res) { return res.ok ? res.json() : null; })
      .then(null, function () { return null; }).then(function (got) { if (!got) delete outlines[url]; return got; });
    return outlines[url];
  }

  function stepUrl(step, base) { return new URL((step.kind === "module" ? "modules/" : "stappen/") + step.id + "/", base).href; }

  /** Point the footer's previous or next link at `step`; without one, hide it (Material's CSS would still show
      a link that is only [hidden]). */
  function footer(dir, step, base) {
    var a = document.querySelector(".md-footer__link--" + dir);
    if (!a) return;
    a.hidden = !step;
    a.style.display = step ? "" : "none";
    if (!step) return;
    a.href = stepUrl(step, base);
    a.querySelector(".md-ellipsis").textContent = step.title;
    a.setAttribute("aria-label", a.querySelector(".md-footer__direction").textContent + ": " + step.title);
  }

  /** The sidebar and previous/next of a step's page as the overview shows the path: steps the intake hides
      left out, `offer: intake` steps in once added; the page's own step always stays. */
  function follow(manifest) {
    var nav = document.querySelector(".lp-nav"), page = document.querySelector('[data-lp-page="module"], [data-lp-page="step"]');
    if (!manifest || !nav || !page) return;
    var here = page.getAttribute("data-step-id"), base = nav.querySelector("a.md-nav__link").href;
    var effect = intakeEffect((manifest.intake || {}).questions, lp.progress.getIntake(), lp.progress.getShown());
    var mine = manifest.steps.filter(function (s) { return s.id === here; })[0];
    var template = nav.querySelector("li.lp-nav__step"), after = nav.querySelector(".lp-nav__heading");
    if (!mine || !template || !after) return;
    var listed = manifest.steps.filter(function (s) {
      return s.id === here || (!effect.hidden[s.id] && (s.offer !== "intake" || effect.added[s.id] || effect.required[s.id]));
    });
    manifest.steps.forEach(function (s) {
      if (s.phase !== mine.phase) return;
      var li = nav.querySelector('li.lp-nav__step[data-step-id="' + s.id + '"]'), on = listed.indexOf(s) >= 0;
      if (!li && on) li = item(template, s, base);
      if (!li) return;
      li.hidden = !on;
      after.parentNode.insertBefore(li, after.nextSibling);
      after = li;
    });
    apply(nav);
    var at = listed.indexOf(mine);
    footer("prev", listed[at - 1], base);
    footer("next", listed[at + 1], base);
  }

  /** A sidebar item for `step`, made like the built ones (their link only: no notes other scripts added). */
  function item(template, step, base) {
    var li = template.cloneNode(false), a = li.appendChild(template.querySelector("a").cloneNode(true)), title = a.lastElementChild;
    li.setAttribute("data-step-id", step.id);
    a.href = stepUrl(step, base);
    a.classList.remove("md-nav__link--active");
    a.removeAttribute("aria-current");
    title.replaceChild(document.createTextNode(step.title), title.firstChild);
    return li;
  }

  /** Mark the sidebar; on a step's page, once the learner answered the intake, make it follow the intake. */
  function sidebar() {
    var nav = document.querySelector(".lp-nav");
    if (!nav) return;
    apply(nav);
    if (nav.querySelector("li.lp-nav__step") && Object.keys(lp.progress.getIntake()).length) outline(nav).then(follow);
  }

  lp.marks = { apply: apply, badge: badge, intakeEffect: intakeEffect, sidebar: sidebar };

  lp.onPage(sidebar);
  ["sync", "intake", "shown"].forEach(function (type) { lp.progress.on(type, sidebar); });
})();
