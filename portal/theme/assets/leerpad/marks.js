/* Marks every step list item ([data-step-id], on the overview and in the sidebar) as done,
   recommended or mastered, and works out what the intake answers mean for a path. */
(function () {
  "use strict";
  var lp = window.leerpad;

  /** The step ids the chosen intake options recommend and mark mastered. */
  function intakeEffect(questions, answers) {
    var recommended = {}, mastered = {};
    (questions || []).forEach(function (q) {
      var index = answers[q.id];
      var option = index === undefined || index === null ? null : q.options[Number(index)];
      if (!option) return;
      (option.recommend || []).forEach(function (id) { recommended[id] = true; });
      (option.mastered || []).forEach(function (id) { mastered[id] = true; });
    });
    return { recommended: recommended, mastered: mastered, answered: Object.keys(answers || {}).length > 0 };
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
      var rec = item.querySelector(".lp-badge--recommended");
      if (rec) rec.hidden = !effect.recommended[id];
      var mas = item.querySelector(".lp-badge--mastered");
      if (mas) mas.hidden = !effect.mastered[id];
      var text = item.querySelector(".lp-step__done-text");
      if (text) text.textContent = done ? " – " + lp.t("state_done") : (item.classList.contains("lp-step") ? lp.t("state_todo") : "");
      var state = item.querySelector(".lp-step__state");
      if (state) state.setAttribute("data-state", done ? "done" : (effect.mastered[id] ? "mastered" : "todo"));
    });
  }

  lp.marks = { apply: apply, intakeEffect: intakeEffect };

  lp.onPage(function (doc) {
    var sidebar = doc.querySelector(".lp-nav");
    if (sidebar) apply(sidebar);
  });
})();
