/* When the server does not answer a callback (a worker timed out, a proxy gave up, the server failed), Dash keeps
   the view it had and says nothing. This says so, in the page's alert area (named by the page's data-trouble),
   until a callback asked for after the failure is answered. Ids and words come from the page, never written
   here. */
(function () {
  "use strict";
  var original = window.fetch;
  if (typeof original !== "function") {
    return;
  }
  var started = 0;     // callback requests sent so far
  var failedAt = -1;   // how many had been sent when the last failure was noticed

  // the page's words, in its language (assets/_page_words.js reads the app's data-words)
  var words = window.entanglePageWords.words;

  function area() {
    var app = document.querySelector("[data-trouble]");
    return app ? document.getElementById(app.getAttribute("data-trouble")) : null;
  }

  function say(text) {
    var el = area();
    if (el && el.textContent !== text) {
      el.textContent = text;
    }
  }

  function isCallback(input) {
    var url = typeof input === "string" ? input : (input && input.url) || String(input || "");
    return url.indexOf("_dash-update-component") !== -1;
  }

  function failed() {
    failedAt = started;
    say(words().trouble || "");
  }

  window.fetch = function (input) {
    var answer = original.apply(this, arguments);
    if (!isCallback(input)) {
      return answer;
    }
    var number = ++started;
    return answer.then(function (response) {
      if (!response.ok) {
        failed();
      } else if (failedAt >= 0 && number > failedAt) {  // asked for after the failure, and answered
        failedAt = -1;
        say("");
      }
      return response;
    }, function (error) {  // no answer at all: the network, or the server went away
      failed();
      throw error;
    });
  };
})();
