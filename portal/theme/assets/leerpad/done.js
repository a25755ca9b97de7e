/* The done control of module and step pages, with the completion date and the renewal date. */
(function () {
  "use strict";
  var lp = window.leerpad;

  function addMonths(date, months) {
    var d = new Date(date.getTime());
    d.setMonth(d.getMonth() + months);
    return d;
  }

  function render(section, stepId) {
    var done = lp.progress.isDone(stepId);
    var button = section.querySelector(".lp-done__button");
    button.setAttribute("aria-pressed", done ? "true" : "false");
    button.textContent = lp.t(done ? "done_undo" : "done_mark");
    section.classList.toggle("is-done", done);
    var when = section.querySelector(".lp-done__when");
    var line = document.querySelector('[data-lp-state="' + stepId + '"]');
    var text = "";
    if (done) {
      var at = new Date(lp.progress.doneAt(stepId));
      text = lp.t("done_on", { date: lp.formatDate(at) });
      var months = Number(section.getAttribute("data-renew-months") || 0);
      if (months) {
        var due = addMonths(at, months);
        text += ". " + (due < new Date() ? lp.t("done_expired") : lp.t("done_renew", { date: lp.formatDate(due) }));
      }
    }
    [when, line].forEach(function (el) {
      if (!el) return;
      el.textContent = text;
      el.hidden = !done;
    });
  }

  function setup(section) {
    var stepId = section.getAttribute("data-lp-done");
    var status = section.querySelector(".lp-done__status");
    render(section, stepId);
    section.querySelector(".lp-done__button").addEventListener("click", function () {
      var done = !lp.progress.isDone(stepId);
      lp.progress.setDone(stepId, done);
      render(section, stepId);
      if (status) status.textContent = lp.t(done ? "done_status" : "undone_status");
      var sidebar = document.querySelector(".lp-nav");
      if (sidebar) lp.marks.apply(sidebar);
    });
  }

  lp.onPage(function (doc) {
    doc.querySelectorAll("[data-lp-done]").forEach(setup);
  });
  // Progress read back from the tracker (sync.js) may change what this page shows.
  lp.progress.on("sync", function () {
    document.querySelectorAll("[data-lp-done]").forEach(function (s) { render(s, s.getAttribute("data-lp-done")); });
  });
})();
