/* A file larger than the upload limit is dropped by the upload zone without a word (dcc.Upload's max_size). This
   says which file, how large it is, the limit and what to do instead, in the upload's status line. The zone, the
   status line and the limit come from the page (data-upload, data-upload-status, data-upload-max-bytes), and so do
   the words, in the page's language (data-upload-words: network/ui/upload_layout.py, too_large_words).

   Dash renders the status line's own text: when some files of a drop were taken, their answer replaces what is
   in it, so the message is kept in an element of its own there and put back until the next drop or pick. */
(function () {
  "use strict";
  var message = null;  // the element saying which files were too large, while it applies
  var watched = null;  // the status line the observer watches

  function page() {
    return document.querySelector("[data-upload-max-bytes]");
  }

  function said(app) {  // the page's words: {one, many, named, unnamed, decimal}
    try {
      return JSON.parse(app.getAttribute("data-upload-words") || "{}");
    } catch (e) {
      return {};
    }
  }

  function fill(text, values) {  // "{files} is larger than {limit}" with the values put in
    return String(text || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function human(n, decimal) {  // as network.io.limits.human_bytes writes sizes, with the page's decimal mark
    var units = [["GB", 1073741824], ["MB", 1048576], ["KB", 1024]];
    for (var i = 0; i < units.length; i++) {
      if (n >= units[i][1]) {
        var value = n / units[i][1];
        var shown = value >= 10 || value === Math.floor(value) ? value.toFixed(0) : value.toFixed(1);
        return shown.replace(".", decimal || ".") + " " + units[i][0];
      }
    }
    return n + " bytes";
  }

  function statusLine(app) {
    return document.getElementById(app.getAttribute("data-upload-status"));
  }

  function keep() {  // put the message back if Dash replaced the status line's content
    var app = page();
    var status = app && statusLine(app);
    if (message && status && message.parentNode !== status) {
      status.appendChild(message);
    }
  }

  function watch(status) {
    if (watched === status || typeof MutationObserver !== "function") {
      return;
    }
    watched = status;
    new MutationObserver(keep).observe(status, {childList: true, characterData: true, subtree: true});
  }

  function words(app, big, limit) {
    var w = said(app);
    var named = big.map(function (f) {
      return fill(w.named, {name: f.name || w.unnamed || "", size: human(f.size, w.decimal)});
    });
    return fill(big.length > 1 ? w.many : w.one, {files: named.join(", "), limit: human(limit, w.decimal)});
  }

  function check(files) {
    var app = page();
    var status = app && statusLine(app);
    if (!status) {
      return;
    }
    var limit = parseInt(app.getAttribute("data-upload-max-bytes"), 10);
    var big = Array.prototype.filter.call(files || [], function (f) { return f.size > limit; });
    if (message && message.parentNode) {
      message.parentNode.removeChild(message);
    }
    message = null;
    if (!big.length || !(limit > 0)) {
      return;
    }
    var text = words(app, big, limit);
    if (!text) {
      return;
    }
    message = document.createElement("p");
    message.className = "upload-too-large error";
    message.textContent = text;
    watch(status);
    status.appendChild(message);
  }

  function inZone(target) {
    var app = page();
    var zone = app && document.getElementById(app.getAttribute("data-upload"));
    return Boolean(zone && target && zone.contains(target));
  }

  // capture phase: seen before the upload zone's own handlers take the files (and drop the large ones)
  document.addEventListener("change", function (e) {
    if (e.target && e.target.type === "file" && inZone(e.target)) {
      check(e.target.files);
    }
  }, true);
  document.addEventListener("drop", function (e) {
    if (inZone(e.target)) {
      check(e.dataTransfer && e.dataTransfer.files);
    }
  }, true);
})();
