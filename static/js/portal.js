/* Portal SPBE: the one script of our own. It draws every chart and wires small behaviours.
 * Charts are data: a view emits the figure with |json_script into <script type="application/json"
 * id="…">, next to an element <div class="chart" data-figure="…id…">. No inline script, so the
 * Content-Security-Policy can forbid them. Runs on load and again after every htmx swap. */
(function () {
  "use strict";

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") { return; }
    var scope = root || document;
    var nodes = scope.querySelectorAll("[data-figure]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var source = document.getElementById(node.getAttribute("data-figure"));
      if (!source) { continue; }
      var figure;
      try { figure = JSON.parse(source.textContent); } catch (e) { continue; }
      var layout = figure.layout || {};
      if (!layout.separators) { layout.separators = document.documentElement.lang === "en" ? ".," : ",."; }
      layout.autosize = true;
      var config = { responsive: true, displaylogo: false, locale: document.documentElement.lang || "id",
                     modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"] };
      window.Plotly.react(node, figure.data || [], layout, config);
    }
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
  window.portalDrawCharts = drawCharts;
})();
