/* On a phone the map names its institutions short, so their names do not run into each other.

   At 390 px a map of 20 institutions has columns 60 px apart: full names ("Boston Regional Intelligence Center
   (BRIC)") overlap their neighbours and none can be read. Narrower than PHONE, each name on the map becomes the
   abbreviation the data set gives it in brackets ("BRIC"), or its first words; the full name stays in the
   institution's hover (a tap), in the map's keyboard words, in "Map as a table" and in the route cards. On the
   aggregated map of a big data set each group's name is set in short lines over its count, under its marker
   (groupLabel, below). Only the map on screen changes: the server's figure is the same for every width, and a
   wider window shows the full names (a picture taken on a phone has the short ones, as the phone shows them). */
(function () {
  "use strict";
  var PHONE = "(max-width: 600px)";
  var MAP = "map-graph";  // network/ui/ids.py MAP
  var WORDS = 14;  // characters of a name's first words, when it gives no abbreviation

  function plain(text) { return String(text || "").replace(/<br>/g, " ").replace(/\s+/g, " ").trim(); }

  // "Boston Police Department (BPD)" -> "BPD" (the data set's own abbreviation); "Boston Public Schools" -> "BPS",
  // "Public School 1018" -> "PS 1018", "BPD-ICE HSI task-force liaison" -> "BPD-ICE HSI" (initials of the
  // capitalised words, words in capitals or figures kept whole, small words left out, up to a " / "); a name
  // that gives no initials keeps its first words
  function short(text) {
    var name = plain(text);
    var abbreviation = name.match(/\(([A-Z][A-Z0-9&.-]{1,11})\)/);  // "(BPD)", not "(state 0)"
    if (abbreviation) { return abbreviation[1]; }
    if (name.length <= WORDS) { return name; }
    var head = name.split(" / ")[0];  // "Immigration Court / Board…": the first of two names
    if (head.length <= WORDS) { return head; }
    var initials = "";
    head.split(" ").forEach(function (word) {
      if (/^([A-Z0-9][A-Z0-9-]+|[0-9]+)$/.test(word)) { initials += (initials && !/ $/.test(initials) ? " " : "") + word + " "; }
      else if (/^[A-ZÁÉÍÓÚÑ]/.test(word)) { initials += word[0]; }
    });
    initials = initials.trim();
    if (initials.length >= 2 && initials.length <= WORDS) { return initials; }
    var kept = "";
    name.split(" ").forEach(function (word) {
      if (kept.length + word.length + 1 <= WORDS || !kept) { kept = kept ? kept + " " + word : word; }
    });
    return kept.length < name.length ? kept + "…" : kept;
  }

  // A group of the aggregated map on a phone: its name in short lines, its count under them, all centred under
  // its marker (columns are some 30 px apart at 390 px: a name on the right would run over the next column's).
  // "<b>Immigration<br>enforcement offices</b><br>2" -> "<b>Immigration<br>enforcement…</b><br>2"
  var GROUP_LABEL = "group-label";  // network/aggregate_figure.py GROUP_LABEL
  var LINE = 11;  // characters of a line of a group's name (at most two lines: the groups of a column are close)
  function lines(name) {
    var out = [];
    plain(name).split(" ").forEach(function (word) {
      var last = out.length - 1;
      if (last >= 0 && out[last].length + word.length + 1 <= LINE) { out[last] += " " + word; }
      else { out.push(word.length > LINE + 1 ? word.slice(0, LINE) + "…" : word); }
    });
    if (out.length > 2) { out = [out[0], out[1] + "…"]; }
    return out;
  }
  function groupLabel(note) {
    var parts = String(note.text || "").match(/^<b>(.*)<\/b><br>(.*)$/);
    if (!parts) { return null; }
    var radius = Math.max(0, (note.xshift || 0) - 3);
    return {text: "<b>" + lines(parts[1]).join("<br>") + "</b><br>" + parts[2], xanchor: "center", xshift: 0,
            yanchor: "top", yshift: -radius - 1, align: "center", "font.size": 9};
  }

  function isInstitutions(trace) {
    var ids = trace.customdata;
    return Array.isArray(ids) && ids.length && String(ids[0]).indexOf("node:") === 0 && Array.isArray(trace.text);
  }

  function shorten(plot) {
    if (!window.Plotly || !plot.data || !window.matchMedia(PHONE).matches) { return; }
    if (plot.mapPhoneDone === plot.data) { return; }  // this figure is shortened already (update draws it again)
    plot.mapPhoneDone = plot.data;
    var texts = [], traces = [];
    plot.data.forEach(function (trace, i) {
      if (isInstitutions(trace)) { traces.push(i); texts.push(trace.text.map(short)); }
    });
    var layout = {};
    (plot.layout.annotations || []).forEach(function (note, i) {
      var group = note.name === GROUP_LABEL ? groupLabel(note) : null;
      if (group) {
        Object.keys(group).forEach(function (key) { layout["annotations[" + i + "]." + key] = group[key]; });
      } else if (note.xref === "x" && note.yref === "y" && note.bgcolor) {
        layout["annotations[" + i + "].text"] = short(note.text);
      }
    });
    if (traces.length || Object.keys(layout).length) {
      window.Plotly.update(plot, traces.length ? {text: texts} : {}, layout, traces.length ? traces : undefined);
    }
  }

  function hook() {
    var graph = document.getElementById(MAP);
    var plot = graph && graph.querySelector(".js-plotly-plot");
    if (!plot || plot.mapPhoneWatched || !plot.on) { return; }
    plot.mapPhoneWatched = true;
    plot.on("plotly_afterplot", function () { shorten(plot); });
    shorten(plot);
  }

  if (typeof MutationObserver === "function") {
    new MutationObserver(hook).observe(document.documentElement, {childList: true, subtree: true});
  }
  document.addEventListener("DOMContentLoaded", hook);
})();
