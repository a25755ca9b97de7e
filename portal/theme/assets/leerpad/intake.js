/* The intake page: restores and keeps the self-assessment answers ({questionId: optionIndex}) and,
   with a tracker, whether the learner lets the coach read them (the consent box, off by default). */
(function () {
  "use strict";
  var lp = window.leerpad;

  function collect(form) {
    var answers = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      answers[input.name] = Number(input.value);
    });
    return answers;
  }

  /** The consent box's state, or undefined on a page without one (no tracker). */
  function consent(form) {
    var box = form.querySelector(".lp-intake__consent input");
    return box ? box.checked : undefined;
  }

  /** Check the kept answers (also after sync.js read them from the tracker, e.g. on another device). */
  function restore(form) {
    var saved = lp.progress.getIntake();
    form.querySelectorAll("input[type=radio]").forEach(function (input) {
      input.checked = saved[input.name] === Number(input.value);
    });
    var box = form.querySelector(".lp-intake__consent input");
    if (box) box.checked = lp.progress.getConsent();
  }

  function keep(form) { lp.progress.setIntake(collect(form), consent(form)); }

  function setup(root) {
    var form = root.querySelector(".lp-intake__form");
    if (!form) return;
    restore(form);
    form.addEventListener("change", function () { keep(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      keep(form);
      form.querySelector(".lp-intake__status").textContent = lp.t("intake_saved");
      form.querySelector(".lp-intake__next").hidden = false;
    });
  }

  lp.progress.on("sync", function () { document.querySelectorAll(".lp-intake__form").forEach(restore); });
  lp.onPage(function (doc) {
    var root = doc.querySelector('[data-lp-page="intake"]');
    if (root) setup(root);
  });
})();
