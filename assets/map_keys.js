/* The map by keyboard. The map's frame (the element with data-map-keys) is one tab stop; inside it
     → follows a link out of the institution the keyboard is on, ← a link into it,
     ↑ ↓ go to the previous or next institution at the end of those links (before any step: on the map),
     Home and End go to the first and last institution on the map,
     Enter (or Space) does what a click does: it posts the institution as the graph's clickData.
   The live region the frame names says where the keyboard is; a ring on the map shows it. What the keyboard moves
   over comes from the figure (layout.meta.keys: the institutions drawn, in reading order, and the flow links
   between them), so it is always the map on screen. Component ids come from the frame's data- attributes, the
   words said from the page's data-words (in its language). */
(function () {
  "use strict";
  var RING = "keyboard-focus";
  // where the keyboard is: an institution, and the step that reached it (the institution it came from, the way,
  // the institutions at the end of that way and which of them it is)
  var at = {node: null, from: null, way: null, list: null, index: 0};
  var cache = {keys: null, graph: null};
  // the page's words, in its language (assets/_page_words.js reads the app's data-words)
  var words = window.entanglePageWords.words;
  var fill = window.entanglePageWords.fill;

  function frameOf(el) { return el && el.closest ? el.closest("[data-map-keys]") : null; }
  function plotOf(frame) {
    var graph = document.getElementById(frame.getAttribute("data-graph"));
    return graph ? graph.querySelector(".js-plotly-plot") : null;
  }
  // labels and kinds are escaped for plotly's markup (& < > only): the live region shows them as text
  function text(markup) { return String(markup).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"); }

  function graphOf(plot) {
    var meta = plot && plot.layout && plot.layout.meta;
    var keys = meta && meta.keys;
    if (!keys || !Array.isArray(keys.nodes) || !Array.isArray(keys.links)) { return null; }
    if (cache.keys === keys) { return cache.graph; }
    var byId = {}, outs = {}, ins = {};
    keys.nodes.forEach(function (n) { byId[n.id] = n; outs[n.id] = []; ins[n.id] = []; });
    keys.links.forEach(function (pair) {
      if (byId[pair[0]] && byId[pair[1]]) { outs[pair[0]].push(pair[1]); ins[pair[1]].push(pair[0]); }
    });
    function place(a, b) { return (byId[b].y - byId[a].y) || (byId[a].x - byId[b].x); }  // top first
    Object.keys(byId).forEach(function (id) { outs[id].sort(place); ins[id].sort(place); });
    cache = {keys: keys, graph: {byId: byId, outs: outs, ins: ins, order: keys.nodes.map(function (n) { return n.id; })}};
    return cache.graph;
  }

  function say(frame, words) {
    var live = document.getElementById(frame.getAttribute("data-live"));
    if (live) { live.textContent = words; }
  }
  function describe(g) {
    var n = g.byId[at.node], w = words(), ins = g.ins[at.node].length;
    var said = fill(w.mapNode, {label: text(n.label), kind: text(n.kind),
                                links_in: fill(ins === 1 ? w.linkIn : w.linksIn, {n: ins}),
                                links_out: fill(w.linksOut, {n: g.outs[at.node].length})});
    if (n.part && n.part.length) { said += "; " + n.part.join(", "); }
    if (at.list && at.from && g.byId[at.from]) {
      said += ". " + fill(at.way === "out" ? w.reachedFrom : w.sendingTo,
                          {i: at.index + 1, n: at.list.length, label: text(g.byId[at.from].label)});
    }
    return said + ".";
  }

  function ring(plot, g) {
    var shapes = ((plot.layout && plot.layout.shapes) || []).filter(function (s) { return s.name !== RING; });
    var n = at.node && g && g.byId[at.node];
    if (n) {
      [[8, "#ffffff"], [4, "#111111"]].forEach(function (line) {
        shapes.push({type: "circle", name: RING, xref: "x", yref: "y", xsizemode: "pixel", ysizemode: "pixel",
                     xanchor: n.x, yanchor: n.y, x0: -22, x1: 22, y0: -22, y1: 22, layer: "above",
                     line: {color: line[1], width: line[0]}, fillcolor: "rgba(0,0,0,0)"});
      });
    }
    if (window.Plotly) { window.Plotly.relayout(plot, {shapes: shapes}); }
  }
  function ringed(plot, g) {
    var n = g && at.node && g.byId[at.node];
    return ((plot.layout && plot.layout.shapes) || []).some(function (s) {
      return s.name === RING && n && s.xanchor === n.x && s.yanchor === n.y;
    });
  }

  // a new figure (another view) keeps the ring on the institution if the map still draws it
  function watch(plot) {
    if (plot.mapKeysWatched || !plot.on) { return; }
    plot.mapKeysWatched = true;
    plot.on("plotly_afterplot", function () {
      var frame = frameOf(plot);
      if (!frame || document.activeElement !== frame || !at.node) { return; }
      var g = graphOf(plot);
      if (!g || !g.byId[at.node]) { at = {node: null, from: null, way: null, list: null, index: 0}; return; }
      if (!ringed(plot, g)) { ring(plot, g); }
    });
  }

  function go(frame, plot, g, node, from, way, list, index) {
    at = {node: node, from: from, way: way, list: list, index: index};
    ring(plot, g);
    say(frame, describe(g));
  }

  // the map on screen, with the keyboard on one of its institutions (an origin, or the first, to begin with);
  // fresh when it has just been put there
  function ready(frame) {
    var plot = plotOf(frame);
    var g = graphOf(plot);
    if (!g || !g.order.length) { say(frame, words().mapDrawing || ""); return null; }
    watch(plot);
    if (at.node && g.byId[at.node]) { return {plot: plot, g: g, fresh: false}; }
    var start = words().originPart;  // how the figure says an institution is an origin, in the page's language
    var origins = g.order.filter(function (id) { return (g.byId[id].part || []).indexOf(start) >= 0; });
    at = {node: origins[0] || g.order[0], from: null, way: null, list: null, index: 0};
    return {plot: plot, g: g, fresh: true};
  }
  function show(frame, m) {
    ring(m.plot, m.g);
    say(frame, describe(m.g));
  }

  function step(frame, m, way) {
    var list = way === "out" ? m.g.outs[at.node] : m.g.ins[at.node];
    if (!list.length) {
      say(frame, fill(way === "out" ? words().noLinkOut : words().noLinkIn, {label: text(m.g.byId[at.node].label)}));
      return;
    }
    go(frame, m.plot, m.g, list[0], at.node, way, list, 0);
  }

  function cycle(frame, m, by) {
    if (at.list && at.from && m.g.byId[at.from]) {
      var i = (at.index + by + at.list.length) % at.list.length;
      go(frame, m.plot, m.g, at.list[i], at.from, at.way, at.list, i);
      return;
    }
    var order = m.g.order;
    var j = (order.indexOf(at.node) + by + order.length) % order.length;
    go(frame, m.plot, m.g, order[j], null, null, null, 0);
  }

  // Enter does what a click does: the same clickData a click on the institution's marker posts
  function activate(frame) {
    var dash = window.dash_clientside;
    if (!at.node || !dash || !dash.set_props) { return; }
    dash.set_props(frame.getAttribute("data-graph"), {
      clickData: {points: [{customdata: "node:" + at.node, curveNumber: -1, pointNumber: -1}], keyboard: Date.now()}
    });
    var modes = document.getElementById(frame.getAttribute("data-click-mode"));
    var chosen = modes && modes.querySelector("input:checked");
    var label = chosen && chosen.closest("label");
    var name = text(cache.graph.byId[at.node].label);
    if (at.node.indexOf("group:") === 0) {  // a group of a big data set's map: a click opens (or closes) it
      say(frame, fill(words().enterGroup, {label: name}));
      return;
    }
    say(frame, label ? fill(words().enterMode, {mode: label.textContent.trim(), label: name})
                     : fill(words().enter, {label: name}));
  }

  document.addEventListener("keydown", function (e) {
    var frame = frameOf(e.target);
    if (!frame || e.target !== frame || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var moves = ["ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown", "Home", "End", "Enter", " "];
    if (moves.indexOf(e.key) < 0) { return; }
    e.preventDefault();  // the arrows and Space move on the map, not the page
    var m = ready(frame);
    if (!m) { return; }
    if (e.key === "Enter" || e.key === " ") { activate(frame); return; }
    if (m.fresh && e.key.indexOf("Arrow") === 0) { show(frame, m); return; }  // first, where the keyboard starts
    if (e.key === "ArrowRight") { step(frame, m, "out"); }
    else if (e.key === "ArrowLeft") { step(frame, m, "in"); }
    else if (e.key === "ArrowDown") { cycle(frame, m, 1); }
    else if (e.key === "ArrowUp") { cycle(frame, m, -1); }
    else { go(frame, m.plot, m.g, e.key === "Home" ? m.g.order[0] : m.g.order[m.g.order.length - 1], null, null, null, 0); }
  });

  // The in-page links of the map's table and of the hop list move to what they name (focused, and marked) without
  // a step in the history: a step there is a view the explorer opens, and a hash is none.
  document.addEventListener("click", function (e) {
    var link = e.target && e.target.closest ? e.target.closest("a[href^='#']") : null;
    var panel = link && link.closest("[data-map-panel]");
    var spot = panel && document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!spot || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) { return; }
    e.preventDefault();
    document.querySelectorAll(".map-target").forEach(function (el) { el.classList.remove("map-target"); });
    var row = spot.closest("tr") || spot;
    row.classList.add("map-target");
    if (!spot.hasAttribute("tabindex")) { spot.setAttribute("tabindex", "-1"); }
    spot.focus({preventScroll: true});
    spot.scrollIntoView({block: "center"});
  });

  // focus by the keyboard shows where it is; a mouse click on the map (which focuses the frame too) does not
  document.addEventListener("focusin", function (e) {
    var frame = frameOf(e.target);
    if (frame && e.target === frame && frame.matches(":focus-visible")) {
      var m = ready(frame);
      if (m) { show(frame, m); }
    }
  });
  document.addEventListener("focusout", function (e) {
    var frame = frameOf(e.target);
    if (frame && e.target === frame) {
      var plot = plotOf(frame);
      if (plot && window.Plotly) { ring(plot, null); }
    }
  });
})();
