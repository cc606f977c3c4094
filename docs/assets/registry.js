/* Registry pages: status checked against the reader's date, copy buttons, and
   sortable, filterable listings. No framework and no request leaves the site. */
(function () {
  "use strict";

  function todayIso() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function daysBetween(fromIso, toIso) {
    return Math.round((Date.parse(toIso + "T00:00:00Z") - Date.parse(fromIso + "T00:00:00Z")) / 86400000);
  }

  /* The registry's status rule (generator/status.py), for the reader's date: valid only while the
     earliest possible last day has not passed, expired only once the latest has, "may have expired"
     in between. Labels without dates or without a document never change status here. */
  function statusOn(earliest, latest, today, expiringDays) {
    if (!earliest || !latest) { return null; }
    if (latest < today) { return "expired"; }
    if (earliest < today) { return "may-have-expired"; }
    return daysBetween(today, earliest) <= expiringDays ? "expiring" : "valid";
  }
  window.registryStatusOn = statusOn;

  function formatDay(iso, months) {
    var parts = iso.split("-");
    return parseInt(parts[2], 10) + " " + months[parseInt(parts[1], 10) - 1] + " " + parts[0];
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  /* The banner's sentence, as generator/labelpage.py writes it. */
  function headline(status, block, strings, today) {
    var months = strings.months.split("|");
    var earliest = block.getAttribute("data-earliest");
    var latest = block.getAttribute("data-latest");
    var values = {
      level: block.getAttribute("data-level"),
      earliest: formatDay(earliest, months),
      latest: formatDay(latest, months),
      last: formatDay(earliest, months)
    };
    var exact = earliest === latest;
    if (status === "valid" || status === "expiring") {
      var days = daysBetween(today, earliest);
      values.left = days === 0 ? strings["left-zero"] : days === 1 ? strings["left-one"]
        : fill(strings["left-many"], { days: days.toLocaleString("en-US") });
      values.precision = strings["precision-" + strings.precision];
      return fill(strings[exact ? "headline-valid" : "headline-valid_range"], values);
    }
    if (status === "may-have-expired") { return fill(strings["headline-may-have-expired"], values); }
    var checked = block.getAttribute("data-checked");
    values.checked = checked ? fill(strings["headline-expired_checked"], { date: formatDay(checked, months) }) : "";
    return fill(strings[exact ? "headline-expired" : "headline-expired_range"], values);
  }

  function recheckClusterPage(today) {
    document.querySelectorAll("[data-status-block]").forEach(function (block) {
      var built = block.getAttribute("data-build-date");
      var days = parseInt(block.getAttribute("data-expiring-days"), 10);
      var strings = {};
      var template = block.querySelector("template[data-status-strings]");
      if (!template) { return; }
      template.content.querySelectorAll("[data-key]").forEach(function (el) {
        strings[el.getAttribute("data-key")] = el.getAttribute("data-text");
      });
      if (today === built) { return; }
      var months = strings.months.split("|");
      var asof = block.querySelector("[data-status-asof]");
      asof.textContent = strings.asof
        .replace("{date}", formatDay(today, months))
        .replace("{build}", formatDay(built, months));
      var status = statusOn(block.getAttribute("data-earliest"), block.getAttribute("data-latest"), today, days);
      if (!status) { return; }
      block.className = block.className.replace(/rg-verdict--[\w-]+/, "rg-verdict--" + status);
      block.setAttribute("data-status-now", status);
      block.querySelector("[data-status-text]").textContent = strings[status];
      block.querySelector("[data-status-headline]").textContent = headline(status, block, strings, today);
    });
  }

  function recheckListings(today) {
    document.querySelectorAll("table[data-status-names]").forEach(function (table) {
      var names = JSON.parse(table.getAttribute("data-status-names"));
      var ranks = JSON.parse(table.getAttribute("data-status-ranks"));
      var days = parseInt(table.getAttribute("data-expiring-days"), 10);
      table.querySelectorAll("td[data-status-cell][data-earliest]").forEach(function (cell) {
        var status = statusOn(cell.getAttribute("data-earliest"), cell.getAttribute("data-latest"), today, days);
        var row = cell.parentNode;
        if (!status || status === row.getAttribute("data-status")) { return; }
        row.setAttribute("data-status", status);
        cell.setAttribute("data-value", ranks[status]);
        var badge = cell.querySelector(".rg-status");
        badge.className = "rg-status rg-status--" + status;
        badge.textContent = names[status];
      });
    });
  }

  function setUpCopy() {
    document.querySelectorAll("input[data-permalink-relative]").forEach(function (input) {
      // Built without the site's address: make the links absolute from where the page is served.
      var url = location.origin + location.pathname;
      var root = url.replace(/clusters\/[^\/]+\/$/, "");
      document.querySelectorAll("[data-citation]").forEach(function (citation) {
        citation.value = citation.value.split(input.value).join(url);
      });
      input.value = url;
      document.querySelectorAll("textarea[data-snippet]").forEach(function (snippet) {
        snippet.value = snippet.value.replace(/(["(<])\/(clusters|badges)\//g, "$1" + root + "$2/");
      });
    });
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        input.select();
        var done = function () {
          button.textContent = button.getAttribute("data-copied");
          setTimeout(function () { button.textContent = label; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(done, function () {});
        } else if (document.execCommand("copy")) {
          done();
        }
      });
    });
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUpListing(listing) {
    var table = listing.querySelector("table");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var haystack = rows.map(function (row) { return fold(row.textContent); });
    var panel = listing.querySelector("[data-filters]");
    var text = panel.querySelector("[data-filter-text]");
    var selects = panel.querySelectorAll("select[data-filter]");
    var count = panel.querySelector("[data-filter-count]");
    panel.hidden = false;

    function apply() {
      var query = fold(text.value.trim());
      var shown = 0;
      rows.forEach(function (row, index) {
        var visible = !query || haystack[index].indexOf(query) !== -1;
        selects.forEach(function (select) {
          var want = select.value;
          if (!want || !visible) { return; }
          var have = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
          visible = have.indexOf(want) !== -1;
        });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      count.textContent = count.getAttribute("data-template")
        .replace("{shown}", shown).replace("{total}", rows.length);
    }

    text.addEventListener("input", apply);
    selects.forEach(function (select) { select.addEventListener("change", apply); });

    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, column) {
      var kind = th.getAttribute("data-sort");
      if (!kind) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rg-sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", table.getAttribute("data-sort-label").replace("{column}", th.textContent));
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          if (other.hasAttribute("aria-sort")) { other.setAttribute("aria-sort", "none"); }
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var value = function (row) {
          var cell = row.cells[column];
          var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
          return kind === "number" ? parseFloat(raw) : raw;
        };
        rows.sort(function (a, b) {
          var x = value(a), y = value(b);
          var order = kind === "number" ? x - y : String(x).localeCompare(String(y));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        haystack = rows.map(function (row) { return fold(row.textContent); });
      });
    });
    apply();
  }

  function start() {
    var today = todayIso();
    recheckClusterPage(today);
    recheckListings(today);
    setUpCopy();
    document.querySelectorAll("[data-listing]").forEach(setUpListing);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
