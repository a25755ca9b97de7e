/* The path overview: done marks, the progress bar, the next step and what the intake says. */
(function () {
  "use strict";
  var lp = window.leerpad;

  function intakeQuestions(root) {
    var data = root.querySelector(".lp-intake-data");
    if (!data) return [];
    try { return JSON.parse(data.textContent); } catch (e) { return []; }
  }

  function count(obj) { return Object.keys(obj).length; }

  function renderProgress(root, steps) {
    var done = steps.filter(function (li) { return lp.progress.isDone(li.getAttribute("data-step-id")); }).length;
    var label = root.querySelector(".lp-progress__text");
    if (label) label.textContent = lp.fill(label.getAttribute("data-template"), { done: done, total: steps.length });
    var bar = root.querySelector(".lp-progress__bar");
    if (bar) {
      bar.setAttribute("aria-valuenow", String(done));
      bar.firstElementChild.style.width = (steps.length ? Math.round(100 * done / steps.length) : 0) + "%";
    }
  }

  /** The first step, in path order, that is still to do: required or recommended, not done, not mastered. */
  function nextStep(steps, effect) {
    for (var i = 0; i < steps.length; i++) {
      var li = steps[i], id = li.getAttribute("data-step-id");
      var wanted = li.getAttribute("data-required") === "true" || effect.recommended[id];
      if (wanted && !lp.progress.isDone(id) && !effect.mastered[id]) return li;
    }
    return null;
  }

  function renderNext(root, steps, effect) {
    var section = root.querySelector(".lp-next");
    if (!section) return;
    var body = section.querySelector(".lp-next__body");
    var li = nextStep(steps, effect);
    body.textContent = "";
    if (!li) {
      var p = document.createElement("p");
      p.textContent = section.getAttribute("data-none");
      body.appendChild(p);
      section.classList.add("is-complete");
      return;
    }
    section.classList.remove("is-complete");
    var link = li.querySelector(".lp-step__link").cloneNode(true);
    link.className = "lp-next__link";
    link.querySelectorAll(".lp-step__summary, .lp-step__done-text, .lp-step__state, [hidden]").forEach(function (el) { el.remove(); });
    body.appendChild(link);
  }

  function renderIntake(root, effect) {
    var text = root.querySelector(".lp-intake-cta__text");
    if (!text || !effect.answered) return;
    text.textContent = lp.fill(text.getAttribute("data-template"), {
      recommended: count(effect.recommended), mastered: count(effect.mastered)
    });
    var link = root.querySelector(".lp-intake-cta__link");
    if (link) link.textContent = link.getAttribute("data-change");
    root.querySelector(".lp-intake-cta").classList.add("is-answered");
  }

  function render(root) {
    var steps = Array.prototype.slice.call(root.querySelectorAll("li.lp-step"));
    var effect = lp.marks.intakeEffect(intakeQuestions(root), lp.progress.getIntake());
    lp.marks.apply(root, effect);
    renderProgress(root, steps);
    renderNext(root, steps, effect);
    renderIntake(root, effect);
  }

  lp.overview = { render: render, nextStep: nextStep };

  lp.onPage(function (doc) {
    var root = doc.querySelector('[data-lp-page="overview"]');
    if (root) render(root);
  });
})();
