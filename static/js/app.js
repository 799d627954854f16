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
})();
