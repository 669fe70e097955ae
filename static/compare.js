// Parallax comparison page: copy link, linked sentences across columns, client-side sort.
// The page reads fine without this file; everything here only adds interaction.
"use strict";
(function () {
  var page = document.querySelector(".comparison");
  if (!page) return;

  // ---- copy link -----------------------------------------------------------------
  var copyButton = page.querySelector(".copy-link");
  if (copyButton) {
    var input = document.getElementById(copyButton.getAttribute("data-copy-target"));
    var status = page.querySelector(".copy-status");
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      var done = function () { status.textContent = "Link copied."; };
      var fallback = function () {
        input.select();
        try { document.execCommand("copy"); done(); } catch (e) { status.textContent = "Select the link and copy it."; }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  }

  // ---- linked sentences ------------------------------------------------------------
  var byClaim = {};
  var sentences = page.querySelectorAll(".texts .s[data-claims]");
  sentences.forEach(function (el) {
    el.getAttribute("data-claims").split(" ").forEach(function (id) {
      if (!id) return;
      (byClaim[id] = byClaim[id] || []).push(el);
    });
  });
  var pinned = null;
  var lit = [];

  function counterparts(el) {
    var seen = new Set();
    el.getAttribute("data-claims").split(" ").forEach(function (id) {
      (byClaim[id] || []).forEach(function (other) { if (other !== el) seen.add(other); });
    });
    return Array.from(seen);
  }
  function clear() {
    lit.forEach(function (el) { el.classList.remove("linked", "active"); });
    lit = [];
  }
  function light(el) {
    clear();
    el.classList.add("active");
    lit.push(el);
    counterparts(el).forEach(function (other) { other.classList.add("linked"); lit.push(other); });
  }
  function reveal(el) {
    // Scroll each other column so its first counterpart is in view, without moving the page.
    var firstPerColumn = new Map();
    counterparts(el).forEach(function (other) {
      var col = other.closest(".text-col");
      if (col && col !== el.closest(".text-col") && !firstPerColumn.has(col)) firstPerColumn.set(col, other);
    });
    firstPerColumn.forEach(function (other, col) {
      col.scrollTop = Math.max(0, other.offsetTop - col.clientHeight / 3);
    });
  }
  function enter(event) {
    var el = event.target.closest(".s[data-claims]");
    if (el && !pinned) light(el);
  }
  function leave(event) {
    var el = event.target.closest(".s[data-claims]");
    if (el && !pinned) clear();
  }
  function toggle(el) {
    if (pinned === el) {
      pinned.classList.remove("pinned");
      pinned.setAttribute("aria-pressed", "false");
      pinned = null;
      clear();
      return;
    }
    if (pinned) { pinned.classList.remove("pinned"); pinned.setAttribute("aria-pressed", "false"); }
    pinned = el;
    el.classList.add("pinned");
    el.setAttribute("aria-pressed", "true");
    light(el);
    reveal(el);
  }
  var texts = page.querySelector(".texts");
  if (texts) {
    texts.addEventListener("mouseover", enter);
    texts.addEventListener("mouseout", leave);
    texts.addEventListener("focusin", enter);
    texts.addEventListener("focusout", leave);
    texts.addEventListener("click", function (event) {
      var el = event.target.closest(".s[data-claims]");
      if (el) toggle(el);
    });
    texts.addEventListener("keydown", function (event) {
      var el = event.target.closest(".s[data-claims]");
      if (el && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); toggle(el); }
      if (event.key === "Escape" && pinned) toggle(pinned);
    });
    sentences.forEach(function (el) { el.setAttribute("role", "button"); el.setAttribute("aria-pressed", "false"); });
  }

  // ---- client-side sort of the claims matrix -------------------------------------------
  var table = page.querySelector("table.claims-matrix[data-sortable]");
  if (!table) return;
  var body = table.tBodies[0];
  var headers = table.querySelectorAll("thead th[data-sort]");
  headers.forEach(function (th, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(th, index); });
  });
  function key(row, th) {
    var kind = th.getAttribute("data-sort");
    if (kind === "order") return Number(row.getAttribute("data-order"));
    if (kind === "count") return Number(row.getAttribute("data-count"));
    var cell = row.cells[th.cellIndex];
    return cell ? Number(cell.getAttribute("data-present")) : 0;
  }
  function sortBy(th) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.from(body.rows).filter(function (r) { return r.hasAttribute("data-claim"); });
    rows.sort(function (a, b) {
      var d = key(a, th) - key(b, th);
      if (d === 0) d = Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
      return ascending ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
})();
