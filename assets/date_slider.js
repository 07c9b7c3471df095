/* The date slider says its dates. Its positions are months, counted as year * 12 + month - 1 (June 2016 is
   24197: network/ui/controls.py, day_index), so it moves a month at a time; a screen reader hears the date a
   position stands for ("1 June 2016", its aria-valuetext) as the handle moves, not the count, and the tooltip
   shows the month while it moves (the slider's tooltip transform, "explorerMonth"). The slider's id comes from
   the page (data-date-slider), never written here. */
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"];

  function month(position) {
    var value = Math.round(Number(position));
    if (!isFinite(value)) {
      return "";
    }
    return MONTHS[((value % 12) + 12) % 12] + " " + Math.floor(value / 12);
  }

  window.dccFunctions = window.dccFunctions || {};
  window.dccFunctions.explorerMonth = month;

  function say() {
    var app = document.querySelector("[data-date-slider]");
    var slider = app && document.getElementById(app.getAttribute("data-date-slider"));
    if (!slider) {
      return;
    }
    slider.querySelectorAll("[role=slider]").forEach(function (thumb) {
      var words = month(thumb.getAttribute("aria-valuenow"));
      if (words && thumb.getAttribute("aria-valuetext") !== "1 " + words) {
        thumb.setAttribute("aria-valuetext", "1 " + words);
      }
    });
  }

  // the handle is drawn by React when the slider first shows, and its aria-valuenow changes as it moves; a
  // script that sets aria-valuetext from elsewhere is answered with the handle's own date
  if (typeof MutationObserver === "function") {
    new MutationObserver(say).observe(document.documentElement, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["aria-valuenow", "aria-valuetext"]});
  }
  document.addEventListener("DOMContentLoaded", say);
})();
