/* Sign-in by personal link (cmi5's pattern): the one-time #code= is exchanged once at
   {tracker}/portal/session for a learner token kept in localStorage; the code leaves the
   address bar at once. A refused, expired or revoked sign-in gets a clear message. */
(function () {
  "use strict";
  var lp = window.leerpad;
  var el = document.getElementById("__leerpad");
  var cfg = {};
  try { cfg = JSON.parse(el.textContent).xapi || {}; } catch (e) { cfg = {}; }
  var text = cfg.text || {};
  var KEY = "leerpad:session:" + lp.role;
  var session = read();
  var notices = {};  // name -> {title, text, role, kind, buttons: [[label, fn]]}, shown on every page until removed

  function read() { try { return JSON.parse(localStorage.getItem(KEY)); } catch (e) { return null; } }
  function save() { try { localStorage.setItem(KEY, JSON.stringify(session)); } catch (e) { /* private mode */ } }
  function T(key, values) { return lp.fill(text[key] || key, values); }

  function valid() { return !!(session && session.token && Date.parse(session.expires_at) > Date.now()); }

  function emit(type) { document.dispatchEvent(new CustomEvent("leerpad:" + type, { detail: session })); }

  function add(parent, tag, cls, text) {
    var node = parent.appendChild(document.createElement(tag));
    if (cls) node.className = cls;
    node.textContent = text;
    return node;
  }

  /** Show the notices at the top of the page content (sign-in problems, unsaved answers, ...). */
  function show(doc) {
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

  function tell(title, message) { notice("signin", { title: T(title), text: T(message) }); }

  /** The token no longer works (expired or revoked): keep the learner (their queue waits), ask for a new link. */
  function expired() {
    if (session) { session.token = null; save(); }
    tell("signin_title", "session_expired");
  }

  function exchange(code) {
    return fetch(cfg.tracker + "/portal/session", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code: code }), credentials: "omit"
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        try { sessionStorage.removeItem(KEY); } catch (e) { /* ignore */ }
        if (res.ok && body.token) {
          session = body;
          save();
          notice("signin", null);
          emit("signin");
          return;
        }
        var reason = (body.error && body.error.code) || "unknown";
        tell("signin_title", "code_" + (["used", "expired"].indexOf(reason) === -1 ? "unknown" : reason));
      });
    }, function () {
      try { sessionStorage.setItem(KEY, code); } catch (e) { /* ignore */ }
      tell("signin_title", "signin_offline");
      window.addEventListener("online", function () { exchange(code); }, { once: true });
    });
  }

  lp.session = {
    enabled: !!cfg.tracker,
    config: cfg,
    T: T,
    actor: function () { return session && session.actor; },
    registration: function () { return session && session.registration; },
    learner: function () { return session && session.learner ? session.learner.id : null; },
    name: function () { return session && session.learner ? session.learner.name : ""; },
    token: function () { return valid() ? session.token : null; },
    endpoint: function () { return session ? session.endpoint : null; },
    expired: expired
  };
  lp.notice = notice;
  if (!cfg.tracker) return;

  var match = /[#&]code=([^&]+)/.exec(location.hash);
  var code = match ? decodeURIComponent(match[1]) : (function () { try { return sessionStorage.getItem(KEY); } catch (e) { return null; } })();
  if (match) history.replaceState(history.state, "", location.pathname + location.search);
  if (code) exchange(code);
  else if (session && !valid()) expired();
  lp.onPage(show);
})();
