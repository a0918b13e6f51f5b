/* Answer page: keeps what the officer types safe while htmx autosaves it.
 * - Every keystroke is copied to localStorage (per answer) until the server confirms the save.
 * - On load, a copy newer than the server's version is put back in the form and saved; a copy made
 *   against an older version is shown beside the form instead, so nothing is overwritten silently.
 * - A failed request (network, server error, expired session) shows "Belum tersimpan" and keeps the
 *   text; a 409 (edit conflict) or 400 response is shown as the server wrote it. */
(function () {
  "use strict";

  function init() {
    var form = document.querySelector("form[data-answer-form]");
    if (!form) { return; }
    var key = "spbe-answer-" + form.getAttribute("data-answer-id");
    var textarea = form.querySelector("textarea[name=explanation]");
    var lastSent = null;

    // Messages come from the page (translated there), e.g. data-msg-offline="Belum tersimpan — periksa koneksi".
    function msg(name) { return form.getAttribute("data-msg-" + name) || ""; }

    function storage() {
      try { return window.localStorage; } catch (e) { return null; }
    }
    function version() {
      var input = form.querySelector("input[name=base_version]");
      return input ? parseInt(input.value, 10) : 0;
    }
    function values() {
      var checked = form.querySelector("input[name=proposed_level]:checked");
      return { level: checked ? checked.value : "", explanation: textarea ? textarea.value : "" };
    }
    function setValues(saved) {
      if (textarea) { textarea.value = saved.explanation; }
      var radios = form.querySelectorAll("input[name=proposed_level]");
      for (var i = 0; i < radios.length; i++) { radios[i].checked = radios[i].value === saved.level; }
    }
    function stash() {
      var store = storage();
      if (!store) { return; }
      var current = values();
      try {
        store.setItem(key, JSON.stringify({ v: version(), level: current.level, explanation: current.explanation, at: Date.now() }));
      } catch (e) { /* storage full or disabled: the server save still runs */ }
    }
    function clearStash() {
      var store = storage();
      if (store) { store.removeItem(key); }
    }
    function readStash() {
      var store = storage();
      if (!store) { return null; }
      try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
    }
    // htmx sets detail.elt to the element an event fires on (the swap target for beforeSwap);
    // the element that made the request is requestConfig.elt.
    function fromForm(event) {
      var detail = event.detail || {};
      var origin = detail.requestConfig ? detail.requestConfig.elt : detail.elt;
      return origin === form;
    }
    function setStatus(text, kind) {
      var status = document.getElementById("save-status");
      if (!status) { return; }
      status.className = "save-status save-" + kind;
      status.textContent = text;
    }

    // Restore a copy left by a reload or a failed save.
    var saved = readStash();
    if (saved) {
      var now = values();
      if (saved.level === now.level && saved.explanation === now.explanation) {
        clearStash();
      } else if (saved.v === version()) {
        setValues(saved);
        setStatus(msg("restored"), "pending");
        if (window.htmx) { window.htmx.trigger(form, "input"); }
      } else {
        var box = form.querySelector("[data-local-copy]");
        if (box) {
          box.hidden = false;
          box.querySelector("[data-local-text]").value = saved.explanation;
          box.querySelector("[data-use-local]").addEventListener("click", function () {
            setValues(saved);
            box.hidden = true;
            if (window.htmx) { window.htmx.trigger(form, "input"); }
          });
          box.querySelector("[data-discard-local]").addEventListener("click", function () {
            clearStash();
            box.hidden = true;
          });
        }
      }
    }

    // Text the server put back after a sign-in (sent while the session had ended): not saved yet.
    if (form.hasAttribute("data-restored")) {
      stash();
      setStatus(msg("pending"), "pending");
    }

    form.addEventListener("input", function () {
      stash();
      setStatus(msg("pending"), "pending");
    });
    // A button press while an autosave is on its way waits for it, so the form posts the new version.
    var inFlight = false;
    var submitPending = false;
    var pendingSubmitter = null;
    form.addEventListener("submit", function (event) {
      stash();
      if (inFlight) {
        event.preventDefault();
        submitPending = true;
        pendingSubmitter = event.submitter || null;
      }
    });
    function resumeSubmit() {
      inFlight = false;
      if (!submitPending) { return; }
      var button = pendingSubmitter;
      submitPending = false;
      pendingSubmitter = null;
      if (form.requestSubmit) { form.requestSubmit(button || undefined); } else { form.submit(); }
    }

    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (!fromForm(event)) { return; }
      lastSent = values();
      inFlight = true;
      setStatus(msg("saving"), "pending");
    });
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      if (!fromForm(event)) { return; }
      var xhr = event.detail.xhr;
      if (!xhr.getResponseHeader("X-Answer-Save")) {
        // Not our fragment (e.g. the login page after the session ended): do not swap it in.
        event.detail.shouldSwap = false;
        event.detail.isError = false;
        setStatus(msg("session"), "error");
        return;
      }
      if (xhr.status === 409 || xhr.status === 400) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (!fromForm(event)) { return; }
      var xhr = event.detail.xhr;
      window.setTimeout(resumeSubmit, 0);
      if (event.detail.successful && xhr.getResponseHeader("X-Answer-Save") === "saved") {
        var now = values();
        if (lastSent && now.level === lastSent.level && now.explanation === lastSent.explanation) {
          clearStash();
        } else {
          stash(); // typed more while saving: keep the newer text against the new version
        }
      }
    });
    function offline() { setStatus(msg("offline"), "error"); stash(); window.setTimeout(resumeSubmit, 0); }
    document.body.addEventListener("htmx:responseError", function (event) { if (fromForm(event)) { offline(); } });
    document.body.addEventListener("htmx:sendError", function (event) { if (fromForm(event)) { offline(); } });
    document.body.addEventListener("htmx:timeout", function (event) { if (fromForm(event)) { offline(); } });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
