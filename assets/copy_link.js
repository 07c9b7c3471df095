/* Copy link keeps the keyboard's place. dcc.Clipboard draws its button anew when it has copied ("Link copied")
   and again a second later ("Copy link"): the button a keyboard pressed leaves the page, and the focus with it.
   The focus goes to the button that replaces it, only then (not when the focus has moved on, or a click put it
   on the page). The Clipboard's id comes from the page (data-copy-link), never written here. */
(function () {
  "use strict";
  var last = null;  // what had the focus in the Clipboard, while it has it

  function clipboard() {
    var app = document.querySelector("[data-copy-link]");
    return app && document.getElementById(app.getAttribute("data-copy-link"));
  }

  document.addEventListener("focusin", function (e) {
    var box = clipboard();
    last = box && box.contains(e.target) ? e.target : null;
  });

  if (typeof MutationObserver === "function") {
    new MutationObserver(function () {
      var active = document.activeElement;
      if (!last || last.isConnected || (active && active !== document.body)) {
        return;
      }
      var box = clipboard();
      var button = box && box.querySelector("button");
      if (button) {
        button.focus();
      }
    }).observe(document.documentElement, {childList: true, subtree: true});
  }
})();
