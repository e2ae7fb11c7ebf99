// LawTrail 打印 buttons (issue 10 item 7), on documents and public decisions: each `[data-print]`
// is shown (a page may keep it hidden until this script runs) and prints the page with its print
// stylesheet (site.css, @media print: no navigation, no buttons). No inline script: our CSP.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());
