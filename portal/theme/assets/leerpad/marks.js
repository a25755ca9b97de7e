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
