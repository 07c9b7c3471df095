/* Draw every map whose figure is embedded in the page (handout and standalone export), with the plotly.js config
   the page names (#plotly-config: no Plotly logo, nothing sent to Plotly's cloud); wire the handout's print
   button. No inline script or handler anywhere: the pages run under a Content-Security-Policy. */
(function () {
  "use strict";
  function config() {
    var block = document.getElementById("plotly-config");
    var base = block ? JSON.parse(block.textContent) : {displaylogo: false, showSendToCloud: false};
    return Object.assign({}, base, {responsive: true});
  }
  function drawAll() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    if (!window.Plotly) { return; }
    document.querySelectorAll("[data-figure]").forEach(function (holder) {
      if (holder.closest(".slide")) { return; }  // slides draw themselves when shown
      var data = document.getElementById(holder.dataset.figure);
      if (!data || holder.dataset.drawn) { return; }
      var fig = JSON.parse(data.textContent);
      fig.layout.autosize = true;
      delete fig.layout.height;
      window.Plotly.newPlot(holder, fig.data, fig.layout, config());
      holder.dataset.drawn = "1";
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); } else { drawAll(); }
})();
