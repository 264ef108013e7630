/* The coding view of a source: select text (mouse, touch or keyboard), tick codes, press Code.
 *
 * Without this script the page still codes: the positions can be typed in, and the page
 * "Code by sentence, paragraph or search" chooses the text with links. With it:
 * - a selection in the text fills the positions in Unicode code points (what Semanggi and
 *   REFI-QDA count; a JavaScript string counts UTF-16 units, so an emoji would count twice);
 * - the keyboard selects sentences and paragraphs (the server sends their positions in
 *   data-sentences and data-paragraphs), search hits and coded passages (keys on the page);
 * - coding goes to the API, then the text, its highlights and the segments are fetched again
 *   from the server, which alone knows how to draw them; a confirmation appears;
 * - the code list filters as you type, folds its hierarchy, and creates a code inline;
 * - a coded passage names its codes in a tooltip, on hover and on keyboard focus.
 */
(function () {
  "use strict";

  var form = document.getElementById("coding-form");
  if (!form || !window.fetch) return;
  var en = document.documentElement.lang === "en";
  var T = en ? {
    coded: "Coded", codedWith: "Coded «{q}» with {codes}.", selectFirst: "Select text first: with the mouse, or Tab to the text and use the arrow keys.",
    tickFirst: "Tick at least one code, or name a new one.", nameFirst: "Type the new code's name first.",
    created: "Code ready and ticked: {name}.", ticked: "Ticked: {name}.", end: "No further stretch in this part.",
    none: "None here.", codes: "{n} codes", fold: "Fold", unfold: "Unfold", close: "Close", nothing: "none",
    failed: "The server did not answer; nothing was saved."
  } : {
    coded: "Berkode", codedWith: "«{q}» dikodekan dengan {codes}.", selectFirst: "Pilih teks dulu: dengan tetikus, atau Tab ke teks lalu pakai tombol panah.",
    tickFirst: "Centang sedikitnya satu kode, atau beri nama kode baru.", nameFirst: "Ketik dulu nama kode baru.",
    created: "Kode siap dan tercentang: {name}.", ticked: "Tercentang: {name}.", end: "Tidak ada bagian lagi di potongan teks ini.",
    none: "Tidak ada di sini.", codes: "{n} kode", fold: "Lipat", unfold: "Buka", close: "Tutup", nothing: "belum ada",
    failed: "Server tidak menjawab; tidak ada yang disimpan."
  };
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var shown = document.getElementById("coding-selection");
  var error = document.getElementById("coding-error");
  var tip = document.getElementById("code-tip");
  var current = null; // {start, end} in code points of the whole source
  form.noValidate = true;
  shown.textContent = T.nothing;

  function textEl() { return document.getElementById("source-text"); }
  function codePoints(text) { return Array.from(text).length; }
  function say(message) { error.textContent = message || ""; error.hidden = !message; }

  // --- Positions: code points of the source <-> points in the page ---------------------------

  function offsets(range, container) {
    var before = document.createRange();
    before.setStart(container, 0);
    before.setEnd(range.startContainer, range.startOffset);
    // A page shows one part of the text: positions count from the part's start.
    var start = Number(container.dataset.base || 0) + codePoints(before.toString());
    return [start, start + codePoints(range.toString())];
  }

  function domPoint(container, position) {
    var remaining = position - Number(container.dataset.base || 0);
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    var node, last = null;
    while ((node = walker.nextNode())) {
      var chars = Array.from(node.data);
      if (remaining < chars.length) return { node: node, offset: chars.slice(0, remaining).join("").length };
      remaining -= chars.length;
      last = node;
    }
    return last ? { node: last, offset: last.data.length } : { node: container, offset: 0 };
  }

  function rangeOf(start, end) {
    var text = textEl();
    var a = domPoint(text, start), b = domPoint(text, end);
    var range = document.createRange();
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    return range;
  }

  function quoted(text) { return "«" + (text.length > 160 ? text.slice(0, 160) + "…" : text) + "»"; }

  function mark(range) {
    if (window.CSS && CSS.highlights && window.Highlight) {
      if (range) CSS.highlights.set("coding-selection", new Highlight(range));
      else CSS.highlights.delete("coding-selection");
    }
  }

  function fill(start, end, words) {
    current = { start: start, end: end };
    form.elements.start.value = start;
    form.elements.end.value = end;
    var codes = codesOver(start, end);
    shown.textContent = quoted(words) + (codes ? " — " + T.coded + ": " + codes : "");
    say("");
    var about = document.getElementById("memo-about");
    var segment = document.querySelector('.segment-list li[data-start="' + start + '"][data-end="' + end + '"]');
    if (about) about.value = segment ? "segment:" + segment.dataset.segment : about.options[0].value;
  }

  function codesOver(start, end) {
    var names = [];
    document.querySelectorAll(".segment-list li[data-start]").forEach(function (li) {
      if (Number(li.dataset.start) < end && Number(li.dataset.end) > start) {
        li.querySelectorAll(".chip-name").forEach(function (chip) {
          var name = chip.textContent.trim();
          if (names.indexOf(name) < 0) names.push(name);
        });
      }
    });
    return names.join(", ");
  }

  function choose(start, end) {
    var range = rangeOf(start, end);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    mark(range);
    fill(start, end, range.toString());
    var box = range.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) window.scrollBy(0, box.top - window.innerHeight / 3);
  }

  function clear() {
    current = null;
    window.getSelection().removeAllRanges();
    mark(null);
    form.elements.start.value = "";
    form.elements.end.value = "";
    shown.textContent = T.nothing;
  }

  document.addEventListener("selectionchange", function () {
    var text = textEl();
    var selection = window.getSelection();
    if (!text || !selection.rangeCount || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    var span = offsets(range, text);
    if (span[1] <= span[0]) return;
    if (current && current.start === span[0] && current.end === span[1]) return;
    mark(range.cloneRange());
    fill(span[0], span[1], range.toString());
  });

  // --- The keyboard: sentences, paragraphs, hits, coded passages -----------------------------

  function spans(kind) {
    var raw = (textEl().dataset[kind] || "").trim();
    var numbers = raw ? raw.split(/\s+/).map(Number) : [];
    var list = [];
    for (var i = 0; i + 1 < numbers.length; i += 2) list.push([numbers[i], numbers[i + 1]]);
    return list;
  }

  function listed(selector) {
    var text = textEl();
    var from = Number(text.dataset.base || 0), to = from + codePoints(text.textContent);
    var list = [];
    document.querySelectorAll(selector).forEach(function (li) {
      var start = Number(li.dataset.start), end = Number(li.dataset.end);
      if (start >= from && end <= to) list.push([start, end, li]);
    });
    return list;
  }

  function step(kind, direction, extend) {
    var list = spans(kind);
    if (!list.length) return;
    var found = null;
    if (!current) found = direction > 0 ? list[0] : list[list.length - 1];
    else if (extend && direction > 0) {
      found = list.filter(function (s) { return s[1] > current.end; })[0];
      if (found) found = [current.start, found[1]];
    } else if (extend) {
      var shorter = list.filter(function (s) { return s[1] < current.end && s[1] > current.start; });
      if (shorter.length) found = [current.start, shorter[shorter.length - 1][1]];
    } else if (direction > 0) {
      found = list.filter(function (s) { return s[0] >= current.end; })[0];
    } else {
      var before = list.filter(function (s) { return s[1] <= current.start; });
      found = before[before.length - 1];
    }
    if (found) choose(found[0], found[1]);
    else shown.textContent = T.end;
  }

  function jump(list, direction) {
    if (!list.length) { shown.textContent = T.none; return null; }
    var at = current ? current.start : -1;
    var found = direction > 0
      ? list.filter(function (s) { return s[0] > at; })[0] || list[0]
      : list.filter(function (s) { return s[0] < at; }).pop() || list[list.length - 1];
    choose(found[0], found[1]);
    return found;
  }

  function toCodes() {
    var filter = document.getElementById("code-filter");
    var first = form.querySelector(".code-row:not([hidden]) input[name=codes]");
    (filter || first).focus();
  }

  document.addEventListener("keydown", function (event) {
    var text = textEl();
    if (!text || !text.contains(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    var moves = { ArrowRight: ["sentences", 1], ArrowLeft: ["sentences", -1], ArrowDown: ["paragraphs", 1], ArrowUp: ["paragraphs", -1] };
    var key = event.key;
    if (moves[key]) {
      event.preventDefault();
      step(moves[key][0], moves[key][1], event.shiftKey);
    } else if (key === "h" || key === "H") {
      event.preventDefault();
      jump(listed(".hit-list li[data-start]"), event.shiftKey ? -1 : 1);
    } else if (key === "c" || key === "C") {
      event.preventDefault();
      var found = jump(listed(".segment-list li[data-start]"), event.shiftKey ? -1 : 1);
      var piece = found && document.getElementById("seg-" + found[2].dataset.segment);
      if (piece) { piece = piece.closest(".seg") || piece; piece.focus({ preventScroll: true }); }
    } else if (key === "Enter") {
      event.preventDefault();
      if (current) toCodes(); else say(T.selectFirst);
    } else if (key === "Escape") {
      event.preventDefault();
      clear();
    }
  });

  // --- Names of codes on hover and focus ------------------------------------------------------

  function names(root) {
    (root || document).querySelectorAll("#source-text .seg[title]").forEach(function (seg) {
      seg.setAttribute("data-title", seg.getAttribute("title"));
      seg.removeAttribute("title");
    });
  }

  function showTip(seg) {
    var text = seg.getAttribute("data-title");
    if (!tip || !text) return;
    tip.textContent = T.coded + ": " + text;
    tip.hidden = false;
    var box = seg.getClientRects()[0] || seg.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left, window.innerWidth - tip.offsetWidth - 8));
    var top = box.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight) top = Math.max(8, box.top - tip.offsetHeight - 6);
    tip.style.left = left + "px";
    tip.style.top = top + "px";
    seg.setAttribute("aria-describedby", "code-tip");
  }

  function hideTip() { if (tip) tip.hidden = true; }

  document.addEventListener("mouseover", function (event) {
    var seg = event.target.closest && event.target.closest("#source-text .seg");
    if (seg) showTip(seg);
    else if (!(document.activeElement && document.activeElement.matches("#source-text .seg"))) hideTip();
  });
  document.addEventListener("focusin", function (event) {
    var seg = event.target.closest && event.target.closest("#source-text .seg");
    if (seg) showTip(seg); else hideTip();
  });
  window.addEventListener("scroll", function () {
    var active = document.activeElement;
    if (active && active.matches("#source-text .seg")) showTip(active); else hideTip();
  }, { passive: true });

  // --- Talking to the server ------------------------------------------------------------------

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
    }, function () { return { ok: false, data: { detail: T.failed } }; });
  }

  function problem(data) {
    var detail = data.detail;
    if (Array.isArray(detail)) detail = detail.map(function (d) { return d.msg || String(d); }).join("; ");
    if (data.errors) detail += " " + Object.keys(data.errors).map(function (k) { return data.errors[k].join(" "); }).join(" ");
    return detail || T.failed;
  }

  var toasts = document.querySelector(".toasts");
  if (!toasts) {
    toasts = document.createElement("div");
    toasts.className = "messages toasts";
    toasts.setAttribute("aria-live", "polite");
    document.getElementById("main").prepend(toasts);
  }

  function toast(message, failed) {
    toasts.innerHTML = "";
    var box = document.createElement("div");
    box.className = "toast " + (failed ? "error" : "success");
    box.setAttribute("role", failed ? "alert" : "status");
    var icon = document.createElement("span");
    icon.className = "toast-icon";
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = failed ? "✗" : "✓";
    var words = document.createElement("span");
    words.className = "toast-text";
    words.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", T.close);
    close.textContent = "×";
    close.addEventListener("click", function () { box.remove(); });
    box.append(icon, " ", words, " ", close);
    toasts.appendChild(box);
  }

  function refresh(keep) {
    return fetch(form.dataset.fragment, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["coding-text", "coding-segments"].forEach(function (id) {
          var target = document.getElementById(id), fresh = doc.getElementById(id);
          if (target && fresh) target.innerHTML = fresh.innerHTML;
        });
        // The code list, with its new counts (and any code created on the way).
        var tree = document.getElementById("code-tree"), freshTree = doc.getElementById("code-tree");
        if (tree && freshTree) {
          var checked = ticked();
          tree.replaceWith(document.importNode(freshTree, true));
          checked.forEach(function (id) {
            var box = form.querySelector('input[name=codes][value="' + id + '"]');
            if (box) box.checked = true;
          });
          foldButtons();
          applyFilter();
          parentChoices();
        }
        names();
        memoChoices();
        mark(null);
        if (keep && current && current.end > current.start) choose(current.start, current.end);
      });
  }

  function parentChoices() {
    var select = form.elements.new_code_parent;
    if (!select) return;
    var chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    rows().forEach(function (row) {
      var name = row.querySelector(".code-name").textContent;
      select.add(new Option("· ".repeat(Number(row.dataset.depth)) + name, row.dataset.code));
    });
    select.value = chosen;
  }

  function memoChoices() {
    var about = document.getElementById("memo-about");
    if (!about) return;
    while (about.options.length > 1) about.remove(1);
    document.querySelectorAll(".segment-list li[data-segment]").forEach(function (li, index) {
      if (index >= 200) return;
      var quote = li.querySelector(".quote").textContent.trim();
      about.add(new Option("«" + (quote.length > 60 ? quote.slice(0, 59) + "…" : quote) + "»", "segment:" + li.dataset.segment));
    });
  }

  function ticked() {
    return Array.prototype.map.call(form.querySelectorAll("input[name=codes]:checked"), function (box) {
      return Number(box.value);
    });
  }

  function tickedNames() {
    return Array.prototype.map.call(form.querySelectorAll("input[name=codes]:checked"), function (box) {
      return box.closest("label").querySelector(".code-name").textContent;
    });
  }

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.id === "autocode-button") return; // the page's own POST
    if (submitter && submitter.id === "new-code-button") { event.preventDefault(); createCode(); return; }
    event.preventDefault();
    var newCode = form.elements.new_code.value.trim();
    var codes = ticked();
    if (!form.elements.start.value || !form.elements.end.value) { say(T.selectFirst); return; }
    if (!codes.length && !newCode) { say(T.tickFirst); return; }
    var labels = tickedNames().concat(newCode ? [newCode] : []);
    var body = { start: Number(form.elements.start.value), end: Number(form.elements.end.value), codes: codes };
    if (newCode) {
      body.new_code = newCode;
      if (form.elements.new_code_parent.value) body.new_code_parent = Number(form.elements.new_code_parent.value);
    }
    var words = shown.textContent.split(" — ")[0].replace(/^«|»$/g, "");
    send(form.dataset.api, "POST", body).then(function (result) {
      if (!result.ok) { say(problem(result.data)); toast(problem(result.data), true); return; }
      form.elements.new_code.value = "";
      var end = body.end;
      form.querySelectorAll("input[name=codes]:checked").forEach(function (box) { box.checked = false; });
      return refresh(false).then(function () {
        clear();
        current = { start: end, end: end };
        toast(fmt(T.codedWith, { q: words.length > 80 ? words.slice(0, 80) + "…" : words, codes: labels.join(", ") }));
        textEl().focus({ preventScroll: true });
      });
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.remove-code");
    if (button) {
      event.preventDefault();
      send(button.dataset.api, "DELETE").then(function (result) {
        if (!result.ok) { say(problem(result.data)); toast(problem(result.data), true); return; }
        return refresh(true);
      });
      return;
    }
    var link = event.target.closest(".segment-list a.quote, .hit-list a.hit-link");
    if (link) {
      var li = link.closest("li[data-start]");
      if (!li) return;
      event.preventDefault();
      choose(Number(li.dataset.start), Number(li.dataset.end));
      var piece = li.dataset.segment && document.getElementById("seg-" + li.dataset.segment);
      piece = piece && (piece.closest(".seg") || piece);
      (piece || textEl()).focus({ preventScroll: true });
    }
  });

  // --- The code list: filter as you type, fold the hierarchy, create a code inline -------------

  var filter = document.getElementById("code-filter");
  var status = document.getElementById("code-filter-status");
  var folded = {};
  function rows() { return Array.prototype.slice.call(form.querySelectorAll(".code-row")); }
  function norm(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function byId() {
    var map = {};
    rows().forEach(function (row) { map[row.dataset.code] = row; });
    return map;
  }

  function applyFilter() {
    var q = norm(filter ? filter.value.trim() : "");
    var map = byId();
    var keep = {};
    rows().forEach(function (row) {
      if (!q || norm(row.querySelector(".code-name").textContent).indexOf(q) >= 0) {
        for (var r = row; r && !keep[r.dataset.code]; r = map[r.dataset.parent]) keep[r.dataset.code] = true;
      }
    });
    var count = 0;
    rows().forEach(function (row) {
      var hidden = !keep[row.dataset.code];
      if (!q) for (var p = map[row.dataset.parent]; p && !hidden; p = map[p.dataset.parent]) hidden = !!folded[p.dataset.code];
      row.hidden = hidden;
      if (!hidden && row.querySelector("input[name=codes]")) count += 1;
    });
    if (status) status.textContent = q ? fmt(T.codes, { n: count }) : "";
  }

  if (filter) {
    filter.form.addEventListener("submit", function (event) { event.preventDefault(); applyFilter(); });
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== "ArrowDown") return;
      event.preventDefault();
      var first = form.querySelector(".code-row:not([hidden]) input[name=codes]");
      if (first) first.focus();
    });
  }

  function foldButtons() {
    rows().forEach(function (row) {
      if (!row.dataset.hasChildren || row.querySelector(".fold")) return;
      var name = row.querySelector(".code-name").textContent;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fold";
      button.setAttribute("aria-expanded", "true");
      button.setAttribute("aria-label", T.fold + ": " + name);
      button.textContent = "▾";
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        button.setAttribute("aria-label", (open ? T.fold : T.unfold) + ": " + name);
        button.textContent = open ? "▾" : "▸";
        folded[row.dataset.code] = !open;
        applyFilter();
      });
      row.insertBefore(button, row.firstChild);
    });
  }

  function createCode() {
    var input = form.elements.new_code;
    var name = input.value.trim().replace(/\s+/g, " ");
    var parent = form.elements.new_code_parent.value;
    if (!name) { say(T.nameFirst); input.focus(); return; }
    var same = rows().filter(function (row) {
      return row.dataset.parent === parent && row.querySelector(".code-name").textContent === name;
    })[0];
    var existing = same && same.querySelector("input[name=codes]");
    if (existing) {
      existing.checked = true;
      input.value = "";
      toast(fmt(T.ticked, { name: name }));
      existing.focus();
      return;
    }
    send(form.dataset.codesApi, "POST", { name: name, parent: parent ? Number(parent) : null }).then(function (result) {
      if (!result.ok) { say(problem(result.data)); return; }
      input.value = "";
      say("");
      return refresh(true).then(function () {
        var box = form.querySelector('input[name=codes][value="' + result.data.id + '"]');
        if (box) { box.checked = true; box.focus(); }
        toast(fmt(T.created, { name: result.data.name }));
      });
    });
  }

  if (form.elements.new_code) form.elements.new_code.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); createCode(); }
  });

  names();
  foldButtons();
  if (filter && filter.value) applyFilter();
  if (location.hash && /^#seg-\d+$/.test(location.hash)) {
    var target = document.getElementById(location.hash.slice(1));
    if (target) (target.closest(".seg") || target).focus();
  }
})();
