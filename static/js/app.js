// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Ask before destructive actions (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Sort selects submit their form on change.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Commune suggestions follow the chosen province.
  var province = document.getElementById("province");
  var list = document.getElementById("commune-list");
  if (province && list && list.dataset.communesUrl) {
    province.addEventListener("change", function () {
      var url = list.dataset.communesUrl.replace("__P__", encodeURIComponent(province.value));
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { communes: [] }; })
        .then(function (data) {
          list.replaceChildren.apply(list, data.communes.map(function (name) {
            var option = document.createElement("option");
            option.value = name;
            return option;
          }));
        });
    });
  }

  // Search suggestions as you type: product names fill the shared datalist.
  var suggestions = document.getElementById("search-suggestions");
  var suggestUrl = (document.querySelector("[data-suggest-url]") || {}).dataset;
  if (suggestions && suggestUrl && suggestUrl.suggestUrl) {
    var timer = null;
    var last = "";
    document.querySelectorAll("input[data-suggest]").forEach(function (input) {
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var typed = input.value.trim();
          if (typed.length < 2 || typed === last) { return; }
          last = typed;
          fetch(suggestUrl.suggestUrl + "?q=" + encodeURIComponent(typed), { headers: { Accept: "application/json" } })
            .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
            .then(function (data) {
              suggestions.replaceChildren.apply(suggestions, data.suggestions.map(function (name) {
                var option = document.createElement("option");
                option.value = name;
                return option;
              }));
            })
            .catch(function () { /* suggestions are optional */ });
        }, 150);
      });
    });
  }

  // What was typed survives a session that ended before the form was sent: the
  // server sends the POST to the login page (its data cannot follow), so the form's
  // fields are kept in this tab (sessionStorage, never passwords or files) and put
  // back when, after logging in, the same form opens again.
  var KEY = "marketplace.pending-form";
  var MAX_AGE_MS = 2 * 60 * 60 * 1000;
  var texts = document.body.dataset;
  function read() {
    try { return JSON.parse(window.sessionStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function write(value) {
    try {
      if (value) { window.sessionStorage.setItem(KEY, JSON.stringify(value)); }
      else { window.sessionStorage.removeItem(KEY); }
    } catch (e) { /* storage unavailable: nothing to keep */ }
  }
  function keepable(form) {
    return (form.method || "").toLowerCase() === "post" &&
      !form.hasAttribute("data-no-keep") &&
      !form.querySelector("input[type=password]");
  }
  function note(text, before) {
    var box = document.createElement("div");
    box.className = "alert alert-warning";
    box.setAttribute("role", "status");
    box.setAttribute("data-kept-input", "");
    box.textContent = text;
    before.parentNode.insertBefore(box, before);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.elements || !keepable(form)) { return; }
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.disabled) { return; }
      var type = (el.type || "").toLowerCase();
      if (type === "password" || type === "file" || type === "hidden" || type === "submit") { return; }
      if (type === "checkbox" || type === "radio") { fields.push([el.name, el.value, el.checked]); }
      else { fields.push([el.name, el.value, null]); }
    });
    if (fields.length) {
      write({ action: new URL(form.action, location.href).pathname, at: Date.now(), fields: fields });
    }
  });
  var pending = read();
  if (pending && Date.now() - pending.at > MAX_AGE_MS) { pending = null; write(null); }
  if (pending) {
    var login = document.querySelector("form[data-login-form]");
    var target = Array.prototype.find.call(document.forms, function (form) {
      return keepable(form) && new URL(form.action, location.href).pathname === pending.action;
    });
    if (login) {
      // Sent to log in: say that nothing is lost, and keep it for after.
      pending.sawLogin = true;
      write(pending);
      if (texts.keptMsg) { note(texts.keptMsg, login); }
    } else if (target && pending.sawLogin) {
      pending.fields.forEach(function (field) {
        var els = target.querySelectorAll("[name='" + field[0].replace(/'/g, "\\'") + "']");
        Array.prototype.forEach.call(els, function (el) {
          if (field[2] === null) { el.value = field[1]; }
          else if (el.value === field[1]) { el.checked = field[2]; }
        });
      });
      write(null);
      if (texts.restoredMsg) { note(texts.restoredMsg, target); }
    } else {
      write(null); // the form reached the server: nothing to put back
    }
  }
})();
