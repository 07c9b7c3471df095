/* Draw every map whose figure is embedded in the page (handout and standalone export). */
(function () {
  "use strict";
  function drawAll() {
    if (!window.Plotly) { return; }
    document.querySelectorAll("[data-figure]").forEach(function (holder) {
      if (holder.closest(".slide")) { return; }  // slides draw themselves when shown
      var data = document.getElementById(holder.dataset.figure);
      if (!data || holder.dataset.drawn) { return; }
      var fig = JSON.parse(data.textContent);
      fig.layout.autosize = true;
      delete fig.layout.height;
      window.Plotly.newPlot(holder, fig.data, fig.layout, {displaylogo: false, responsive: true});
      holder.dataset.drawn = "1";
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); } else { drawAll(); }
})();
