/* The page's words, in its language, for every script of the explorer: the app's data-words attribute (written by
   network/ui/page_words.py), and {name} patterns filled with values. Loaded before the scripts that use it (Dash
   loads the assets in name order). */
(function () {
  "use strict";
  window.entanglePageWords = {
    words: function () {
      var app = document.querySelector("[data-words]");
      try {
        return (app && JSON.parse(app.getAttribute("data-words"))) || {};
      } catch (e) {
        return {};
      }
    },
    fill: function (text, values) {
      return String(text || "").replace(/\{(\w+)\}/g, function (all, name) {
        return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
      });
    }
  };
})();
