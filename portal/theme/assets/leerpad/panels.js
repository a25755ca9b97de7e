/* Panels that are closed take no keyboard focus. Material's navigation drawer sits off screen
   while closed on phones and tablets (below 76.25em), and the search results' scroll area is
   invisible until search opens, but both stayed in the Tab order: focus vanished for ten stops.
   While closed they are `inert` (no focus, hidden from screen readers); opening lifts that. */
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

  document.addEventListener("change", function (event) {
    if (event.target && (event.target.id === "__drawer" || event.target.id === "__search")) update();
  });
  if (narrow.addEventListener) narrow.addEventListener("change", update);
  else if (narrow.addListener) narrow.addListener(update);
  window.leerpad.onPage(update);
})();
