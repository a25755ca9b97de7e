/* "Mijn reflecties": the learner's own reflections from the tracker, private until shared with
   the coach (a new `shared` statement referring to the reflection). Also a sign-in line on the overview. */
(function () {
  "use strict";
  var lp = window.leerpad, S = lp.session;
  if (!S || !S.enabled) return;
  var T = S.T, base = ".", names = null;
  try { base = JSON.parse(document.getElementById("__config").textContent).base || "."; } catch (e) { /* default */ }
  var portal = new URL(base + "/", location.href).href;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  /** Activity id -> name, from the portal's xapi-manifest.json (cached by the service worker). */
  function loadNames() {
    names = names || fetch(portal + "xapi-manifest.json").then(function (r) { return r.json(); }).then(function (m) {
      var out = {};
      m.activities.forEach(function (a) { out[a.id] = a.name; });
      return out;
    }, function () { names = null; return {}; });
    return names;
  }

  function item(x, name) {
    var article = el("article", "lp-reflection");
    if (x.id) article.setAttribute("data-statement", x.id);
    var moduleId = x.object.split("#")[0];
    article.appendChild(el("h2", null, name[moduleId] || x.step));
    article.appendChild(el("p", "lp-reflection__prompt", name[x.object] || ""));
    article.appendChild(el("blockquote", "lp-reflection__text", x.text));
    var meta = el("p", "lp-reflection__meta", lp.formatDate(x.at) + " · ");
    var state = el("span", "lp-reflection__state", T(x.shared ? "reflection_shared" : "reflection_private"));
    meta.appendChild(state);
    article.appendChild(meta);
    var status = el("p", "lp-reflection__status");
    status.setAttribute("role", "status");
    if (!x.shared) {
      var button = el("button", "md-button lp-reflection__share", T("reflection_share"));
      button.type = "button";
      button.addEventListener("click", function () {
        lp.statements.share(x);
        x.shared = true;
        state.textContent = T("reflection_shared");
        status.textContent = T("reflection_share_done");
        button.remove();
      });
      article.appendChild(button);
    }
    article.appendChild(status);
    return article;
  }

  function render(root) {
    var list = root.querySelector(".lp-reflections__list");
    if (!S.token()) { list.textContent = T("reflections_signin"); return; }
    list.textContent = T("reflections_loading");
    Promise.all([lp.sync.pull(true), loadNames()]).then(function (got) {
      var folded = got[0], name = got[1];
      list.textContent = "";
      if (!folded) { list.textContent = T("reflections_offline"); return; }
      var order = Object.keys(name);
      folded.reflections.filter(function (x) { return x.text; }).sort(function (a, b) {
        return order.indexOf(a.object) - order.indexOf(b.object);
      }).forEach(function (x) { list.appendChild(item(x, name)); });
      if (!list.firstChild) list.textContent = T("reflections_empty");
      document.dispatchEvent(new CustomEvent("leerpad:reflections"));
    });
  }

  function whoami(doc) {
    var overview = doc.querySelector('[data-lp-page="overview"]');
    if (!overview || !S.learner() || overview.querySelector(".lp-whoami")) return;
    var line = el("p", "lp-whoami", T("signed_in", { name: S.name() }) + " · ");
    var link = el("a", null, T("reflections"));
    link.href = portal + "reflecties/";
    line.appendChild(link);
    overview.insertBefore(line, overview.firstChild);
  }

  document.addEventListener("leerpad:signin", function () { whoami(document); });
  lp.onPage(function (doc) {
    whoami(doc);
    var root = doc.querySelector('[data-lp-page="reflections"]');
    if (root) render(root);
  });
})();
