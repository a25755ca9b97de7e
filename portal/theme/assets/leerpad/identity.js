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
  var notice = null;  // [title, message] shown on every page until it no longer applies

  function read() { try { return JSON.parse(localStorage.getItem(KEY)); } catch (e) { return null; } }
  function save() { try { localStorage.setItem(KEY, JSON.stringify(session)); } catch (e) { /* private mode */ } }
  function T(key, values) { return lp.fill(text[key] || key, values); }

  function valid() { return !!(session && session.token && Date.parse(session.expires_at) > Date.now()); }

  function emit(type) { document.dispatchEvent(new CustomEvent("leerpad:" + type, { detail: session })); }

  /** Show a message at the top of the page content (role=alert), replacing an older one. */
  function show(doc) {
    var old = doc.querySelector(".lp-signin");
    if (old) old.remove();
    if (!notice) return;
    var box = doc.createElement("div");
    box.className = "lp-signin admonition warning";
    box.setAttribute("role", "alert");
    var h = doc.createElement("p");
    h.className = "admonition-title";
    h.textContent = notice[0];
    var p = doc.createElement("p");
    p.textContent = notice[1];
    box.appendChild(h);
    box.appendChild(p);
    var host = doc.querySelector(".md-content__inner") || doc.querySelector("main") || doc.body;
    host.insertBefore(box, host.firstChild);
  }

  function tell(title, message) { notice = [T(title), T(message)]; show(document); }

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
          notice = null;
          show(document);
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
  if (!cfg.tracker) return;

  var match = /[#&]code=([^&]+)/.exec(location.hash);
  var code = match ? decodeURIComponent(match[1]) : (function () { try { return sessionStorage.getItem(KEY); } catch (e) { return null; } })();
  if (match) history.replaceState(history.state, "", location.pathname + location.search);
  if (code) exchange(code);
  else if (session && !valid()) expired();
  lp.onPage(show);
})();
