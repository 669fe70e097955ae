// Parallax comparison page: the page reads fine without this file; everything here adds interaction.
//  - lists, tables and text columns are one Tab stop each, arrow keys move inside (roving focus);
//  - a sentence, clicked or pressed, lights up the same claim in the *other* outlets, names the claim
//    and how many outlets carry it, and scrolls the other columns to it;
//  - a matrix row leads to its sentences and a sentence back to its row; a ✓ opens that outlet's wording;
//  - on a phone the texts show one outlet at a time, with a switcher.
"use strict";
(function () {
  var page = document.querySelector(".comparison");
  if (!page) return;
  document.documentElement.classList.add("js");
  var phone = window.matchMedia("(max-width: 44rem)");

  // ---- copy link -----------------------------------------------------------------------
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
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(input.value).then(done, fallback);
      else fallback();
    });
  }

  // ---- roving focus: one Tab stop per group, arrows inside ---------------------------------
  // Groups: digest lists, the matrix tables, and all the text columns together (Up and Down move
  // within a column, Left and Right to the next column, where it was left).
  function isTexts(group) { return group.classList.contains("columns"); }
  function items(group) {
    var selector = isTexts(group) ? ".s[data-claims], a[href]" : "a[href], button";
    return Array.prototype.filter.call(group.querySelectorAll(selector), function (el) {
      return !el.closest("[hidden]") && !el.closest("tr.expanded-row");
    });
  }
  var lastInColumn = new Map();
  function setCurrent(group, el) {
    items(group).forEach(function (item) { item.tabIndex = item === el ? 0 : -1; });
    if (isTexts(group)) lastInColumn.set(el.closest(".text-col"), el);
  }
  function makeRoving(group) {
    var list = items(group);
    if (!list.length) return;
    setCurrent(group, list[0]);
    group.addEventListener("focusin", function (event) {
      if (items(group).indexOf(event.target) >= 0) setCurrent(group, event.target);
    });
    group.addEventListener("keydown", function (event) {
      var all = items(group);
      var at = all.indexOf(document.activeElement);
      if (at < 0) return;
      var next = null;
      var key = event.key;
      if (isTexts(group)) {
        var col = all[at].closest(".text-col");
        var mine = all.filter(function (el) { return el.closest(".text-col") === col; });
        var i = mine.indexOf(all[at]);
        if (key === "ArrowDown") next = mine[i + 1];
        else if (key === "ArrowUp") next = mine[i - 1];
        else if (key === "Home") next = mine[0];
        else if (key === "End") next = mine[mine.length - 1];
        else if (key === "ArrowRight" || key === "ArrowLeft") next = neighbourColumn(col, key === "ArrowRight");
      } else if (key === "Home") next = all[0];
      else if (key === "End") next = all[all.length - 1];
      else if (group.tagName === "TABLE" && (key === "ArrowDown" || key === "ArrowUp")) next = verticalInTable(all, at, key === "ArrowDown");
      else if (key === "ArrowDown" || key === "ArrowRight") next = all[at + 1];
      else if (key === "ArrowUp" || key === "ArrowLeft") next = all[at - 1];
      if (next) { event.preventDefault(); next.focus(); }
    });
  }
  function verticalInTable(all, at, down) {
    var cell = all[at].closest("th, td");
    var row = cell.parentElement;
    var column = cell.cellIndex;
    var rows = Array.prototype.slice.call(row.closest("table").rows);
    for (var r = rows.indexOf(row) + (down ? 1 : -1); r >= 0 && r < rows.length; r += down ? 1 : -1) {
      var target = rows[r].cells[Math.min(column, rows[r].cells.length - 1)];
      var link = target && target.querySelector("a[href], button");
      if (link && all.indexOf(link) >= 0) return link;
    }
    return null;
  }
  function neighbourColumn(col, right) {
    var cols = visibleColumns();
    var next = cols[cols.indexOf(col) + (right ? 1 : -1)];
    if (!next) return null;
    return lastInColumn.get(next) || next.querySelector(".s[data-claims], a[href]");
  }
  page.querySelectorAll("[data-roving]").forEach(makeRoving);

  // ---- sentences and their claims ---------------------------------------------------------
  var columns = Array.prototype.slice.call(page.querySelectorAll(".texts .text-col"));
  var sentences = page.querySelectorAll(".texts .s[data-claims]");
  var byClaim = {};
  var levelText = { all: "in every outlet", some: "in some outlets", one: "only in this outlet" };
  Object.keys(levelText).forEach(function (level) {
    var hint = document.createElement("span");
    hint.id = "level-" + level;
    hint.className = "visually-hidden";
    hint.textContent = levelText[level];
    page.appendChild(hint);
  });
  sentences.forEach(function (el) {
    el.setAttribute("role", "button");
    el.setAttribute("aria-pressed", "false");
    var level = (el.className.match(/level-(\w+)/) || [])[1];
    if (level) el.setAttribute("aria-describedby", "level-" + level);
    claimsOf(el).forEach(function (id) { (byClaim[id] = byClaim[id] || []).push(el); });
  });
  var textGroup = page.querySelector(".texts .columns");
  if (textGroup) makeRoving(textGroup);
  // A scrolling column is a Tab stop of its own in Chromium unless told otherwise: the group is the stop.
  columns.forEach(function (col) { col.tabIndex = -1; });

  function claimsOf(el) { return (el.getAttribute("data-claims") || "").split(" ").filter(Boolean); }
  function columnOf(el) { return el.closest(".text-col"); }
  function visibleColumns() { return columns.filter(function (col) { return col.offsetParent !== null; }); }
  function outletsOf(claim) {
    var seen = [];
    (byClaim[claim] || []).forEach(function (el) { var col = columnOf(el); if (seen.indexOf(col) < 0) seen.push(col); });
    return seen;
  }
  // A sentence's claims come from the page with the one covering most of the sentence first.
  function mainClaim(el) { return claimsOf(el)[0]; }
  // Counterparts: sentences of the claim in other outlets only.
  function counterparts(el, claim) {
    var mine = columnOf(el);
    var seen = [];
    (byClaim[claim || mainClaim(el)] || []).forEach(function (other) {
      if (columnOf(other) !== mine && seen.indexOf(other) < 0) seen.push(other);
    });
    return seen;
  }

  var pinned = null;
  var pinnedClaim = null;
  var lit = [];
  function clear() {
    lit.forEach(function (el) { el.classList.remove("linked"); });
    lit = [];
  }
  function light(el, claim) {
    clear();
    counterparts(el, claim).forEach(function (other) { other.classList.add("linked"); lit.push(other); });
  }
  function reveal(el, claim) {
    // Each other column scrolls to its first counterpart, without moving the page.
    var first = new Map();
    counterparts(el, claim).forEach(function (other) { var col = columnOf(other); if (!first.has(col)) first.set(col, other); });
    first.forEach(function (other, col) {
      col.scrollTop = Math.max(0, other.offsetTop - col.clientHeight / 3);
    });
  }

  var bar = page.querySelector(".claim-bar");
  function claimName(claim) {
    var cell = document.querySelector("#claim-" + CSS.escape(claim) + " .claim-text");
    if (!cell) return null;
    var link = cell.querySelector("a.to-text");
    return (link || cell).textContent.trim();
  }
  function describe(el, preferred) {
    if (!bar) return;
    bar.textContent = "";
    var claim = preferred && claimsOf(el).indexOf(preferred) >= 0 ? preferred : mainClaim(el);
    if (!claim) {
      bar.appendChild(document.createTextNode("This sentence’s claim is in no other outlet here."));
    } else {
      var outlets = outletsOf(claim);
      var name = claimName(claim);
      var strong = document.createElement("strong");
      strong.textContent = name ? "“" + name + "”" : "This claim";
      bar.appendChild(strong);
      var labels = outlets.map(function (col) { return col.getAttribute("data-label"); });
      bar.appendChild(document.createTextNode(
        " — carried by " + outlets.length + " of " + columns.length + " outlets" +
        (outlets.length > 1 ? ": " + labels.join(", ") : " (only " + labels[0] + ")") + "."));
      var all = claimsOf(el);
      if (all.length > 1) {
        bar.appendChild(document.createTextNode(" Claim " + (all.indexOf(claim) + 1) + " of " + all.length + " in this sentence."));
        var nextClaim = document.createElement("button");
        nextClaim.type = "button";
        nextClaim.className = "secondary";
        nextClaim.textContent = "Next claim";
        nextClaim.addEventListener("click", function () { pin(el, all[(all.indexOf(claim) + 1) % all.length]); });
        bar.appendChild(nextClaim);
      }
      var toRow = document.createElement("a");
      toRow.href = "#claim-" + claim;
      toRow.className = "to-row";
      toRow.textContent = " Show in the claims matrix";
      bar.appendChild(toRow);
      if (isSingle()) {
        outlets.forEach(function (col) {
          if (col === columnOf(el)) return;
          var go = document.createElement("button");
          go.type = "button";
          go.className = "secondary";
          go.textContent = "In " + col.getAttribute("data-label");
          go.addEventListener("click", function () {
            showColumn(col);
            var other = counterparts(el, claim).filter(function (s) { return columnOf(s) === col; })[0];
            if (other) other.scrollIntoView({ block: "center" });
          });
          bar.appendChild(go);
        });
      }
    }
    var unpin = document.createElement("button");
    unpin.type = "button";
    unpin.className = "secondary";
    unpin.textContent = "Unpin";
    unpin.addEventListener("click", function () { var el = pinned; toggle(pinned); if (el) el.focus(); });
    bar.appendChild(unpin);
    bar.hidden = false;
  }

  function pin(el, claim) {
    if (pinned) { pinned.classList.remove("pinned"); pinned.setAttribute("aria-pressed", "false"); }
    pinned = el;
    pinnedClaim = claim && claimsOf(el).indexOf(claim) >= 0 ? claim : mainClaim(el);
    el.classList.add("pinned");
    el.setAttribute("aria-pressed", "true");
    if (textGroup) setCurrent(textGroup, el);
    light(el, pinnedClaim);
    reveal(el, pinnedClaim);
    describe(el, pinnedClaim);
  }
  function toggle(el) {
    if (pinned === el) {
      el.classList.remove("pinned");
      el.setAttribute("aria-pressed", "false");
      pinned = null;
      clear();
      if (bar) bar.hidden = true;
      return;
    }
    pin(el);
  }

  var texts = page.querySelector(".texts");
  if (texts) {
    texts.addEventListener("mouseover", function (event) {
      var el = event.target.closest(".s[data-claims]");
      if (el && !pinned) light(el);
    });
    texts.addEventListener("mouseout", function (event) {
      if (event.target.closest(".s[data-claims]") && !pinned) clear();
    });
    texts.addEventListener("click", function (event) {
      var el = event.target.closest(".s[data-claims]");
      if (el && !event.target.closest("a")) toggle(el);
    });
    texts.addEventListener("keydown", function (event) {
      var el = event.target.closest(".s[data-claims]");
      if (el && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); toggle(el); }
      if (event.key === "Escape" && pinned) { var was = pinned; toggle(pinned); was.focus(); }
    });
  }

  // ---- one outlet at a time on a phone ------------------------------------------------------
  var holder = page.querySelector(".texts .columns");
  var switcher = null;
  function isSingle() { return holder && holder.classList.contains("one-at-a-time"); }
  function showColumn(col) {
    columns.forEach(function (c) { c.classList.toggle("current", c === col); });
    if (switcher) switcher.querySelectorAll("button").forEach(function (b) {
      var on = b.getAttribute("data-for") === col.id;
      b.setAttribute("aria-selected", on ? "true" : "false");
      b.tabIndex = on ? 0 : -1;
    });
  }
  function layout() {
    if (!holder || columns.length < 2) return;
    if (phone.matches && !switcher) {
      switcher = document.createElement("div");
      switcher.className = "outlet-switch";
      switcher.setAttribute("role", "tablist");
      switcher.setAttribute("aria-label", "Outlet to read");
      columns.forEach(function (col) {
        var b = document.createElement("button");
        b.type = "button";
        b.setAttribute("role", "tab");
        b.setAttribute("data-for", col.id);
        b.setAttribute("aria-controls", col.id);
        b.textContent = col.getAttribute("data-label");
        b.addEventListener("click", function () { showColumn(col); });
        switcher.appendChild(b);
      });
      switcher.addEventListener("keydown", function (event) {
        var buttons = Array.prototype.slice.call(switcher.querySelectorAll("button"));
        var at = buttons.indexOf(document.activeElement);
        var next = event.key === "ArrowRight" ? buttons[at + 1] : event.key === "ArrowLeft" ? buttons[at - 1] : null;
        if (next) { event.preventDefault(); next.click(); next.focus(); }
      });
      holder.parentNode.insertBefore(switcher, holder);
      holder.classList.add("one-at-a-time");
      showColumn(pinned ? columnOf(pinned) : columns[0]);
    } else if (!phone.matches && switcher) {
      switcher.remove();
      switcher = null;
      holder.classList.remove("one-at-a-time");
    }
  }
  layout();
  if (phone.addEventListener) phone.addEventListener("change", layout);

  // ---- links between the matrix, the texts and the rest -------------------------------------
  function openAround(el) {
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  }
  function goToSentence(el, claim) {
    openAround(el);
    if (isSingle()) showColumn(columnOf(el));
    pin(el, claim);
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
  }
  function goToRow(row) {
    openAround(row);
    page.querySelectorAll("tr.target").forEach(function (r) { r.classList.remove("target"); });
    row.classList.add("target");
    row.scrollIntoView({ block: "center" });
    var link = row.querySelector(".claim-text a, a");
    if (link) { setCurrent(link.closest("[data-roving]") || row, link); link.focus({ preventScroll: true }); }
  }
  function follow(hash, from) {
    if (!hash || hash.length < 2) return false;
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return false;
    var row = from && from.closest("tr[data-claim]");
    if (target.matches(".texts .s[data-claims]")) { goToSentence(target, row && row.getAttribute("data-claim")); return true; }
    if (target.matches("tr[data-claim]")) { goToRow(target); return true; }
    openAround(target);
    return false;
  }
  page.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    if (follow(link.getAttribute("href"), link)) {
      event.preventDefault();
      history.pushState(null, "", link.getAttribute("href"));
    }
  });
  window.addEventListener("hashchange", function () { follow(location.hash); });
  if (location.hash) follow(location.hash);

  // ---- a ✓ opens that outlet's own wording, under its row -----------------------------------
  page.addEventListener("click", function (event) {
    var cell = event.target.closest("td.y > a");
    if (!cell) return;
    event.preventDefault();
    var row = cell.closest("tr");
    var open = row.nextElementSibling && row.nextElementSibling.classList.contains("expanded-row") ? row.nextElementSibling : null;
    var wanted = cell.getAttribute("href").split("#")[1];
    if (open && open.getAttribute("data-for") === wanted) { open.remove(); cell.setAttribute("aria-expanded", "false"); return; }
    if (open) open.remove();
    row.querySelectorAll("td.y > a").forEach(function (a) { a.setAttribute("aria-expanded", "false"); });
    cell.setAttribute("aria-expanded", "true");
    var extra = document.createElement("tr");
    extra.className = "expanded-row";
    extra.setAttribute("data-for", wanted);
    var td = document.createElement("td");
    td.colSpan = row.cells.length;
    td.textContent = "Loading the wordings…";
    extra.appendChild(td);
    row.parentNode.insertBefore(extra, row.nextSibling);
    fetch(cell.getAttribute("href").split("#")[0], { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var body = doc.querySelector(".claim-wordings");
        td.textContent = "";
        if (!body) throw new Error("no wordings");
        td.appendChild(document.importNode(body, true));
        var mine = td.querySelector("#" + CSS.escape(wanted));
        if (mine) { mine.classList.add("current"); mine.removeAttribute("id"); }
        td.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      })
      .catch(function () {
        td.textContent = "";
        var a = document.createElement("a");
        a.href = cell.getAttribute("href");
        a.textContent = "Open this claim’s wordings";
        td.appendChild(a);
      });
  });

  // ---- client-side sort of the claims matrix ------------------------------------------------
  page.querySelectorAll("table.claims-matrix[data-sortable]").forEach(function (table) {
    var body = table.tBodies[0];
    var headers = table.querySelectorAll("thead th[data-sort]");
    headers.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.tabIndex = -1;
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(th); });
    });
    function key(row, th) {
      var kind = th.getAttribute("data-sort");
      if (kind === "order") return Number(row.getAttribute("data-order"));
      if (kind === "count") return Number(row.getAttribute("data-count"));
      var cell = row.cells[th.cellIndex];
      return cell && cell.classList.contains("y") ? 1 : 0;
    }
    function sortBy(th) {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      body.querySelectorAll("tr.expanded-row").forEach(function (r) { r.remove(); });
      var rows = Array.from(body.rows).filter(function (r) { return r.hasAttribute("data-claim"); });
      rows.sort(function (a, b) {
        var d = key(a, th) - key(b, th);
        if (d === 0) d = Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
        return ascending ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
  });
})();
