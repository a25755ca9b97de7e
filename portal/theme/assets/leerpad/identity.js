/* Sign-in by personal link (cmi5's pattern): the one-time #code= is exchanged once at
   {tracker}/portal/session for a learner token kept in localStorage; the code leaves the address
   bar at once, however the link was opened (page load, hashchange, instant navigation).
   The signed-in script (SIGNED_IN in portal/stage/scripts.py) is loaded from here when needed.
   One learner at a time per browser: "Afmelden", or another learner's sign-in, ends the session
   at the tracker and removes that learner's data from the device (docs/xapi.md, shared devices). */
(function () {
  "use strict";
  var lp = window.leerpad;
  var el = document.getElementById("__leerpad");
  var cfg = {};
  try { cfg = JSON.parse(el.textContent).xapi || {}; } catch (e) { cfg = {}; }
  var text = cfg.text || {};
  var role = lp.role, KEY = "leerpad:session:" + role, NOTE = "leerpad:signedout:" + role;
  var session = read();
  var notices = {};  // name -> {title, text, role, kind, buttons: [[label, fn]]}, shown on every page until removed

  function read() { try { return JSON.parse(localStorage.getItem(KEY)); } catch (e) { return null; } }
  function save() { try { localStorage.setItem(KEY, JSON.stringify(session)); } catch (e) { /* private mode */ } }
  function T(key, values) { return lp.fill(text[key] || key, values); }
  function who(s) { return s && s.learner ? s.learner.id : null; }
  function drop(store, key) { try { store.removeItem(key); } catch (e) { /* blocked storage */ } }

  // A token lives 12 h after its last use (the tracker renews it) and never past renewable_until.
  function valid() { return !!(session && session.token && Date.parse(session.renewable_until || session.expires_at) > Date.now()); }

  function emit(type) { document.dispatchEvent(new CustomEvent("leerpad:" + type, { detail: session })); }

  /** The signed-in script (statements, sync, reflections, the coach's confirmations): loaded once,
      when somebody is or gets signed in on this device or a page shows what needs it; resolves when
      it has run. A visitor who never signs in does not download it. */
  var here = document.currentScript, later = null;
  function tracking() {
    if (later) return later;
    if (!cfg.script || lp.queue) return (later = Promise.resolve());
    later = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL(cfg.script, here && here.src ? here.src : location.href).href;
      script.onload = function () { resolve(); };
      script.onerror = function () {
        later = null;
        script.remove();
        window.addEventListener("online", tracking, { once: true });
        reject(new Error("not loaded: " + script.src));
      };
      document.head.appendChild(script);
    });
    return later;
  }
  function whenTracking(fn) { return tracking().then(fn, function () { /* offline: loaded again when online */ }); }

  function add(parent, tag, cls, text) {
    var node = parent.appendChild(document.createElement(tag));
    if (cls) node.className = cls;
    node.textContent = text;
    return node;
  }

  /** Show the notices at the top of the page content (sign-in problems, unsaved answers, ...) and
      the header's "Afmelden" while someone is signed in on this device. */
  function show(doc) {
    doc.querySelectorAll(".lp-signout").forEach(function (b) {
      b.hidden = !who(session);
      b.title = who(session) ? T("signed_in", { name: session.learner.name }) : "";
    });
    doc.querySelectorAll(".lp-notice").forEach(function (box) { box.remove(); });
    var host = doc.querySelector(".md-content__inner") || doc.querySelector("main") || doc.body;
    Object.keys(notices).forEach(function (name) {
      var n = notices[name], box = doc.createElement("div");
      box.className = "lp-notice lp-" + name + " admonition " + (n.kind || "warning");
      box.setAttribute("role", n.role || "alert");
      add(box, "p", "admonition-title", n.title);
      add(box, "p", null, n.text);
      (n.buttons || []).forEach(function (b) {
        var button = add(box, "button", "md-button", b[0]);
        button.type = "button";
        button.onclick = function () {
          b[1]();
          var h1 = doc.querySelector("h1");  // the notice is gone: keep keyboard focus on the page
          if (h1 && !box.isConnected) { h1.tabIndex = -1; h1.focus(); }
        };
      });
      host.insertBefore(box, host.firstChild);
    });
  }

  /** Show notice `name` on this and every later page; null removes it. */
  function notice(name, n) {
    if (n) notices[name] = n; else delete notices[name];
    show(document);
  }

  function tell(title, message, values) { notice("signin", { title: T(title), text: T(message, values) }); }

  /** The token no longer works (expired or revoked): keep the learner (their queue waits), ask for a
      new link. `token`: the one that was refused; an answer for an earlier token changes nothing. */
  function expired(token) {
    if (session && token && token !== session.token) return;
    if (session) { session.token = null; save(); }
    tell("signin_title", "session_expired");
  }

  function revoke(token) {
    return token ? fetch(cfg.tracker + "/portal/session", {
      method: "DELETE", headers: { Authorization: "Bearer " + token }, credentials: "omit", keepalive: true
    }).catch(function () { /* offline: the token is gone from the device and ends 12 h after its last use */ }) : null;
  }

  /** End `old`'s session on this device: old's progress and private text are removed at once; typed
      text still waiting and the queue are sent with old's own token, then the token is revoked. What
      could not be sent stays in old's own queue, for old's next sign-in here. Resolves to that count. */
  function end(old) {
    document.dispatchEvent(new CustomEvent("leerpad:leave"));  // debounced answers become statements now
    session = null;                                            // answers still arriving for old are dropped
    var id = who(old), q = "leerpad:queue:" + role + ":" + id;
    // The session key first: other tabs of old reload (storage event).
    [KEY, "leerpad:" + role + ":" + id + ":v1", "leerpad:" + role + ":v1", q + ":dead"].forEach(function (k) { drop(localStorage, k); });
    return tracking().then(function () {
      var queue = new lp.Queue({ key: q, endpoint: function () { return old.endpoint; },
        headers: function () { return { Authorization: "Bearer " + old.token }; }, ready: function () { return !!old.token; } });
      return queue.flush();
    }, function () {  // the sending script could not be loaded (offline): old's queue waits for old
      try { return JSON.parse(localStorage.getItem(q) || "[]").length; } catch (e) { return 0; }
    }).then(function (left) {
      if (!left) drop(localStorage, q);
      return Promise.resolve(revoke(old.token)).then(function () { return left; });
    });
  }

  /** "Afmelden": end the session, then a fresh page that says so; the next person starts clean. */
  function signOut() {
    if (!session) return;
    end(session).then(function (left) {
      drop(sessionStorage, KEY);
      try { sessionStorage.setItem(NOTE, left); } catch (e) { /* no note */ }
      location.reload();
    });
  }

  function exchange(code) {
    return fetch(cfg.tracker + "/portal/session", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code: code }), credentials: "omit"
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        drop(sessionStorage, KEY);
        if (res.ok && body.token) {
          var old = session, other = who(old) && who(old) !== who(body);
          return (other ? end(old) : Promise.resolve()).then(function () {
            session = body;
            save();
            notice("signin", null);
            if (other) location.reload();  // nothing of the previous learner stays on the page
            else whenTracking(function () { emit("signin"); });
          });
        }
        if (res.status === 429) {  // too many refused codes from this network: keep the code, try again later
          var wait = Math.max(1, +res.headers.get("Retry-After") || 60);
          try { sessionStorage.setItem(KEY, code); } catch (e) { /* ignore */ }
          tell("signin_title", "signin_wait", { seconds: wait });
          setTimeout(function () { exchange(code); }, wait * 1000);
          return;
        }
        var reason = (body.error && body.error.code) || "unknown";
        tell("signin_title", { used: "code_used", expired: "code_expired" }[reason] || "code_unknown");  // keys named whole: the build keeps what the page names
      });
    }, function () {
      try { sessionStorage.setItem(KEY, code); } catch (e) { /* ignore */ }
      tell("signin_title", "signin_offline");
      window.addEventListener("online", function () { exchange(code); }, { once: true });
    });
  }

  /** Run fn once every script of the page is listening (at once on later pages). */
  function ready(fn) { if (loaded) fn(); else document.addEventListener("DOMContentLoaded", fn); }
  var loaded = false;
  document.addEventListener("DOMContentLoaded", function () { loaded = true; });

  /** A personal link in the address bar: take the code out at once and exchange it. */
  function check() {
    var match = /[#&]code=([^&]+)/.exec(location.hash);
    if (!match) return;
    history.replaceState(history.state, "", location.pathname + location.search);
    ready(function () { exchange(decodeURIComponent(match[1])); });
  }

  /** Another tab signed in or out, or this page came back from the back-forward cache: a page that
      shows another learner than the one signed in now is loaded again. */
  function recheck() {
    var now = read();
    if (who(now) !== who(session)) location.reload();
    else session = now;
  }

  lp.session = {
    enabled: !!cfg.tracker,
    config: cfg,
    T: T,
    actor: function () { return session && session.actor; },
    registration: function () { return session && session.registration; },
    learner: function () { return who(session); },
    name: function () { return session && session.learner ? session.learner.name : ""; },
    token: function () { return valid() ? session.token : null; },
    endpoint: function () { return session ? session.endpoint : null; },
    expired: expired,
    signOut: signOut,
    tracking: tracking
  };
  lp.notice = notice;
  if (!cfg.tracker) return;

  var left = null;
  try { left = sessionStorage.getItem(NOTE); sessionStorage.removeItem(NOTE); } catch (e) { /* none */ }
  if (left !== null) {
    notice("signedout", { title: T("signed_out_title"), text: T(+left ? "signed_out_kept" : "signed_out_text", { count: left }),
      role: "status", kind: "success", buttons: [[T("close"), function () { notice("signedout", null); }]] });
  }
  var pending = null;
  try { pending = sessionStorage.getItem(KEY); } catch (e) { /* none */ }
  if (/[#&]code=/.test(location.hash)) check();
  else if (pending) ready(function () { exchange(pending); });
  else if (session && !valid()) expired();
  if (session || pending || /[#&]code=/.test(location.hash)) whenTracking(function () { /* listening now */ });
  window.addEventListener("hashchange", check);
  window.addEventListener("storage", function (e) { if (!e.key || e.key === KEY) recheck(); });
  window.addEventListener("pageshow", function (e) { if (e.persisted) recheck(); });
  document.addEventListener("click", function (e) { if (e.target.closest(".lp-signout")) signOut(); });
  lp.onPage(function (doc) {
    check();
    show(doc);
    if (doc.querySelector('[data-lp-page="reflections"]')) whenTracking(function () { /* it renders the page */ });
  });
})();
