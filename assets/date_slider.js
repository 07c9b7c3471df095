/* The date slider says its dates. Its positions are months, counted as year * 12 + month - 1 (June 2016 is
   24197: network/ui/controls.py, day_index), so it moves a month at a time; a screen reader hears the date a
   position stands for ("1 June 2016", its aria-valuetext) as the handle moves, not the count, and the tooltip
   shows the month while it moves (the slider's tooltip transform, "explorerMonth"). The slider's id comes from
   the page (data-date-slider), its words too (data-words: the month names and how a date is said, in the page's
   language), never written here. */
(function () {
  "use strict";
  // the page's words, in its language (assets/_page_words.js reads the app's data-words)
  var words = window.entanglePageWords.words;
  var fill = window.entanglePageWords.fill;

  // a position as a date, in one of the page's patterns: "{month} {year}" (June 2016), "1 {month} {year}"
  function said(position, pattern) {
    var value = Math.round(Number(position));
    var w = words();
    if (!isFinite(value) || !w.months || !pattern) {
      return "";
    }
    return fill(pattern, {month: w.months[((value % 12) + 12) % 12], year: Math.floor(value / 12)});
  }

  function month(position) {
    return said(position, words().monthYear);
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
      var day = said(thumb.getAttribute("aria-valuenow"), words().firstOfMonth);
      if (day && thumb.getAttribute("aria-valuetext") !== day) {
        thumb.setAttribute("aria-valuetext", day);
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
