/* "Mijn verplichtingen" on the path overview: what is due when and valid until when (tracker
   GET /portal/verplichtingen with the learner's token), and a certificate upload where a
   certificate is the evidence (POST /portal/verplichtingen/<id>/certificaat). */
(function () {
  "use strict";
  var lp = window.leerpad, S = lp.session;
  if (!S || !S.enabled) return;
  var TEXT = {
    nl: { title: "Mijn verplichtingen", intro: "Wat je moet kunnen aantonen, en tot wanneer het geldig is.",
      valid_until: "geldig tot {date}", for_good: "blijvend geldig", due: "uiterlijk {date}",
      upload: "Certificaat toevoegen", file: "Foto of scan (PDF, JPEG of PNG)", date: "Datum van het certificaat",
      until: "Geldig tot (als het erop staat)", send: "Opslaan", saved: "Je certificaat is opgeslagen.",
      failed: "Opslaan lukte niet: {reason}", none: "Er zijn nu geen verplichtingen voor jou.",
      too_big: "Het bestand is te groot (hoogstens {mb} MB)." },
    en: { title: "My obligations", intro: "What you must be able to prove, and until when it is valid.",
      valid_until: "valid until {date}", for_good: "valid for good", due: "due {date}",
      upload: "Add a certificate", file: "Photo or scan (PDF, JPEG or PNG)", date: "Date of the certificate",
      until: "Valid until (if stated)", send: "Save", saved: "Your certificate has been saved.",
      failed: "Saving failed: {reason}", none: "You have no obligations right now.",
      too_big: "The file is too large (at most {mb} MB)." }
  };
  var lang = (document.documentElement.lang || "nl").slice(0, 2) === "en" ? "en" : "nl";
  function T(key, values) { return lp.fill(TEXT[lang][key], values); }

  function url(path) {
    var endpoint = S.endpoint();
    return endpoint ? endpoint.replace(/xapi\/?$/, "") + "portal/verplichtingen" + (path || "") : null;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function when(item) {
    if (item.status === "geldig" && item.valid_until) return T("valid_until", { date: lp.formatDate(item.valid_until) });
    if (item.status === "geldig") return T("for_good");
    return item.due ? T("due", { date: lp.formatDate(item.due) }) : "";
  }

  function uploadForm(item, data, status) {
    var details = el("details", "lp-obligation__upload");
    details.appendChild(el("summary", null, T("upload")));
    var form = el("form");
    form.noValidate = false;
    var id = "lp-ob-" + item.id;
    [["file", "file", T("file")], ["date", "date", T("date")], ["valid_until", "date", T("until")]].forEach(function (f) {
      var label = el("label", null, f[2]);
      label.htmlFor = id + "-" + f[0];
      var input = el("input");
      input.type = f[1];
      input.name = f[0];
      input.id = id + "-" + f[0];
      if (f[0] === "file") { input.accept = "application/pdf,image/jpeg,image/png"; input.required = true; }
      if (f[0] === "date") { input.required = true; input.max = data.date; }
      form.appendChild(el("p")).append(label, el("br"), input);
    });
    var button = el("button", "md-button md-button--primary", T("send"));
    button.type = "submit";
    form.appendChild(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var file = form.elements.file.files[0];
      if (file && file.size > data.max_file_bytes) {
        status.textContent = T("too_big", { mb: Math.floor(data.max_file_bytes / 1048576) });
        return;
      }
      button.disabled = true;
      fetch(url("/" + encodeURIComponent(item.id) + "/certificaat"), {
        method: "POST", body: new FormData(form), headers: { Authorization: "Bearer " + S.token() }
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          button.disabled = false;
          if (r.status === 401) { S.expired(); return; }
          if (!r.ok) {
            status.textContent = T("failed", { reason: (body.error && body.error.message) || r.status });
            return;
          }
          status.textContent = T("saved");
          load(T("saved"));   // the list again, with the new status; the message stays
        });
      }, function (e) { button.disabled = false; status.textContent = T("failed", { reason: e.message }); });
    });
    details.appendChild(form);
    return details;
  }

  /** The section from the tracker's `data`; `message` (e.g. "saved") in its status line. */
  function render(doc, data, message) {
    var host = doc.querySelector(".lp-overview");
    if (!host) return;
    var old = host.querySelector(".lp-obligations");
    var section = el("section", "lp-obligations");
    section.setAttribute("aria-labelledby", "lp-obligations-title");
    var title = section.appendChild(el("h2", null, T("title")));
    title.id = "lp-obligations-title";
    section.appendChild(el("p", null, data.items.length ? T("intro") : T("none")));
    var status = el("p", "lp-obligations__status", message || "");
    status.setAttribute("role", "status");
    var list = section.appendChild(el("ul", "lp-obligations__list"));
    data.items.forEach(function (item) {
      var li = list.appendChild(el("li", "lp-obligation lp-obligation--" + item.status));
      li.setAttribute("data-requirement", item.id);
      li.appendChild(el("strong", null, item.title + (item.level ? " (" + item.level + ")" : "")));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "lp-obligation__status", item.label));
      var date = when(item);
      if (date) li.appendChild(el("span", "lp-obligation__date", " · " + date));
      if (item.upload && item.status !== "geldig") li.appendChild(uploadForm(item, data, status));
    });
    section.appendChild(status);
    if (old) old.replaceWith(section);
    else {
      var next = host.querySelector(".lp-next");
      host.insertBefore(section, next ? next.nextSibling : host.firstChild);
    }
  }

  function load(message) {
    var token = S.token(), target = url(""), who = S.learner();
    if (!token || !target || !document.querySelector(".lp-overview")) return;
    fetch(target, { headers: { Authorization: "Bearer " + token }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && S.learner() === who) render(document, data, message); }, function () { /* offline */ });
  }

  function refresh() { load(""); }

  lp.obligations = { refresh: refresh };
  lp.onPage(refresh);
  document.addEventListener("leerpad:signin", refresh);
})();
