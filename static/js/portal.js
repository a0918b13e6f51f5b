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
      // No mode bar: its buttons would be focusable controls inside the chart (an accessibility
      // fault for role="img"), and the table beside each chart carries the numbers.
      var config = { responsive: true, displaylogo: false, displayModeBar: false };
      window.Plotly.react(node, figure.data || [], layout, config);
    }
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
  window.portalDrawCharts = drawCharts;
})();

/* The review queue's select-all box: checks every row's box of the same name in its form. Hidden
 * without this script (it would do nothing). */
(function () {
  "use strict";
  function wire(root) {
    var boxes = (root || document).querySelectorAll("input[data-select-all]");
    for (var i = 0; i < boxes.length; i++) {
      var all = boxes[i];
      if (all.dataset.wired) { continue; }
      all.dataset.wired = "1";
      all.hidden = false;
      all.addEventListener("change", function (event) {
        var box = event.target;
        var rows = box.form.querySelectorAll('input[type=checkbox][name="' + box.getAttribute("data-select-all") + '"]');
        for (var j = 0; j < rows.length; j++) { rows[j].checked = box.checked; }
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSettle", function (event) { wire(event.target); });
})();
