/* The persistent outbox: xAPI requests wait in localStorage until the tracker confirms them.
   Statement ids are made in the browser, so a retry can never duplicate a statement.
   2xx -> dropped; 401 -> kept, onUnauthorized(); 408/429/5xx/offline -> kept for the next flush;
   any other 4xx -> moved to the dead letters with the tracker's message (never silently lost).
   A send works for the learner it started for: their list, token and endpoint, even when the
   learner of the page changes before the answer arrives. */
(function () {
  "use strict";
  var BATCH = 50, KEEPALIVE_BYTES = 60000;  // browsers allow 64 KB in flight for keepalive requests

  function Queue(opts) {
    this.o = opts;
    this.k = typeof opts.key === "function" ? opts.key : function () { return opts.key; };
    this.ready = opts.ready || function () { return true; };
    this.busy = null;
  }

  // A list that localStorage refused (full, blocked) lives on in memory for this page: never dropped.
  var memory = {};
  Queue.prototype.load = function (suffix, k) {
    var key = (k || this.k()) + (suffix || "");
    if (memory[key]) return memory[key].slice();
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  };
  Queue.prototype.save = function (list, suffix, k) {
    var key = (k || this.k()) + (suffix || "");
    try {
      if (list.length) localStorage.setItem(key, JSON.stringify(list)); else localStorage.removeItem(key);  // nothing left: no key
      delete memory[key];
    } catch (e) { memory[key] = list.slice(); }
  };
  Queue.prototype.pending = function () { return this.load(); };
  Queue.prototype.dead = function (k) { return this.load(":dead", k); };

  /** Dead letters the learner has not dismissed. */
  Queue.prototype.refused = function () { return this.dead().filter(function (d) { return !d.hide; }); };

  /** The learner dismissed the refused ones: kept (for support), no longer shown. */
  Queue.prototype.dismiss = function () {
    this.save(this.dead().map(function (d) { d.hide = 1; return d; }), ":dead");
  };

  /** Try the refused ones again (same ids, so never a duplicate); resolves like flush(). */
  Queue.prototype.retry = function () {
    var back = this.refused();
    this.save(this.dead().filter(function (d) { return d.hide; }), ":dead");
    this.save(this.load().concat(back.map(function (d) { return d.item; })));
    return this.flush();
  };

  /** Queue a statement (its id is set here when missing) and try to send it. */
  Queue.prototype.statement = function (st) {
    st.id = st.id || crypto.randomUUID();
    this.push({ id: st.id, s: st });
    return st;
  };

  /** Queue a document PUT (e.g. the State resource); a newer one with the same path replaces it. */
  Queue.prototype.document = function (path, body) {
    var list = this.load().filter(function (i) { return i.p !== path; });
    list.push({ id: crypto.randomUUID(), p: path, d: body });
    this.save(list);
    this.flush();
  };

  Queue.prototype.push = function (item) {
    var list = this.load();
    list.push(item);
    this.save(list);
    this.flush();
  };

  Queue.prototype.remove = function (ids, k) {
    this.save(this.load("", k).filter(function (i) { return ids.indexOf(i.id) === -1; }), "", k);
  };

  /** Whom a send is for: the list's key, the headers (token) and the endpoint, fixed when it starts. */
  Queue.prototype.at = function () { return { k: this.k(), h: this.o.headers(), e: this.o.endpoint() }; };

  Queue.prototype.request = function (method, path, body, c) {
    var headers = Object.assign({ "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3" }, c.h);
    return fetch(c.e + path, { method: method, headers: headers, body: JSON.stringify(body), mode: "cors", credentials: "omit" });
  };

  function message(res) {
    return res.json().then(function (j) {
      var e = j && j.error;
      return String((e && e.message) || (j && (j.message || j.detail)) || res.statusText || res.status);
    }, function () { return String(res.statusText || res.status); });
  }

  /** What to do with an answer: "ok", "auth" (401), "retry" (keep) or "dead". */
  function verdict(res) {
    if (res.ok) return "ok";
    if (res.status === 401) return "auth";
    if (res.status === 408 || res.status === 429 || res.status >= 500) return "retry";
    return "dead";
  }

  /** Send one item; resolves to true when the flush may go on. */
  Queue.prototype.sendOne = function (item, c) {
    var self = this;
    var req = item.s ? this.request("PUT", "statements?statementId=" + encodeURIComponent(item.id), item.s, c)
      : this.request("PUT", item.p, item.d, c);
    return req.then(function (res) {
      var v = verdict(res);
      if (v === "ok") { self.remove([item.id], c.k); return true; }
      if (v === "auth") { self.unauthorized(c.h); return false; }
      if (v === "retry") return false;
      return message(res).then(function (text) {
        var dead = self.dead(c.k);
        dead.push({ item: item, status: res.status, message: text, at: new Date().toISOString() });
        self.save(dead, ":dead", c.k);
        self.remove([item.id], c.k);
        if (self.o.onDead) self.o.onDead(item, res.status, text);
        return true;
      });
    }, function () { return false; });
  };

  Queue.prototype.unauthorized = function (h) { if (this.o.onUnauthorized) this.o.onUnauthorized(h); };

  /** Leading statements of the queue, as one batch (`bytes` counted form-encoded when `form`). */
  function batchOf(list, limit, bytes, form) {
    var out = [], size = 2;
    for (var i = 0; i < list.length && out.length < limit && list[i].s; i++) {
      var json = JSON.stringify(list[i].s), n = (form ? encodeURIComponent(json) : json).length + 3;
      if (out.length && size + n > bytes) break;
      out.push(list[i]);
      size += n;
    }
    return out;
  }

  Queue.prototype.step = function () {
    var self = this, c = this.at(), list = this.load("", c.k);
    if (!list.length || !this.ready()) return Promise.resolve(false);
    var batch = batchOf(list, BATCH, 1e6);
    if (batch.length < 2) return this.sendOne(list[0], c);
    return this.request("POST", "statements", batch.map(function (i) { return i.s; }), c).then(function (res) {
      var v = verdict(res);
      if (v === "ok") { self.remove(batch.map(function (i) { return i.id; }), c.k); return true; }
      if (v === "auth") { self.unauthorized(c.h); return false; }
      if (v === "retry") return false;
      return self.sendOne(batch[0], c);  // one of them is refused: find it statement by statement
    }, function () { return false; });
  };

  /** Send everything that waits, in order; one flush at a time. Resolves to the number left. */
  Queue.prototype.flush = function () {
    var self = this;
    if (this.busy) return this.busy;
    function loop() { return self.step().then(function (more) { return more ? loop() : null; }); }
    this.busy = loop().then(function () { self.busy = null; return self.load().length; },
      function () { self.busy = null; return self.load().length; });
    return this.busy;
  };

  /** A beacon (else a keepalive fetch) in xAPI's alternate syntax (a form POST, `?method=`): a CORS
      "simple" request, so no preflight has to succeed while the page is leaving. */
  Queue.prototype.keepalive = function (method, path, body) {
    var parts = path.split("?"), form = new URLSearchParams(parts[1] || ""), headers = this.o.headers();
    Object.keys(headers).forEach(function (k) { form.set(k, headers[k]); });
    form.set("X-Experience-API-Version", "1.0.3");
    form.set("Content-Type", "application/json");
    form.set("content", JSON.stringify(body));
    var url = this.o.endpoint() + parts[0] + "?method=" + method;
    if (!navigator.sendBeacon || !navigator.sendBeacon(url, form)) {
      fetch(url, { method: "POST", body: form, keepalive: true, mode: "no-cors", credentials: "omit" }).catch(function () {});
    }
  };

  /** On pagehide: send what waits with keepalive (at most ~60 KB); it stays queued until confirmed. */
  Queue.prototype.beacon = function () {
    var list = this.load();
    if (!list.length || !this.ready()) return 0;
    var batch = batchOf(list, 1000, KEEPALIVE_BYTES, true);
    try {
      if (batch.length) this.keepalive("POST", "statements", batch.map(function (i) { return i.s; }));
      else this.keepalive("PUT", list[0].p, list[0].d);
    } catch (e) { return 0; }
    return batch.length || 1;
  };

  /** Flush on online, pageshow and each page; beacon on pagehide. */
  Queue.prototype.bind = function (onPage) {
    var self = this, flush = function () { self.flush(); };
    window.addEventListener("online", flush);
    window.addEventListener("pageshow", flush);
    window.addEventListener("pagehide", function () { self.beacon(); });
    if (onPage) onPage(flush);
    return this;
  };

  window.leerpad = window.leerpad || {};
  window.leerpad.Queue = Queue;
})();
