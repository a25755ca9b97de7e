/* Inlined into the 404 pages (portal/scripts.py; allowed by its hash): links marked `data-roots`
   (portal folder names) point at the portal found in the address, or with `data-up` at the
   folder holding the portals (the role chooser). A host may serve a 404 page at any address. */
(function () {
  "use strict";
  var links = document.querySelectorAll("a[data-roots]"), path = location.pathname;
  for (var k = 0; k < links.length; k++) {
    var roots = links[k].getAttribute("data-roots").split(" ");
    for (var j = 0; j < roots.length; j++) {
      var at = path.indexOf("/" + roots[j] + "/");
      if (roots[j] && at >= 0) {
        links[k].href = path.slice(0, at + 1) + (links[k].hasAttribute("data-up") ? "" : roots[j] + "/");
        break;
      }
    }
  }
})();
