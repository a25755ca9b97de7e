/* Leerpad's namespace: role, UI strings and onPage(), which runs a function for every page
   (once on load and again after each of Material's instant navigations). */
(function () {
  "use strict";
  var el = document.getElementById("__leerpad");
  var config = {};
  try { config = JSON.parse(el ? el.textContent : "{}"); } catch (e) { config = {}; }
  var strings = config.strings || {};

  /** Look up a UI string and fill its {placeholders}. */
  function t(key, values) {
    var text = Object.prototype.hasOwnProperty.call(strings, key) ? String(strings[key]) : key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  /** Fill {placeholders} of a template string, e.g. one read from a data-template attribute. */
  function fill(template, values) {
    var text = String(template || "");
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  /** Run fn(document) for every page Material shows. */
  function onPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { fn(document); });
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { fn(document); });
    } else {
      fn(document);
    }
  }

  /** Format an ISO timestamp as a local date in the page's language. */
  function formatDate(value) {
    var date = value instanceof Date ? value : new Date(value);
    try {
      return date.toLocaleDateString(document.documentElement.lang || "nl", { day: "numeric", month: "long", year: "numeric" });
    } catch (e) {
      return date.toISOString().slice(0, 10);
    }
  }

  window.leerpad = window.leerpad || {};
  window.leerpad.role = config.role || "preview";
  window.leerpad.t = t;
  window.leerpad.fill = fill;
  window.leerpad.onPage = onPage;
  window.leerpad.formatDate = formatDate;
})();
