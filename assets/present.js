/* Presentation keys: right/left arrows, PageDown/PageUp (what clickers send), space (shift+space back),
   Home/End, F for full screen, Esc to leave (the browser's own Esc leaves full screen first). The slide number lives in the address (#3) so a reload keeps the place. */
(function () {
  "use strict";
  function slides() { return Array.prototype.slice.call(document.querySelectorAll(".slide")); }
  function current() {
    var all = slides();
    for (var i = 0; i < all.length; i++) { if (!all[i].hidden) { return i; } }
    return 0;
  }
  // the page's plotly.js config (#plotly-config: no modebar, nothing sent to Plotly's cloud)
  function config() {
    var block = document.getElementById("plotly-config");
    var base = block ? JSON.parse(block.textContent) : {displayModeBar: false, showSendToCloud: false};
    return Object.assign({}, base, {responsive: true, staticPlot: false});
  }
  function draw(slide) {
    var holder = slide.querySelector(".slide-map");
    if (!holder || holder.dataset.drawn || !window.Plotly) { return; }
    var data = document.getElementById(holder.dataset.figure);
    if (!data) { return; }
    var fig = JSON.parse(data.textContent);
    fig.layout.autosize = true;
    delete fig.layout.height;
    window.Plotly.newPlot(holder, fig.data, fig.layout, config());
    holder.dataset.drawn = "1";
  }
  function show(index) {
    var all = slides();
    if (!all.length) { return; }
    index = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (s, i) { s.hidden = i !== index; });
    draw(all[index]);
    var number = document.getElementById("slide-number");
    if (number) { number.textContent = String(index + 1); }
    if (history.replaceState) { history.replaceState(null, "", "#" + (index + 1)); }
  }
  document.addEventListener("keydown", function (event) {
    if (!document.body.classList.contains("presentation")) { return; }
    var i = current();
    switch (event.key) {
      case "ArrowRight": case "PageDown": case "ArrowDown": show(i + 1); break;
      case " ": show(event.shiftKey ? i - 1 : i + 1); break;
      case "ArrowLeft": case "PageUp": case "ArrowUp": case "Backspace": show(i - 1); break;
      case "Home": show(0); break;
      case "End": show(slides().length - 1); break;
      case "f": case "F":
        if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
          document.documentElement.requestFullscreen().catch(function () {});
        } else if (document.exitFullscreen) { document.exitFullscreen().catch(function () {}); }
        break;
      case "Escape":
        if (document.body.dataset.exit) { window.location.href = document.body.dataset.exit; }
        return;
      default: return;
    }
    event.preventDefault();
  });
  function start() {
    var n = parseInt((window.location.hash || "#1").slice(1), 10);
    show(isNaN(n) ? 0 : n - 1);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
