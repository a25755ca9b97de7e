/* The role portal's service worker. The build replaces PRECACHE and VERSION (portal/offline.py).
   HTML: network first, the cache when offline, else the offline page. Assets: cache first. Other origins (the tracker)
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

/* A page that is not cached, offline: the portal's offline page (self-contained, no assets),
   its base set to the portal so its links hold at whatever address it answers. */
function offlinePage() {
  return caches.match(new URL("offline/", SCOPE).href).then(function (page) {
    if (!page) return Response.error();
    return page.text().then(function (html) {
      return new Response(html.replace('<base href="../">', '<base href="' + SCOPE + '">'),
        { status: 503, statusText: "Offline", headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  if (request.mode === "navigate" || /\/$|\.html$/.test(new URL(request.url).pathname)) {
    event.respondWith(fetch(request).then(function (r) { return keep(request, r); }, function () {
      return caches.match(request, { ignoreSearch: true }).then(function (hit) {
        return hit || offlinePage();
      });
    }));
    return;
  }
  event.respondWith(caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (r) { return keep(request, r); });
  }));
});
