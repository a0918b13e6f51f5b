/* Portal SPBE: the one script of our own. It draws every chart and wires small behaviours.
 * Charts are data: a view emits the figure with |json_script into <script type="application/json"
 * id="…">, next to an element <div class="chart" data-figure="…id…">. No inline script, so the
 * Content-Security-Policy can forbid them. Runs on load and again after every htmx swap.
 *
 * Charts never block the page: the headline numbers are server-rendered text and each chart's
 * container already has its final height (the figure's, set by the template), so nothing moves
 * when a chart appears. A chart is drawn when it comes near the viewport (IntersectionObserver),
 * one chart per idle period (requestIdleCallback, else a frame), never all of them in one long
 * task. Before printing, every chart not yet drawn is drawn. plotly.js itself is a deferred script
 * on chart pages only (templates' head_scripts block). */
(function () {
  "use strict";

  var queue = [];
  var scheduled = false;
  var observer = null;
  // Start drawing a little before a chart scrolls in, so it is there when it arrives.
  var MARGIN = "200px 0px";

  function draw(node) {
    var source = document.getElementById(node.getAttribute("data-figure"));
    if (!source || !node.isConnected) { return; }
    var figure;
    try { figure = JSON.parse(source.textContent); } catch (e) { return; }
    var layout = figure.layout || {};
    if (!layout.separators) { layout.separators = document.documentElement.lang === "en" ? ".," : ",."; }
    layout.autosize = true;
    // No mode bar: its buttons would be focusable controls inside the chart (an accessibility
    // fault for role="img"), and the table beside each chart carries the numbers.
    var config = { responsive: true, displaylogo: false, displayModeBar: false };
    window.Plotly.react(node, figure.data || [], layout, config);
  }

  function next(callback) {
    if (window.requestIdleCallback) { window.requestIdleCallback(callback, { timeout: 300 }); }
    else { window.requestAnimationFrame(function () { window.setTimeout(callback, 0); }); }
  }

  function pump() {
    scheduled = false;
    var node = queue.shift();
    // One chart that fails to draw must not keep the others from drawing.
    try { if (node) { draw(node); } } finally { schedule(); }
  }

  function schedule() {
    if (scheduled || !queue.length) { return; }
    scheduled = true;
    next(pump);
  }

  function enqueue(node) {
    if (queue.indexOf(node) === -1) { queue.push(node); }
    schedule();
  }

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") { return; }
    var nodes = (root || document).querySelectorAll("[data-figure]");
    for (var i = 0; i < nodes.length; i++) {
      // Observing again after a swap makes the observer report the chart's visibility anew, so a
      // chart whose figure changed is redrawn once it is in view.
      if (observer) { observer.unobserve(nodes[i]); observer.observe(nodes[i]); }
      else { enqueue(nodes[i]); }
    }
  }

  // Printing needs every chart now, whatever has scrolled into view.
  function drawAllNow() {
    if (typeof window.Plotly === "undefined") { return; }
    var nodes = document.querySelectorAll("[data-figure]");
    for (var i = 0; i < nodes.length; i++) {
      if (!nodes[i].querySelector(".main-svg")) {
        if (observer) { observer.unobserve(nodes[i]); }
        draw(nodes[i]);
      }
    }
  }

  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver(function (entries) {
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].isIntersecting) {
          observer.unobserve(entries[i].target);
          enqueue(entries[i].target);
        }
      }
    }, { rootMargin: MARGIN });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
  window.addEventListener("beforeprint", drawAllNow);
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
