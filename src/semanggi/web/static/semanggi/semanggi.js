/* Semanggi: small enhancements over pages that work without script.
   - the menu folds into a button on narrow screens;
   - confirmations (toasts) can be closed; after a failed submit, focus goes to the error
     summary or the first invalid field;
   - forms marked data-confirm ask before an action that cannot be undone;
   - region and sector pickers search by name (/api/regions/search, /api/sectors/search);
   - grids (the responsibility matrix, the involvement in decisions) save in the background
     and show the server's answer in place: its confirmation, its errors or the conflict. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var lang = document.documentElement.lang || "id";
  var english = lang === "en";
  var T = {
    id: { found: "wilayah ditemukan", none: "Tidak ada wilayah dengan nama itu.", remove: "Hapus",
          search: "Cari wilayah", chosen: "Wilayah terpilih", typeMore: "Ketik paling sedikit 2 huruf." },
    en: { found: "regions found", none: "No region has that name.", remove: "Remove",
          search: "Search a region", chosen: "Chosen regions", typeMore: "Type at least 2 letters." }
  }[english ? "en" : "id"];
  var S = {
    id: { found: "sektor ditemukan", none: "Tidak ada sektor dengan nama atau kode itu.", remove: "Hapus",
          search: "Cari sektor", chosen: "Sektor terpilih", typeMore: "Ketik paling sedikit 2 huruf.",
          whole: "seluruh kategori" },
    en: { found: "sectors found", none: "No sector has that name or code.", remove: "Remove",
          search: "Search a sector", chosen: "Chosen sectors", typeMore: "Type at least 2 letters.",
          whole: "whole category" }
  }[english ? "en" : "id"];
  // What differs between the pickers: where they search, what a code looks like, what is
  // shown small beside a match.
  var KINDS = {
    region: {
      attribute: "data-region-picker", wrapper: "picker region-picker", staticBox: ".region-picker-static",
      text: T, code: /^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/,
      url: function (input, text) {
        var url = "/api/regions/search?q=" + encodeURIComponent(text);
        if (input.getAttribute("data-level")) url += "&level=" + input.getAttribute("data-level");
        return url;
      },
      detail: function (match) { return match.level_name + " · " + match.code; }
    },
    sector: {
      attribute: "data-sector-picker", wrapper: "picker sector-picker", staticBox: ".sector-picker-static",
      text: S, code: /^\d{3}(\d{2})?$/,
      url: function (input, text) {
        var url = "/api/sectors/search?q=" + encodeURIComponent(text);
        if (input.getAttribute("data-categories")) url += "&categories=true";
        return url;
      },
      detail: function (match) {
        return (match.is_category ? S.whole : match.category_name) + " · " + match.code;
      }
    }
  };

  function menu() {
    var button = document.querySelector(".menu-toggle");
    var panel = document.getElementById("site-menu");
    if (!button || !panel) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      panel.classList.toggle("open", open);
    });
  }

  function toasts() {
    document.querySelectorAll(".toast-close").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var toast = button.closest(".toast");
        if (toast) toast.remove();
      });
    });
  }

  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.setAttribute("tabindex", "-1"); summary.focus(); return; }
    var field = document.querySelector(".field.invalid input:not([type=hidden]), .field.invalid select, .field.invalid textarea");
    if (field) field.focus();
  }

  function confirmations() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) event.preventDefault();
    });
  }

  // Several files at once: more files or bytes than one upload takes are said before sending
  // (the server checks again; past Django's count it could only answer "Bad request").
  function fileLimits() {
    document.addEventListener("submit", function (event) {
      event.target.querySelectorAll("input[type=file][data-max-files]").forEach(function (input) {
        var files = Array.prototype.slice.call(input.files || []);
        var bytes = files.reduce(function (sum, file) { return sum + file.size; }, 0);
        var over = files.length > Number(input.getAttribute("data-max-files")) ||
          bytes > Number(input.getAttribute("data-max-bytes"));
        var said = input.parentNode.querySelector(".error.file-limits");
        if (!over) { if (said) said.remove(); return; }
        event.preventDefault();
        if (!said) {
          said = document.createElement("p");
          said.className = "error file-limits";
          said.setAttribute("role", "alert");
          input.insertAdjacentElement("afterend", said);
        }
        said.textContent = input.getAttribute("data-too-many");
        input.focus();
      });
    });
  }

  // A table wider than the screen scrolls in its own box: the keyboard must reach it too.
  function scrollBoxes() {
    document.querySelectorAll(".table-scroll, table.list, figure.timeline, figure.chart").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-box", "");
        if (box.tagName !== "TABLE" && box.tagName !== "FIGURE") {
          box.setAttribute("role", "region");
          var table = box.querySelector("table");
          var caption = table && table.querySelector("caption");
          var heading = box.previousElementSibling;
          var name = (caption && caption.textContent) || (heading && /^H[2-4]$/.test(heading.tagName) && heading.textContent) || (lang === "en" ? "Table" : "Tabel");
          box.setAttribute("aria-label", name.trim());
        }
      } else if (!scrolls && box.hasAttribute("data-scroll-box")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-box");
        if (box.tagName !== "TABLE" && box.tagName !== "FIGURE") { box.removeAttribute("role"); box.removeAttribute("aria-label"); }
      }
    });
  }

  var counter = 0;
  function picker(input, kind) {
    var K = KINDS[kind];
    var T = K.text;
    var multiple = input.getAttribute(K.attribute) === "multiple";
    var id = input.id || (kind + "-" + (++counter));
    var wrapper = document.createElement("div");
    wrapper.className = K.wrapper;
    var staticBox = input.closest(K.staticBox) || input;
    staticBox.parentNode.insertBefore(wrapper, staticBox);

    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = input.name;
    hidden.value = input.value;
    hidden.id = id + "-codes";

    var picked = [];
    staticBox.querySelectorAll("[data-code]").forEach(function (el) {
      picked.push({ code: el.getAttribute("data-code"), label: el.getAttribute("data-label") });
    });
    // Codes typed before (no names rendered) stay as they are.
    var known = picked.map(function (p) { return p.code; });
    input.value.split(/[,\s]+/).forEach(function (code) {
      if (code && known.indexOf(code) < 0 && K.code.test(code)) {
        picked.push({ code: code, label: code });
      }
    });

    var chips = document.createElement("ul");
    chips.className = "picked";
    chips.setAttribute("aria-label", T.chosen);
    var search = document.createElement("input");
    search.type = "text";
    search.id = id;
    search.setAttribute("role", "combobox");
    search.setAttribute("aria-autocomplete", "list");
    search.setAttribute("aria-expanded", "false");
    search.setAttribute("aria-controls", id + "-list");
    search.setAttribute("autocomplete", "off");
    search.placeholder = T.search + "…";
    var describedBy = input.getAttribute("aria-describedby");
    if (describedBy) search.setAttribute("aria-describedby", describedBy);
    if (input.getAttribute("aria-invalid")) search.setAttribute("aria-invalid", input.getAttribute("aria-invalid"));
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var label = document.querySelector("label[for='" + id + "']");
    if (label) { label.id = label.id || id + "-label"; list.setAttribute("aria-labelledby", label.id); }
    else { list.setAttribute("aria-label", T.search); search.setAttribute("aria-label", T.search); }
    var status = document.createElement("p");
    status.className = "hint";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    wrapper.appendChild(search);
    wrapper.appendChild(list);
    wrapper.appendChild(chips);
    wrapper.appendChild(status);
    wrapper.appendChild(hidden);
    // Label text wrapping the original input (filters) moves with it.
    staticBox.remove();
    if (!label && wrapper.closest("label")) search.removeAttribute("aria-label");

    function sync() {
      hidden.value = picked.map(function (p) { return p.code; }).join(", ");
      chips.innerHTML = "";
      picked.forEach(function (p, index) {
        var li = document.createElement("li");
        li.setAttribute("data-code", p.code);
        var text = document.createElement("span");
        text.textContent = p.label;
        var code = document.createElement("small");
        code.className = "code";
        code.textContent = p.code;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.setAttribute("aria-label", T.remove + " " + p.label);
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          picked.splice(index, 1);
          sync();
          search.focus();
        });
        li.appendChild(text);
        li.appendChild(code);
        li.appendChild(remove);
        chips.appendChild(li);
      });
      chips.hidden = picked.length === 0;
    }

    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      search.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function show() {
      list.innerHTML = "";
      results.forEach(function (match, index) {
        var li = document.createElement("li");
        li.id = id + "-option-" + index;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", index === active ? "true" : "false");
        li.setAttribute("data-code", match.code);
        li.textContent = match.label + " ";
        var small = document.createElement("small");
        small.className = "code";
        small.textContent = K.detail(match);
        li.appendChild(small);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
        list.appendChild(li);
      });
      var open = results.length > 0;
      list.hidden = !open;
      search.setAttribute("aria-expanded", String(open));
      if (active >= 0) search.setAttribute("aria-activedescendant", id + "-option-" + active);
      else search.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      var match = results[index];
      if (!match) return;
      // A search still on its way must not reopen the list over what comes next.
      clearTimeout(timer);
      asked++;
      var item = { code: match.code, label: match.label };
      if (multiple) {
        if (!picked.some(function (p) { return p.code === item.code; })) picked.push(item);
      } else {
        picked = [item];
      }
      search.value = "";
      sync();
      close();
      // Announced to screen readers; the chip already shows it to the eyes.
      status.className = "hint sr-only";
      status.textContent = match.label;
    }

    function ask(text) {
      var ticket = ++asked;
      fetch(K.url(input, text), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (data) {
          if (ticket !== asked) return;
          results = data;
          active = data.length ? 0 : -1;
          show();
          status.textContent = data.length ? data.length + " " + T.found : T.none;
        })
        .catch(function () { if (ticket === asked) { results = []; show(); } });
    }

    search.addEventListener("input", function () {
      var text = search.value.trim();
      status.className = "hint";
      clearTimeout(timer);
      if (text.length < 2) { results = []; close(); status.textContent = text ? T.typeMore : ""; return; }
      timer = setTimeout(function () { ask(text); }, 150);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && results.length) {
        active = (active + 1) % results.length; show(); event.preventDefault();
      } else if (event.key === "ArrowUp" && results.length) {
        active = (active - 1 + results.length) % results.length; show(); event.preventDefault();
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        choose(active); event.preventDefault();
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Backspace" && !search.value && picked.length) {
        picked.pop(); sync();
      }
    });
    search.addEventListener("blur", function () { setTimeout(close, 100); });
    sync();
  }

  // A grid form posts in the background and is replaced by the same form as the server
  // renders it; when the answer is not a grid (a redirect, an error page), the form is
  // submitted the ordinary way, which shows that answer as a page.
  function grids() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (event.defaultPrevented || !form.matches || !form.matches("form[data-grid]")) return;
      if (!window.fetch || !window.FormData) return;
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", Accept: "text/html" }
      })
        .then(function (response) {
          return response.text().then(function (html) { return { status: response.status, html: html }; });
        })
        .then(function (answer) {
          var box = document.createElement("div");
          box.innerHTML = answer.status < 500 ? answer.html : "";
          var fresh = box.querySelector("form[data-grid='" + form.getAttribute("data-grid") + "']");
          if (!fresh) { form.submit(); return; }
          form.parentNode.replaceChild(fresh, form);
          scrollBoxes();
          var target = fresh.querySelector(".error-summary, .conflict, .grid-status");
          if (target) {
            target.setAttribute("tabindex", "-1");
            target.focus({ preventScroll: true });
            target.scrollIntoView({ block: "nearest" });
          }
        })
        .catch(function () { form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    menu();
    toasts();
    focusErrors();
    confirmations();
    fileLimits();
    grids();
    document.querySelectorAll("input[data-region-picker]").forEach(function (input) { picker(input, "region"); });
    document.querySelectorAll("input[data-sector-picker]").forEach(function (input) { picker(input, "sector"); });
    scrollBoxes();
    var resized = null;
    window.addEventListener("resize", function () { clearTimeout(resized); resized = setTimeout(scrollBoxes, 200); });
  });
})();
