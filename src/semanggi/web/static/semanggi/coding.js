/* Coding a source in the browser: select text, tick codes, press Code.
 *
 * Without this script the same form works by typing the positions. With it, a selection in
 * the text fills the positions in Unicode code points (what Semanggi and REFI-QDA count; a
 * JavaScript string counts UTF-16 units, so an emoji would count twice), the form is sent to
 * the API, and the text with its highlights is fetched again from the server, which alone
 * knows how to draw it. Removing a code works the same way.
 */
(function () {
  "use strict";

  var form = document.getElementById("coding-form");
  var root = document.getElementById("coding");
  if (!form || !root || !window.fetch) return;

  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var shown = document.getElementById("coding-selection");
  var error = document.getElementById("coding-error");

  function codePoints(text) {
    return Array.from(text).length;
  }

  function say(message) {
    error.textContent = message || "";
    error.hidden = !message;
  }

  // Offsets of a range inside the text element, in code points from its start.
  function offsets(range, container) {
    var before = document.createRange();
    before.setStart(container, 0);
    before.setEnd(range.startContainer, range.startOffset);
    // A page shows one part of the text: positions count from the part's start.
    var start = Number(container.dataset.base || 0) + codePoints(before.toString());
    return [start, start + codePoints(range.toString())];
  }

  document.addEventListener("selectionchange", function () {
    var text = document.getElementById("source-text");
    var selection = window.getSelection();
    if (!text || !selection.rangeCount || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    var span = offsets(range, text);
    if (span[1] <= span[0]) return;
    form.elements.start.value = span[0];
    form.elements.end.value = span[1];
    var quoted = range.toString();
    shown.textContent = "«" + (quoted.length > 120 ? quoted.slice(0, 120) + "…" : quoted) + "»";
    say("");
  });

  function send(url, method, body) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (response) {
      return response.json().then(
        function (data) { return { ok: response.ok, data: data }; },
        function () { return { ok: response.ok, data: {} }; }
      );
    });
  }

  function refresh() {
    return fetch(form.dataset.fragment, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) { root.innerHTML = html; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var codes = Array.prototype.map.call(
      form.querySelectorAll("input[name=codes]:checked"),
      function (box) { return Number(box.value); }
    );
    var body = {
      start: Number(form.elements.start.value),
      end: Number(form.elements.end.value),
      codes: codes,
    };
    send(form.dataset.api, "POST", body).then(function (result) {
      if (!result.ok) {
        say(result.data.detail || String(result.data));
        return;
      }
      form.querySelectorAll("input[name=codes]:checked").forEach(function (box) {
        box.checked = false;
      });
      shown.textContent = "";
      window.getSelection().removeAllRanges();
      return refresh();
    });
  });

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button.remove-code");
    if (!button) return;
    event.preventDefault();
    send(button.dataset.api, "DELETE").then(function (result) {
      if (!result.ok) {
        say(result.data.detail || String(result.data));
        return;
      }
      return refresh();
    });
  });
})();
