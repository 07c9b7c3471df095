/* The explorer's own script. Component ids come from the page (a data attribute, a callback's argument), its words
   too (data-words, in the page's language), never written here. */
(function () {
  "use strict";
  // the page's words, in its language (assets/_page_words.js reads the app's data-words)
  var words = window.entanglePageWords.words;
  var fill = window.entanglePageWords.fill;
  // A step back or forward opens the address it reaches, as a link does: the address store (named by the page's
  // data-address-store) is what the explorer opens links from.
  window.addEventListener("popstate", function () {
    var app = document.querySelector("[data-address-store]");
    var dash = window.dash_clientside;
    if (app && dash && dash.set_props) {
      dash.set_props(app.getAttribute("data-address-store"), {data: window.location.search});
    }
  });

  // A picture of the map travels with what it shows: its title is the routes heading, under it the data set's
  // title and the date, then the credit line and the day the picture was made (the frame's data- attributes name
  // where each is on the page). Only the picture has them: the map on screen has the heading above it already.
  function esc(text) { return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  function textOf(id) {
    var el = id && document.getElementById(id);
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }
  function wrapped(text, width) {  // plotly.js does not wrap a title
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; } else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.map(esc);
  }
  function captioned(gd) {
    var frame = gd && gd.closest && gd.closest("[data-map-keys]");
    if (!frame || !gd.layout) { return gd; }
    var layout = Object.assign({}, gd.layout);
    var heading = wrapped(textOf(frame.getAttribute("data-caption-heading")) || words().mapTitle || "", 110);
    var details = [textOf(frame.getAttribute("data-caption-title")), textOf(frame.getAttribute("data-caption-date"))];
    var note = gd.layout.title && gd.layout.title.text;  // a big data set's map says what part of it is drawn
    var made = new Date().toISOString().slice(0, 10);
    var lines = [details.filter(Boolean).map(esc).join(" · ")];
    if (note) { lines.push(note); }
    lines.push(esc(frame.getAttribute("data-credit") || "") + " · " + esc(fill(words().pictureMade, {day: made})));
    layout.title = {text: "<b>" + heading.join("<br>") + "</b>", x: 0.01, xanchor: "left", y: 0.985, yanchor: "top",
                    font: {size: 20, color: "#1d1d1d"},
                    subtitle: {text: lines.join("<br>"), font: {size: 13, color: "#555555"}}};
    layout.margin = Object.assign({}, gd.layout.margin, {t: 48 + 26 * heading.length + 18 * lines.length});
    layout.shapes = (gd.layout.shapes || []).filter(function (s) { return s.name !== "keyboard-focus"; });
    return {data: gd.data, layout: layout};
  }
  var hooked = false;
  // The modebar's camera downloads through plotly.js's registered downloadImage: the map's picture gets its caption
  function hookExports() {
    var Plotly = window.Plotly;
    if (hooked || !Plotly || !Plotly.register || !Plotly.downloadImage) { return; }
    var download = Plotly.downloadImage;
    Plotly.register({moduleType: "apiMethod", name: "downloadImage",
                     fn: function (gd, opts) { return download(captioned(gd), opts); }});
    hooked = true;
  }
  document.addEventListener("pointerdown", hookExports, true);  // before the camera's click
  document.addEventListener("keydown", hookExports, true);

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.explorer = {
    // The SVG is drawn by plotly.js from the map on screen (the graph whose id the callback passes), at
    // presentation size, with the caption every picture of the map carries.
    downloadSvg: function (clicks, graphId) {
      var graph = document.getElementById(graphId);
      var plot = graph && graph.querySelector(".js-plotly-plot");
      if (clicks && plot && window.Plotly) {
        window.Plotly.downloadImage(captioned(plot), {format: "svg", filename: "entanglement-map", width: 1600,
                                                       height: 900});
      }
      return words().svgTitle || "";
    },
    captioned: captioned
  };
})();
