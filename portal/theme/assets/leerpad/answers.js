/* Open answers (reflection prompts, preparation questions): restored and saved while typing. */
(function () {
  "use strict";
  var lp = window.leerpad;
  var DELAY = 400;

  function setup(section) {
    var stepId = section.getAttribute("data-step-id");
    var status = section.querySelector(".lp-answers__status");
    section.querySelectorAll("textarea").forEach(function (area) {
      var saved = lp.progress.getAnswer(stepId, area.name);
      if (typeof saved === "string") area.value = saved;
      var timer = null;
      function save() {
        clearTimeout(timer);
        timer = null;
        if ((lp.progress.getAnswer(stepId, area.name) || "") === area.value) return;
        lp.progress.setAnswer(stepId, area.name, area.value);
        if (status) status.textContent = lp.t("saved");
      }
      area.addEventListener("input", function () {
        if (status) status.textContent = "";
        clearTimeout(timer);
        timer = setTimeout(save, DELAY);
      });
      area.addEventListener("blur", save);
    });
  }

  lp.onPage(function (doc) {
    doc.querySelectorAll(".lp-answers").forEach(setup);
  });
  // Answers read back from the tracker (sync.js) show at once, except in the field being typed in.
  lp.progress.on("sync", function () {
    document.querySelectorAll(".lp-answers").forEach(function (section) {
      section.querySelectorAll("textarea").forEach(function (area) {
        var saved = lp.progress.getAnswer(section.getAttribute("data-step-id"), area.name);
        if (typeof saved === "string" && area !== document.activeElement) area.value = saved;
      });
    });
  });
})();
