/* The knowledge check: per-question answers with per-option feedback and an explanation. */
(function () {
  "use strict";
  var lp = window.leerpad;

  function chosenIds(form) {
    return Array.prototype.map.call(form.querySelectorAll("input:checked"), function (i) { return i.value; });
  }

  function correctIds(form) {
    return Array.prototype.map.call(form.querySelectorAll('.lp-option[data-correct="true"]'), function (o) {
      return o.getAttribute("data-option-id");
    });
  }

  function sameSet(a, b) {
    return a.length === b.length && a.every(function (x) { return b.indexOf(x) !== -1; });
  }

  /** Show the outcome of `chosen` on the question form (feedback, explanation, live status). */
  function show(form, chosen, correct) {
    var feedback = [];
    form.querySelectorAll(".lp-option").forEach(function (option) {
      var id = option.getAttribute("data-option-id");
      var picked = chosen.indexOf(id) !== -1;
      var right = option.getAttribute("data-correct") === "true";
      option.classList.toggle("is-chosen", picked);
      option.classList.toggle("is-right", picked && right);
      option.classList.toggle("is-wrong", picked && !right);
      var fb = option.querySelector(".lp-option__feedback");
      if (fb) {
        fb.hidden = !picked;
        fb.setAttribute("aria-hidden", "true");
        if (picked) feedback.push(fb.textContent);
      }
    });
    form.classList.toggle("is-correct", correct);
    form.classList.toggle("is-incorrect", !correct);
    var result = form.querySelector(".lp-question__result");
    result.textContent = "";
    var head = document.createElement("strong");
    head.textContent = lp.t(correct ? "check_correct" : "check_incorrect");
    result.appendChild(head);
    if (feedback.length) result.appendChild(document.createTextNode(" " + feedback.join(" ")));
    var explanation = form.querySelector(".lp-question__explanation");
    if (explanation) explanation.hidden = false;
  }

  function renderScore(section, stepId) {
    var score = section.querySelector(".lp-check__score");
    if (!score) return;
    var answers = lp.progress.getAnswers(stepId);
    var answered = 0, right = 0;
    section.querySelectorAll(".lp-question").forEach(function (form) {
      var a = answers["check:" + form.getAttribute("data-question-id")];
      if (a) { answered++; if (a.correct) right++; }
    });
    score.textContent = answered ? lp.fill(score.getAttribute("data-template"), { correct: right, total: score.getAttribute("data-total") }) : "";
  }

  /** Show the kept answers of a check (on load, and when progress comes back from the tracker). */
  function restore(section) {
    var stepId = section.getAttribute("data-step-id");
    section.querySelectorAll(".lp-question").forEach(function (form) {
      var saved = lp.progress.getAnswer(stepId, "check:" + form.getAttribute("data-question-id"));
      var shown = form.matches(".is-correct, .is-incorrect") && sameSet(chosenIds(form), saved ? saved.chosen || [] : []);
      if (saved && saved.chosen && !shown) {  // only what changed: each result line is a live region
        form.querySelectorAll("input").forEach(function (i) { i.checked = saved.chosen.indexOf(i.value) !== -1; });
        show(form, saved.chosen, sameSet(saved.chosen, correctIds(form)));
      }
    });
    renderScore(section, stepId);
  }

  function setup(section) {
    var stepId = section.getAttribute("data-step-id");
    restore(section);
    section.querySelectorAll(".lp-question").forEach(function (form) {
      var qid = form.getAttribute("data-question-id");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var chosen = chosenIds(form);
        if (!chosen.length) {
          form.querySelector(".lp-question__result").textContent = lp.t("check_choose");
          return;
        }
        var correct = sameSet(chosen, correctIds(form));
        show(form, chosen, correct);
        lp.progress.setAnswer(stepId, "check:" + qid, { chosen: chosen, correct: correct });
        renderScore(section, stepId);
      });
    });
  }

  lp.onPage(function (doc) {
    doc.querySelectorAll(".lp-check").forEach(setup);
  });
  lp.progress.on("sync", function () { document.querySelectorAll(".lp-check").forEach(restore); });
})();
