/* Portal SPBE: the one script of our own. It draws every chart and wires small behaviours.
 * Charts are data: a view emits the figure with |json_script into <script type="application/json"
 * id="…">, next to an element <div class="chart" data-figure="…id…">. No inline script, so the
 * Content-Security-Policy can forbid them. Runs on load and again after every htmx swap.
 *
 * Charts never block the page: each chart's container holds the server's static SVG of the figure
 * from the start, at its final height, so the page is complete without plotly.js. plotly.js is named
 * by <meta name="portal-plotly"> on chart pages only and loaded on the user's first interaction
 * (a pointer move, touch, key, wheel or focus); then a chart is drawn in place of its SVG when it
 * comes near the viewport (IntersectionObserver), one chart per idle period (requestIdleCallback,
 * else a frame), never all of them in one long task. Before printing, every chart not yet drawn is
 * drawn if plotly.js is there; otherwise the SVG prints. */
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
    var still = node.querySelector(".chart-static");
    if (still) { node.removeChild(still); }
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

  // plotly.js on the first interaction: until then the charts are the server's SVG.
  var INTERACTIONS = ["pointermove", "pointerdown", "touchstart", "keydown", "wheel", "focusin"];
  var loading = false;
  function loadPlotly() {
    for (var i = 0; i < INTERACTIONS.length; i++) {
      window.removeEventListener(INTERACTIONS[i], loadPlotly, { passive: true, capture: true });
    }
    var meta = document.querySelector('meta[name="portal-plotly"]');
    if (loading || !meta || typeof window.Plotly !== "undefined") { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = meta.getAttribute("content");
    script.async = true;
    script.onload = function () { drawCharts(document); };
    document.head.appendChild(script);
  }
  if (document.querySelector('meta[name="portal-plotly"]')) {
    for (var k = 0; k < INTERACTIONS.length; k++) {
      window.addEventListener(INTERACTIONS[k], loadPlotly, { passive: true, capture: true, once: true });
    }
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
  window.addEventListener("beforeprint", drawAllNow);
  window.portalDrawCharts = drawCharts;

  // --- A form that asks first: <form data-confirm="Hapus …?">. The server asks too (a page with a
  // confirm button) when JavaScript is off; here the answer is sent along as confirm=1.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-confirm")) { return; }
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    if (!form.querySelector("input[name=confirm]")) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "confirm";
      input.value = "1";
      form.appendChild(input);
    }
  }, true);

  // --- Evidence upload: the size limit is checked before anything is sent (the server checks again),
  // and the upload's progress is shown (htmx sends the form; its xhr:progress events carry the bytes).
  function uploadParts(form) {
    return {
      input: form.querySelector("input[type=file][data-max-bytes]"),
      error: form.querySelector("[data-upload-error]"),
      progress: form.querySelector("[data-upload-progress]")
    };
  }
  function tooBig(input) {
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    var problems = [];
    for (var i = 0; input.files && i < input.files.length; i++) {
      if (input.files[i].size > limit) {
        problems.push((input.getAttribute("data-msg-too-big") || "").replace("{name}", input.files[i].name));
      }
    }
    return problems;
  }
  function showUploadError(parts, problems) {
    if (!parts.error) { return; }
    parts.error.textContent = problems.join(" ");
    parts.error.hidden = problems.length === 0;
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("form[data-upload-form] input[type=file][data-max-bytes]")) { return; }
    showUploadError(uploadParts(input.form), tooBig(input));
  });
  function refuseTooBig(event, form) {
    var parts = uploadParts(form);
    if (!parts.input) { return false; }
    var problems = tooBig(parts.input);
    showUploadError(parts, problems);
    if (problems.length) {
      event.preventDefault();
      parts.input.focus();
      return true;
    }
    return false;
  }
  // Without htmx (or before it takes the form over) the plain submit is checked too.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.matches && form.matches("form[data-upload-form]")) { refuseTooBig(event, form); }
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-upload-form]")) { return; }
    if (refuseTooBig(event, form)) { return; }
    var parts = uploadParts(form);
    if (parts.progress) {
      parts.progress.hidden = false;
      parts.progress.querySelector("progress").value = 0;
    }
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
  });
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("form[data-upload-form]")) { return; }
    var detail = event.detail || {};
    var bar = form.querySelector("[data-upload-progress] progress");
    if (bar && detail.lengthComputable && detail.total) {
      bar.value = Math.round((detail.loaded / detail.total) * 100);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-upload-form]")) { return; }
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = false; }
    var xhr = event.detail.xhr;
    if (!xhr || !(xhr.getResponseHeader("HX-Redirect") || xhr.getResponseHeader("HX-Refresh"))) {
      var parts = uploadParts(form);
      if (parts.progress) { parts.progress.hidden = true; }
      showUploadError(parts, [form.getAttribute("data-msg-failed") || ""]);
    }
  });

  // --- An htmx request that fails (an error status, a sign-in page after the session ended, no
  // connection) never swaps the server's bare error text into the page: a message in the portal's
  // style says what happened instead. Fragments made to be shown on an error status (the answer's
  // save status, marked X-Answer-Save) are left to their own script.
  function notice(text) {
    var box = document.getElementById("htmx-problem");
    if (!box) {
      box = document.createElement("div");
      box.id = "htmx-problem";
      box.className = "message message-error htmx-problem";
      box.setAttribute("role", "alert");
      var main = document.getElementById("main") || document.body;
      main.insertBefore(box, main.firstChild);
    }
    box.textContent = text;
  }
  // The words come from the page (translated there): <body data-msg-request-failed="…">.
  function problemText(status) {
    var body = document.body;
    var name = status === 0 ? "data-msg-offline" : (status === 401 || status === 403 ? "data-msg-forbidden" : "data-msg-request-failed");
    return (body.getAttribute(name) || "").replace("{status}", String(status));
  }
  // The answer form's autosave shows its own state (static/js/answer.js).
  function fromAnswerForm(event) {
    var detail = event.detail || {};
    var origin = detail.requestConfig ? detail.requestConfig.elt : detail.elt;
    return !!(origin && origin.closest && origin.closest("form[data-answer-form]"));
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || xhr.status < 400 || xhr.getResponseHeader("X-Answer-Save")) { return; }
    event.detail.shouldSwap = false;
  });
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || fromAnswerForm(event) || xhr.getResponseHeader("HX-Redirect") || xhr.getResponseHeader("HX-Refresh")) { return; }
    notice(problemText(xhr.status));
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (!fromAnswerForm(event)) { notice(problemText(0)); }
  });
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
