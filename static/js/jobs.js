// Follows background jobs shown by the job_progress macro (templates/macros/jobs.html).
// Without this file the page still works: its "Refresh" link re-renders the state.
(function () {
  "use strict";

  var POLL_MS = 1000;
  var MAX_BACKOFF_MS = 10000;

  function watch(box) {
    if (box.dataset.jobWatched) {
      return;
    }
    box.dataset.jobWatched = "1";
    var status = box.dataset.jobStatus;
    if (status === "succeeded" || status === "failed") {
      return;
    }
    var bar = box.querySelector("[data-job-bar]");
    var text = box.querySelector("[data-job-text]");
    var live = box.querySelector("[data-job-live]");
    var error = box.querySelector("[data-job-error]");
    var announced = "";
    var delay = POLL_MS;

    // Screen readers hear stage changes and every tenth, not every second.
    function announce(data) {
      var step = data.percent === null ? "" : String(Math.floor(data.percent / 10));
      var key = data.status + "|" + data.stage + "|" + step;
      if (key !== announced) {
        announced = key;
        live.textContent = data.text;
      }
    }

    function show(data) {
      text.textContent = data.text;
      if (data.total > 0) {
        bar.max = data.total;
        bar.value = Math.min(data.done, data.total);
        bar.textContent = data.percent + "%";
      } else {
        bar.removeAttribute("value");
      }
      announce(data);
    }

    // The alert alone tells what went wrong: the progress text, the live region
    // (the alert is announced itself) and the Refresh link would only repeat it.
    function fail(message) {
      bar.hidden = true;
      text.hidden = true;
      live.textContent = "";
      error.textContent = message;
      error.hidden = false;
      var refresh = box.querySelector("[data-job-refresh]");
      if (refresh) {
        refresh.hidden = true;
      }
      var failedUrl = box.dataset.failedUrl;
      if (failedUrl) {
        window.location.assign(failedUrl);
      }
    }

    function poll() {
      fetch(box.dataset.jobStatusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store"
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (answer) {
          delay = POLL_MS;
          if (!answer.ok) {
            // 403/404: nothing more to follow here.
            fail(answer.data.error ? answer.data.error.detail : "");
            return;
          }
          var data = answer.data;
          show(data);
          if (data.status === "succeeded") {
            window.location.assign(box.dataset.doneUrl);
          } else if (data.status === "failed") {
            fail(data.message || data.text);
          } else {
            window.setTimeout(poll, POLL_MS);
          }
        })
        .catch(function () {
          // Offline or the server restarting: try again, less often.
          delay = Math.min(delay * 2, MAX_BACKOFF_MS);
          window.setTimeout(poll, delay);
        });
    }

    window.setTimeout(poll, POLL_MS);
  }

  document.querySelectorAll("[data-job-status-url]").forEach(watch);
})();
