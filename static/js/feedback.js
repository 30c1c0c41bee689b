/* Readers' comments and ratings without a page reload. The forms work without this script too:
   whatever goes wrong here (no JSON, no network), the form is sent the ordinary way instead. */
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function say(box, text, ok) {
    if (!box) { return; }
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "feedback-message " + (ok ? "feedback-success" : "feedback-error");
    p.textContent = text;
    box.appendChild(p);
  }

  function send(form) {
    var headers = { "Accept": "application/json" };
    var token = csrfToken(form);
    if (token) { headers["X-CSRFToken"] = token; }
    return fetch(form.action, {
      method: "POST", body: new FormData(form), headers: headers, credentials: "same-origin"
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) { throw new Error("not json"); }
      return response.json();
    });
  }

  function clearErrors(form) {
    form.querySelectorAll(".js-error").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
    });
  }

  function showErrors(form, errors) {
    var first = null;
    Object.keys(errors || {}).forEach(function (name) {
      var field = form.elements[name];
      if (!field || !field.id) { return; }
      var list = document.createElement("ul");
      list.className = "errorlist js-error";
      list.id = field.id + "_error";
      errors[name].forEach(function (error) {
        var item = document.createElement("li");
        item.textContent = error.message;
        list.appendChild(item);
      });
      field.insertAdjacentElement("afterend", list);
      field.setAttribute("aria-invalid", "true");
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (described.indexOf(list.id) === -1) { described.push(list.id); }
      field.setAttribute("aria-describedby", described.join(" "));
      first = first || field;
    });
    if (first) { first.focus(); }
  }

  function wire(form, onSuccess, onFailure) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("[type=submit]");
      if (button) { button.disabled = true; }
      send(form).then(function (data) {
        if (button) { button.disabled = false; }
        if (data.ok) { onSuccess(data); } else { onFailure(data); }
      }).catch(function () {
        form.submit();
      });
    });
  }

  var commentForm = document.getElementById("comment-form");
  if (commentForm) {
    var commentStatus = document.querySelector("[data-feedback=comment-status]");
    wire(commentForm, function (data) {
      clearErrors(commentForm);
      say(commentStatus, data.message, true);
      if (data.html) {
        var list = document.querySelector("[data-feedback=comment-list]");
        list.insertAdjacentHTML("beforeend", data.html);
        list.hidden = false;
        var empty = document.querySelector("[data-feedback=comment-empty]");
        if (empty) { empty.remove(); }
      }
      document.querySelectorAll("[data-article=comments]").forEach(function (node) {
        node.textContent = data.count_display;
      });
      commentForm.elements.body.value = "";
    }, function (data) {
      clearErrors(commentForm);
      say(commentStatus, data.message, false);
      if (data.rendered && commentForm.elements.rendered) { commentForm.elements.rendered.value = data.rendered; }
      showErrors(commentForm, data.errors);
    });
  }

  var ratingForm = document.getElementById("rating-form");
  if (ratingForm) {
    var ratingStatus = document.querySelector("[data-feedback=rating-status]");
    wire(ratingForm, function (data) {
      say(ratingStatus, data.message, true);
      var line = document.querySelector("[data-feedback=rating-line]");
      if (line && data.line_html) { line.innerHTML = data.line_html; }
    }, function (data) {
      say(ratingStatus, data.message, false);
    });
  }
})();
