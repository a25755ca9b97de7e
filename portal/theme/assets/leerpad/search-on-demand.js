/* Material's search fetches its index (125 KB on the demo) and starts its worker on every page
   load. This shim, inlined ahead of Material's bundle by the build (portal/scripts.py), holds the
   index request back and creates the worker only when the reader opens search (the search
   toggle, focus in the search form, Material's "/", "s", "f" keys), or at once when a page is
   opened from a search result (`?h=`, search.highlight). Nothing else is touched. */
(function () {
  "use strict";
  var opened = false, waiting = [];

  function open() {
    if (opened) return;
    opened = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  var xhrOpen = XMLHttpRequest.prototype.open, xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__lpSearchIndex = /\/search\/search_index\.json(\?|$)/.test(String(url));
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (opened || !xhr.__lpSearchIndex) return xhrSend.apply(xhr, args);
    waiting.push(function () { xhrSend.apply(xhr, args); });
  };

  var RealWorker = window.Worker;
  if (RealWorker && typeof EventTarget === "function") {
    var LazyWorker = function (url, options) {
      if (!/\/workers\/search\.[^\/]*\.js/.test(String(url))) return new RealWorker(url, options);
      var target = new EventTarget(), real = null;
      target.postMessage = function (message) {
        if (!real) {
          real = new RealWorker(url, options);
          real.addEventListener("message", function (event) {
            target.dispatchEvent(new MessageEvent("message", { data: event.data }));
          });
        }
        real.postMessage(message);
      };
      target.terminate = function () { if (real) real.terminate(); };
      return target;
    };
    LazyWorker.prototype = RealWorker.prototype;
    window.Worker = LazyWorker;
  }

  if (/[?&]h=/.test(location.search)) open();
  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) open();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) open();
  });
})();
