// The 打印 buttons: print the page with its print stylesheet (no inline script: our CSP).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
