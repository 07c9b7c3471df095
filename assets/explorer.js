/* The explorer's own script. Component ids come from the page (a data attribute, a callback's argument), never
   written here. */
(function () {
  "use strict";
  // A step back or forward opens the address it reaches, as a link does: the address store (named by the page's
  // data-address-store) is what the explorer opens links from.
  window.addEventListener("popstate", function () {
    var app = document.querySelector("[data-address-store]");
    var dash = window.dash_clientside;
    if (app && dash && dash.set_props) {
      dash.set_props(app.getAttribute("data-address-store"), {data: window.location.search});
    }
  });
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.explorer = {
    // The SVG is drawn by plotly.js from the map on screen (the graph whose id the callback passes), at
    // presentation size.
    downloadSvg: function (clicks, graphId) {
      var graph = document.getElementById(graphId);
      var plot = graph && graph.querySelector(".js-plotly-plot");
      if (clicks && plot && window.Plotly) {
        window.Plotly.downloadImage(plot, {format: "svg", filename: "entanglement-map", width: 1600, height: 900});
      }
      return "Download the map as an SVG picture";
    }
  };
})();
