/* The path overview: done marks, the progress bar, the next step and what the intake says: steps it
   hides (listed under "Verborgen door je intake", each can be put back), requires or adds. */
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
      bar.setAttribute("aria-valuemax", String(steps.length));
      bar.firstElementChild.style.width = (steps.length ? Math.round(100 * done / steps.length) : 0) + "%";
    }
  }

  /** The first step, in path order, that is still to do: required (also by the intake), recommended or
      added, shown, not done, not mastered. */
  function nextStep(steps, effect) {
    for (var i = 0; i < steps.length; i++) {
      var li = steps[i], id = li.getAttribute("data-step-id");
      if (li.hidden) continue;
      var wanted = li.getAttribute("data-required") === "true" || effect.recommended[id] ||
        (effect.required || {})[id] || (effect.added || {})[id];
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
    var more = [];                                  // only what the intake did: "1 verplicht voor jou, 2 toegevoegd."
    if (count(effect.required)) more.push(lp.t("intake_more_required", { count: count(effect.required) }));
    if (count(effect.added)) more.push(lp.t("intake_more_added", { count: count(effect.added) }));
    if (count(effect.hidden)) more.push(lp.t("intake_more_hidden", { count: count(effect.hidden) }));
    if (more.length) text.textContent += " " + more.join(", ") + ".";
    var link = root.querySelector(".lp-intake-cta__link");
    if (link) link.textContent = link.getAttribute("data-change");
    root.querySelector(".lp-intake-cta").classList.add("is-answered");
  }

  /** Show or hide each step as the intake says: `offer: intake` steps only when added (or required),
      steps an answer hides not at all; a phase without a shown step is hidden too. */
  function renderShown(root, effect) {
    root.querySelectorAll("li.lp-step").forEach(function (li) {
      var id = li.getAttribute("data-step-id");
      var offered = li.getAttribute("data-offer") === "intake";
      li.hidden = !!effect.hidden[id] || (offered && !effect.added[id] && !effect.required[id]);
      var byIntake = !!effect.required[id] && li.getAttribute("data-required") !== "true";
      lp.marks.badge(li, "required", byIntake);
      lp.marks.badge(li, "added", offered && !!effect.added[id]);
      lp.marks.badge(li, "optional", li.getAttribute("data-required") !== "true" && !byIntake);
    });
    root.querySelectorAll(".lp-phase").forEach(function (phase) {
      phase.hidden = !phase.querySelector("li.lp-step:not([hidden])");
      var link = document.querySelector('.lp-nav a[href="#' + phase.id + '"]');   // the sidebar follows
      if (link) link.parentNode.hidden = phase.hidden;
    });
  }

  /** The "Verborgen door je intake" list: a link to each hidden step and a button that puts it back. */
  function renderHidden(root, effect) {
    var section = root.querySelector(".lp-hidden-steps");
    if (!section) return;
    var list = section.querySelector(".lp-hidden-steps__list"), ids = Object.keys(effect.hidden);
    list.textContent = "";
    root.querySelectorAll("li.lp-step").forEach(function (li) {
      var id = li.getAttribute("data-step-id");
      if (!effect.hidden[id]) return;
      var item = document.createElement("li"), link = document.createElement("a"), button = document.createElement("button");
      item.setAttribute("data-step-id", id);
      link.href = li.querySelector(".lp-step__link").getAttribute("href");
      link.textContent = li.querySelector(".lp-step__title").textContent;
      button.type = "button";
      button.className = "md-button lp-hidden-steps__show";
      button.textContent = list.getAttribute("data-show");
      button.addEventListener("click", function () { putBack(root, id); });
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(button);
      list.appendChild(item);
    });
    section.hidden = ids.length === 0;
  }

  function putBack(root, id) {
    lp.progress.showStep(id);
    render(root);
    var li = root.querySelector('li.lp-step[data-step-id="' + id + '"] .lp-step__link');
    if (li) li.focus();
  }

  /** "1 u 15 min", as the template's minutes macro writes it. */
  function minutes(m) {
    var nb = "\u00a0", text = m >= 60 ? Math.floor(m / 60) + nb + lp.t("hours_short") : "";
    if (m < 60 || m % 60) text += (text ? " " : "") + (m < 60 ? m : m % 60) + nb + lp.t("minutes_short");
    return text;
  }

  /** The facts (total time, required time, steps) for the steps shown, with the intake's requirements. */
  function renderFacts(root, shown, effect) {
    var total = 0, required = 0;
    shown.forEach(function (li) {
      var m = Number(li.getAttribute("data-minutes")) || 0;
      total += m;
      if (li.getAttribute("data-required") === "true" || effect.required[li.getAttribute("data-step-id")]) required += m;
    });
    var set = function (cls, text) { var el = root.querySelector(cls); if (el) el.textContent = text; };
    set(".lp-facts__total", minutes(total));
    set(".lp-facts__required", minutes(required));
    set(".lp-facts__count", String(shown.length));
  }

  function render(root) {
    var steps = Array.prototype.slice.call(root.querySelectorAll("li.lp-step"));
    var effect = lp.marks.intakeEffect(intakeQuestions(root), lp.progress.getIntake(), lp.progress.getShown());
    lp.marks.apply(root, effect);
    renderShown(root, effect);
    renderHidden(root, effect);
    var shown = steps.filter(function (li) { return !li.hidden; });
    renderFacts(root, shown, effect);
    renderProgress(root, shown);
    renderNext(root, shown, effect);
    renderIntake(root, effect);
  }

  lp.overview = { render: render, nextStep: nextStep };

  lp.onPage(function (doc) {
    var root = doc.querySelector('[data-lp-page="overview"]');
    if (root) render(root);
  });
})();
