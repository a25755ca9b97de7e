/* Panels that are closed take no keyboard focus. Material's navigation drawer sits off screen
   while closed on phones and tablets (below 76.25em), and the search results' scroll area is
   invisible until search opens, but both stayed in the Tab order: focus vanished for ten stops.
   While closed they are `inert` (no focus, hidden from screen readers); opening lifts that.
   Focus that leaves an open search on a phone stays on screen (showFocus). */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 76.234375em)");

  function set(element, inert) {
    if (!element) return;
    if (inert) element.setAttribute("inert", "");
    else element.removeAttribute("inert");
  }

  function update() {
    var drawer = document.getElementById("__drawer"), search = document.getElementById("__search");
    if (drawer) set(document.querySelector(".md-sidebar--primary"), narrow.matches && !drawer.checked);
    if (search) set(document.querySelector(".md-search__output"), !search.checked);
  }

  /** On a phone Material locks the page while search is open and, when it closes, scrolls the page
      back to where it was. When search closed because Tab took focus out of it, the element that got
      focus may then be off screen: bring it into view once the lock is gone. */
  function showFocus() {
    if (document.body.hasAttribute("data-md-scrolllock")) return;
    var el = document.activeElement;
    if (!el || el === document.body || el.closest(".md-search")) return;
    var box = el.getBoundingClientRect();
    if (box.bottom <= 0 || box.top >= window.innerHeight) el.scrollIntoView({ block: "nearest" });
  }
  if (window.MutationObserver) {
    new MutationObserver(showFocus).observe(document.body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
  }

  document.addEventListener("change", function (event) {
    if (event.target && (event.target.id === "__drawer" || event.target.id === "__search")) update();
  });
  if (narrow.addEventListener) narrow.addEventListener("change", update);
  else if (narrow.addListener) narrow.addListener(update);
  window.leerpad.onPage(update);
})();
