/* Material 9.8.1's inline head script, as a file for the Content-Security-Policy (no inline scripts):
   the globals its bundle uses. The scope (the site's base URL) comes from the script tag. */
var __md_scope = new URL(document.currentScript.getAttribute("data-scope"), location),
  __md_hash = function (e) { return Array.from(e).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0); },
  __md_get = function (e, _, t) {
    _ = _ === undefined ? localStorage : _;
    return JSON.parse(_.getItem((t || __md_scope).pathname + "." + e));
  },
  __md_set = function (e, _, t, a) {
    t = t === undefined ? localStorage : t;
    try { t.setItem((a || __md_scope).pathname + "." + e, JSON.stringify(_)); } catch (x) { /* storage blocked */ }
  };
