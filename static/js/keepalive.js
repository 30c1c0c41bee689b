/* The idle warning for logged-in users: shortly before the session would expire, a modal dialog
   counts down; its button extends the session, and at zero the user is logged out and the page
   reloads. Times are computed from the clock, so throttled timers in background tabs stay right. */
(function () {
  "use strict";
  var dialog = document.getElementById("keepalive-dialog");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var form = dialog.querySelector("form");
  var button = dialog.querySelector(".keepalive-button");
  var countdown = dialog.querySelector(".keepalive-countdown");
  var warning = parseInt(dialog.getAttribute("data-warning-seconds"), 10) || 60;
  var expiresAt = 0;
  var warnTimer = null;
  var tickTimer = null;

  function post(url) {
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    return fetch(url, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (response) { return response.json(); });
  }

  function schedule(seconds) {
    clearTimeout(warnTimer);
    clearInterval(tickTimer);
    expiresAt = Date.now() + seconds * 1000;
    warnTimer = setTimeout(open, Math.max(0, seconds - warning) * 1000);
  }

  function secondsLeft() {
    return Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000));
  }

  function render() {
    var left = secondsLeft();
    countdown.textContent = String(left);
    if (left <= 0) {
      clearInterval(tickTimer);
      expire();
    }
  }

  function open() {
    render();
    if (!dialog.open) { dialog.showModal(); }
    button.focus();
    tickTimer = setInterval(render, 1000);
  }

  function close() {
    clearInterval(tickTimer);
    if (dialog.open) { dialog.close(); }
  }

  function expire() {
    post(dialog.getAttribute("data-logout-url")).then(function (data) {
      if (data.logged_in) {
        // Active in another tab meanwhile: the server kept the session.
        close();
        schedule(data.expires_in);
      } else {
        window.location.reload();
      }
    }).catch(function () { window.location.reload(); });
  }

  function keepAlive() {
    post(form.action).then(function (data) {
      close();
      if (data.logged_in) { schedule(data.expires_in); } else { window.location.reload(); }
    }).catch(function () { window.location.reload(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    keepAlive();
  });
  // Escape means the user is here: keep the session rather than leave a silent countdown.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    keepAlive();
  });
  schedule(parseInt(dialog.getAttribute("data-session-seconds"), 10) || 1800);
})();
