// Copy-link and print buttons: shown only when this script runs (without it, the plain share links remain).
(function () {
  "use strict";
  document.querySelectorAll("[data-share='copy']").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = button.parentNode.querySelector("[data-share='status']");
      // The clipboard API needs HTTPS; elsewhere the reader copies from a prompt.
      if (!navigator.clipboard) { window.prompt("", button.dataset.url); return; }
      navigator.clipboard.writeText(button.dataset.url).then(function () {
        if (status) { status.textContent = button.dataset.copied; }
      }, function () {
        window.prompt("", button.dataset.url);
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());
