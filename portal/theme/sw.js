/* The role portal's service worker. The build replaces PRECACHE and VERSION (portal/offline.py).
   HTML: network first, the cache when offline. Assets: cache first. Other origins (the tracker)
   and non-GET requests are never touched. */
var VERSION = "dev", PRECACHE = [];
var SCOPE = self.registration.scope, CACHE = "leerpad:" + SCOPE + ":";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE + VERSION).then(function (cache) {
    return cache.addAll(PRECACHE.map(function (u) { return new URL(u, SCOPE).href; }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf(CACHE) === 0 && k !== CACHE + VERSION; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE + VERSION).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  if (request.mode === "navigate" || /\/$|\.html$/.test(new URL(request.url).pathname)) {
    event.respondWith(fetch(request).then(function (r) { return keep(request, r); }, function () {
      return caches.match(request, { ignoreSearch: true }).then(function (hit) {
        return hit || caches.match(SCOPE);
      });
    }));
    return;
  }
  event.respondWith(caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (r) { return keep(request, r); });
  }));
});
