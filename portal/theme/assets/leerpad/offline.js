/* Registers the portal's service worker (sw.js at the portal root): readable offline, installable. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  var base = ".";
  try { base = JSON.parse(document.getElementById("__config").textContent).base || "."; } catch (e) { /* default */ }
  navigator.serviceWorker.register(new URL(base + "/sw.js", location.href).href).catch(function () { /* unsupported host */ });
})();
