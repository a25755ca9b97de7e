/* Registers the portal's service worker (sw.js at the portal root): readable offline, installable.
   Only once the page has loaded and the browser is idle: precaching the portal must not compete
   with the page the reader opened. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  var base = ".";
  try { base = JSON.parse(document.getElementById("__config").textContent).base || "."; } catch (e) { /* default */ }
  var url = new URL(base + "/sw.js", location.href).href;

  function register() {
    navigator.serviceWorker.register(url).catch(function () { /* unsupported host */ });
  }
  function whenIdle() {
    if (window.requestIdleCallback) window.requestIdleCallback(register, { timeout: 3000 });
    else setTimeout(register, 1000);
  }
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle);
})();
