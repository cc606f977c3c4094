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

  /* The registry's status rule (generator/records/status.py), for the reader's date: valid only while the
     earliest possible last day has not passed, expired only once the latest has, "may have expired"
     in between. Labels without dates or without a document never change status here. */
  /* Whether a status is that of a label valid on the day: only then is its level chip the filled one. */
  function held(status) { return status === "valid" || status === "expiring"; }

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

  /* The banner's sentence, as generator/pages/labeltext.py writes it. */
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
    var key = status === "expiring" ? "valid" : status;
    if (key === "valid") {
      var days = daysBetween(today, earliest);
      values.left = days === 0 ? strings["left-zero"] : days === 1 ? strings["left-one"]
        : fill(strings["left-many"], { days: days.toLocaleString("en-US") });
      values.precision = strings["precision-" + strings.precision];
    } else if (key === "expired") {
      var checked = block.getAttribute("data-checked");
      values.checked = checked ? fill(strings["headline-expired_checked"], { date: formatDay(checked, months) }) : "";
    }
    /* Which headline, as headline_key in generator/pages/labeltext.py chooses it: an end by the
       registry's rule (no document gives one) says so in its own words. */
    if (block.getAttribute("data-basis") === "rule") {
      values.rule = block.getAttribute("data-rule");
      key += "_rule" + (exact && key !== "may-have-expired" ? "_exact" : "");
    } else if (key !== "may-have-expired" && !exact) {
      key += "_range";
    }
    return fill(strings["headline-" + key], values);
  }

  function recheckClusterPage(today) {
    document.querySelectorAll("[data-status-block]").forEach(function (block) {
      var built = block.getAttribute("data-build-date");
      var days = parseInt(block.getAttribute("data-expiring-days"), 10);
      // The words are the site's, shared by every label page (assets/registry-words.js, loaded with defer).
      if (!window.registryWords || today === built) { return; }
      var strings = Object.assign({ precision: block.getAttribute("data-precision") }, window.registryWords);
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

  /* On paper, the day it was printed: "printed from <address> on <day>", in the page's words. */
  function markPrintDate() {
    var months = window.registryWords ? window.registryWords.months.split("|") : null;
    document.querySelectorAll("[data-print-date]").forEach(function (span) {
      if (months) { span.textContent = span.getAttribute("data-print-words").replace("{date}", formatDay(todayIso(), months)); }
    });
  }
  window.addEventListener("beforeprint", markPrintDate);

  function recheckListings(today) {
    var listing = document.querySelector("[data-listing]");
    if (!listing) { return; }
    var names = JSON.parse(listing.getAttribute("data-status-names"));
    var ranks = JSON.parse(listing.getAttribute("data-status-ranks"));
    var days = parseInt(listing.getAttribute("data-expiring-days"), 10);
    document.querySelectorAll("table[data-group] td[data-status-cell][data-earliest]").forEach(function (cell) {
      var status = statusOn(cell.getAttribute("data-earliest"), cell.getAttribute("data-latest"), today, days);
      var row = cell.parentNode;
      if (!status || status === row.getAttribute("data-status")) { return; }
      row.setAttribute("data-status", status);
      cell.setAttribute("data-value", ranks[status]);
      var badge = cell.querySelector(".rg-status");
      badge.className = "rg-status rg-status--" + status;
      badge.textContent = names[status];
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

  /* Listings. The page holds one listing (split under two headings on a level page) in the default order:
     holders of a valid label first, then the level, then the name (generator/pages/rows.py). Filters, order and
     search live in the address. A listing longer than a page filters and sorts all its rows from its data
     file, fetched the first time a filter is used; a one-page listing works on its own rows. */
  var FILTERS = ["level", "country", "sector", "status"];
  var HOLDING = { valid: true, expiring: true };
  var DRAW_SIZE = 100;
  var FIRST_DIRECTION = { name: "name", level: "-level", status: "status", until: "until", country: "country" };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function setUpListing(listing, today) {
    var cfg = {
      root: listing.getAttribute("data-root"),
      total: parseInt(listing.getAttribute("data-total"), 10),
      pages: parseInt(listing.getAttribute("data-pages"), 10),
      pageSize: parseInt(listing.getAttribute("data-page-size"), 10),
      source: listing.getAttribute("data-source"),
      omit: listing.getAttribute("data-omit") || "",
      names: JSON.parse(listing.getAttribute("data-status-names")),
      ranks: JSON.parse(listing.getAttribute("data-status-ranks")),
      days: parseInt(listing.getAttribute("data-expiring-days"), 10),
      marker: listing.getAttribute("data-default-marker")
    };
    /* Rows filtered from a data file are shown a hundred at a time: a redraw stays quick at any size. */
    cfg.drawSize = cfg.source ? Math.min(cfg.pageSize, DRAW_SIZE) : cfg.pageSize;
    var panel = listing.querySelector("[data-filters]");
    var text = panel.querySelector("[data-filter-text]");
    var selects = {};
    panel.querySelectorAll("select[data-filter]").forEach(function (select) {
      selects[select.getAttribute("data-filter")] = select;
    });
    var sortSelect = panel.querySelector("[data-sort-select]");
    var count = panel.querySelector("[data-filter-count]");
    var serverPager = document.querySelector("[data-pager]");
    var clientPager = null;
    var groups = [];
    document.querySelectorAll("table[data-group]").forEach(function (table) {
      var key = table.getAttribute("data-group");
      groups.push({
        key: key, table: table, wrap: table.parentNode, body: table.tBodies[0],
        heading: document.getElementById(key), original: Array.prototype.slice.call(table.tBodies[0].rows),
        caption: table.querySelector("[data-caption-count]")
      });
    });
    groups.forEach(function (group) { group.originalCaption = group.caption.textContent; });
    var grouped = groups.length && groups[0].key !== "all";
    if (grouped && groups.length === 1) {
      /* A later page of a level may hold only one of the two groups: make the other from it. */
      var only = groups[0];
      var otherKey = only.key === "current" ? "others" : "current";
      var wrap = only.wrap.cloneNode(true);
      var table = wrap.querySelector("table");
      table.setAttribute("data-group", otherKey);
      table.tBodies[0].textContent = "";
      var heading = el("h2", "", listing.getAttribute("data-heading-" + otherKey));
      heading.id = otherKey;
      var other = {
        key: otherKey, table: table, wrap: wrap, body: table.tBodies[0], heading: heading, original: [],
        caption: table.querySelector("[data-caption-count]"), originalCaption: ""
      };
      wrap.hidden = heading.hidden = true;
      if (otherKey === "current") {
        only.heading.parentNode.insertBefore(heading, only.heading);
        only.heading.parentNode.insertBefore(wrap, only.heading);
        groups.unshift(other);
      } else {
        only.wrap.parentNode.insertBefore(wrap, only.wrap.nextSibling);
        only.wrap.parentNode.insertBefore(heading, wrap);
        groups.push(other);
      }
    }
    var collator = new Intl.Collator(document.documentElement.lang || "en", { sensitivity: "base", numeric: true });
    var model = null;
    var loading = null;
    var orders = {};
    var drawn = 0;

    function decorate(row, index) {
      row.index = index;
      row.holding = HOLDING[row.status] ? 0 : 1;
      return row;
    }

    function fromPage() {
      var rows = [];
      groups.forEach(function (group) {
        group.original.forEach(function (tr) {
          var name = tr.cells[0];
          var acronym = name.querySelector(".rg-acronym");
          rows.push(decorate({
            id: tr.getAttribute("data-id"), name: name.getAttribute("data-value"),
            level: tr.getAttribute("data-level"), status: tr.getAttribute("data-status"),
            rank: parseFloat(tr.cells[1].getAttribute("data-value")), earliest: tr.cells[3].getAttribute("data-value"),
            country: tr.getAttribute("data-country"),
            countryName: cfg.omit === "country" ? "" : tr.cells[4].getAttribute("data-value"),
            sectors: tr.getAttribute("data-sector").split(" "), node: tr, hay: null,
            acronym: acronym ? acronym.textContent : ""
          }, rows.length));
        });
      });
      return rows;
    }

    function fromData(data) {
      var f = {};
      data.fields.forEach(function (name, i) { f[name] = i; });
      return data.rows.map(function (a, index) {
        var status = a[f.status];
        if (status !== "undetermined" && status !== "undocumented") {
          status = statusOn(a[f.earliest], a[f.latest], today, cfg.days) || status;
        }
        var level = data.levels[a[f.level]];
        return decorate({
          id: a[f.id], name: a[f.name], acronym: a[f.acronym], level: a[f.level], levelWord: level[0], rank: level[1],
          status: status, earliest: a[f.earliest], latest: a[f.latest], until: a[f.valid_until],
          isDefault: a[f["default"]] === 1, country: a[f.country], countryName: data.countries[a[f.country]],
          city: a[f.city], sectors: a[f.sectors],
          sectorNames: a[f.sectors].map(function (s) { return data.sectors[s]; }), node: null, hay: null
        }, index);
      }).map(function (row) {
        haystack(row); /* folded once while the data loads, not on the first search */
        return row;
      });
    }

    function haystack(row) {
      if (row.hay === null) {
        row.hay = fold(row.node ? row.node.textContent : [row.name, row.acronym, row.levelWord, cfg.names[row.status],
          row.until, row.countryName, row.city].concat(row.sectorNames).join(" "));
      }
      return row.hay;
    }

    var labelCache = null;
    function columnLabels() {
      if (!labelCache) {
        labelCache = Array.prototype.map.call(groups[0].table.tHead.rows[0].cells, function (th) {
          return th.getAttribute("data-label-text");
        });
      }
      return labelCache;
    }

    function build(row) {
      var root = cfg.root;
      var tr = el("tr");
      tr.setAttribute("data-id", row.id);
      tr.setAttribute("data-level", row.level);
      tr.setAttribute("data-status", row.status);
      tr.setAttribute("data-country", row.country);
      tr.setAttribute("data-sector", row.sectors.join(" "));
      var labels = columnLabels();
      var cells = [];
      var name = el("th");
      name.scope = "row";
      name.appendChild(link(root + "clusters/" + row.id + "/", row.name));
      if (row.acronym) {
        name.appendChild(document.createTextNode(" "));
        name.appendChild(el("span", "rg-acronym", "(" + row.acronym + ")"));
      }
      cells.push(name);
      var level = el("td", "rg-cell--level");
      level.appendChild(el("span", "rg-level rg-level--" + row.level + (held(row.status) ? "" : " rg-level--past"), row.levelWord));
      cells.push(level);
      var status = el("td", "rg-cell--status");
      status.appendChild(el("span", "rg-status rg-status--" + row.status, cfg.names[row.status]));
      cells.push(status);
      var until = el("td", "rg-cell--until", row.until);
      if (row.isDefault) {
        until.appendChild(document.createTextNode(" "));
        until.appendChild(el("span", "rg-default", cfg.marker));
      }
      cells.push(until);
      var country = null;
      if (cfg.omit !== "country") {
        country = el("td", "rg-cell--country");
        country.appendChild(link(root + "countries/" + row.country.toLowerCase() + "/", row.countryName));
        cells.push(country);
      }
      cells.push(el("td", "rg-cell--city", row.city));
      var sectors = el("td", "rg-cell--sectors");
      row.sectors.forEach(function (sid, i) {
        if (i) { sectors.appendChild(document.createTextNode(", ")); }
        sectors.appendChild(link(root + "sectors/" + sid + "/", row.sectorNames[i]));
      });
      cells.push(sectors);
      /* The values the server's rows sort by, so both kinds of row read alike. */
      name.setAttribute("data-value", row.name);
      level.setAttribute("data-value", String(row.rank));
      status.setAttribute("data-value", String(cfg.ranks[row.status]));
      status.setAttribute("data-status-cell", "");
      until.setAttribute("data-value", row.earliest);
      if (country) { country.setAttribute("data-value", row.countryName); }
      cells.forEach(function (cell, i) {
        cell.setAttribute("data-label", labels[i]);
        tr.appendChild(cell);
      });
      return tr;
    }

    function ensureModel() {
      if (model) { return Promise.resolve(model); }
      if (!cfg.source) {
        model = fromPage();
        return Promise.resolve(model);
      }
      if (!loading) {
        listing.setAttribute("aria-busy", "true");
        loading = fetch(cfg.source).then(function (response) {
          if (!response.ok) { throw new Error(cfg.source + ": " + response.status); }
          return response.json();
        }).then(function (data) {
          model = fromData(data);
          listing.removeAttribute("aria-busy");
          return model;
        });
      }
      return loading;
    }

    /* The server's order by name breaks ties, so a label found expired on the reader's day moves down. */
    function byDefault(a, b) {
      return a.holding - b.holding || b.rank - a.rank || a.index - b.index;
    }

    var KEYS = {
      name: function (a, b) { return collator.compare(a.name, b.name); },
      level: function (a, b) { return a.rank - b.rank; },
      status: function (a, b) { return cfg.ranks[a.status] - cfg.ranks[b.status]; },
      until: function (a, b) { return a.earliest < b.earliest ? -1 : a.earliest > b.earliest ? 1 : 0; },
      country: function (a, b) { return collator.compare(a.countryName, b.countryName); }
    };

    /* Every order is sorted once and kept: a filter change then only walks the rows. Unknown dates go last
       whichever the direction; rows that compare equal keep the default order. */
    function ordered(sort) {
      if (!orders[""]) { orders[""] = model.slice().sort(byDefault); }
      if (!sort || !KEYS[sort.replace(/^-/, "")]) { return orders[""]; }
      if (!orders[sort]) {
        var key = sort.replace(/^-/, "");
        var sign = sort.charAt(0) === "-" ? -1 : 1;
        var compare = KEYS[key];
        orders[sort] = orders[""].slice().sort(function (a, b) {
          if (key === "until" && (!a.earliest || !b.earliest)) { return (a.earliest ? 0 : 1) - (b.earliest ? 0 : 1); }
          return sign * compare(a, b);
        });
      }
      return orders[sort];
    }

    function readAddress() {
      var params = new URLSearchParams(location.search);
      var state = { q: params.get("q") || "", sort: params.get("sort") || "", page: parseInt(params.get("page"), 10) || 1 };
      FILTERS.forEach(function (key) {
        var value = params.get(key) || "";
        var select = selects[key];
        /* A filter this page does not offer, or a value it does not know, is left out. */
        var option = select && Array.prototype.filter.call(select.options, function (o) {
          return o.value.toLowerCase() === value.toLowerCase();
        })[0];
        state[key] = value && option ? option.value : "";
      });
      if (!Array.prototype.some.call(sortSelect.options, function (o) { return o.value === state.sort; })) { state.sort = ""; }
      return state;
    }

    function readControls() {
      var state = { q: text.value.trim(), sort: sortSelect.value, page: 1 };
      FILTERS.forEach(function (key) { state[key] = selects[key] ? selects[key].value : ""; });
      return state;
    }

    function setControls(state) {
      text.value = state.q;
      sortSelect.value = state.sort;
      FILTERS.forEach(function (key) { if (selects[key]) { selects[key].value = state[key]; } });
    }

    function isDefault(state) {
      return !state.q && !state.sort && state.page === 1 && FILTERS.every(function (key) { return !state[key]; });
    }

    function address(state) {
      var params = new URLSearchParams();
      FILTERS.forEach(function (key) {
        if (state[key]) { params.set(key, key === "country" ? state[key].toLowerCase() : state[key]); }
      });
      if (state.q) { params.set("q", state.q); }
      if (state.sort) { params.set("sort", state.sort); }
      if (state.page > 1) { params.set("page", String(state.page)); }
      var query = params.toString();
      return location.pathname + (query ? "?" + query : "") + location.hash;
    }

    function matcher(state) {
      var query = fold(state.q);
      return function (row) {
        if (state.level && row.level !== state.level) { return false; }
        if (state.country && row.country !== state.country) { return false; }
        if (state.sector && row.sectors.indexOf(state.sector) === -1) { return false; }
        if (state.status) {
          if (state.status === "valid" ? !HOLDING[row.status] : row.status !== state.status) { return false; }
        }
        return !query || haystack(row).indexOf(query) !== -1;
      };
    }

    function caption(group, n) {
      group.caption.textContent = n === 1 ? listing.getAttribute("data-one")
        : listing.getAttribute("data-many").replace("{count}", n.toLocaleString("en-US"));
    }

    function showCount(shown) {
      count.textContent = count.getAttribute("data-template")
        .replace("{shown}", shown.toLocaleString("en-US")).replace("{total}", cfg.total.toLocaleString("en-US"));
    }

    function markSort(sort) {
      var key = sort.replace(/^-/, "");
      var direction = sort.charAt(0) === "-" ? "descending" : "ascending";
      document.querySelectorAll("table[data-group] th[data-sort]").forEach(function (th) {
        th.setAttribute("aria-sort", th.getAttribute("data-sort") === key ? direction : "none");
      });
    }

    function fillGroups(byGroup) {
      groups.forEach(function (group) {
        var rows = byGroup[group.key] || [];
        var fragment = document.createDocumentFragment();
        rows.forEach(function (node) { fragment.appendChild(node); });
        group.body.textContent = "";
        group.body.appendChild(fragment);
        group.wrap.hidden = rows.length === 0;
        if (group.heading) { group.heading.hidden = rows.length === 0; }
      });
    }

    function restore() {
      var byGroup = {};
      groups.forEach(function (group) {
        byGroup[group.key] = group.original;
        group.caption.textContent = group.originalCaption;
      });
      fillGroups(byGroup);
      if (clientPager) { clientPager.hidden = true; }
      if (serverPager) { serverPager.hidden = false; }
      markSort("");
      showCount(cfg.total);
      announce(null);
    }

    /* The rows the filters keep, for a map on the same page (null: every row). */
    function announce(ids) {
      listing.dispatchEvent(new CustomEvent("registry:listing", { bubbles: true, detail: { ids: ids } }));
    }

    function pagerFor(state, pages) {
      if (!clientPager) {
        clientPager = el("nav", "rg-pages");
        clientPager.setAttribute("aria-label", listing.getAttribute("data-pages-label"));
        clientPager.addEventListener("click", function (event) {
          var target = event.target.closest("a[data-page]");
          if (!target) { return; }
          event.preventDefault();
          var next = readControls();
          next.page = parseInt(target.getAttribute("data-page"), 10);
          history.pushState(null, "", address(next));
          show(next);
          listing.scrollIntoView();
        });
        var last = groups[groups.length - 1].wrap;
        last.parentNode.insertBefore(clientPager, last.nextSibling);
      }
      clientPager.textContent = "";
      clientPager.hidden = pages < 2;
      var list = el("ul");
      var previous = 0;
      for (var n = 1; n <= pages; n += 1) {
        /* The first and last pages and two either side of the current one; a gap stands for the rest. */
        if (n !== 1 && n !== pages && Math.abs(n - state.page) > 2) { continue; }
        if (n - previous > 1) { list.appendChild(el("li", "rg-pages__gap", "…")); }
        previous = n;
        var item = el("li");
        var a = link(address(Object.assign({}, state, { page: n })), String(n));
        a.setAttribute("data-page", String(n));
        if (n === state.page) { a.setAttribute("aria-current", "page"); }
        item.appendChild(a);
        list.appendChild(item);
      }
      clientPager.appendChild(list);
    }

    function draw(state) {
      var keep = matcher(state);
      var matches = ordered(state.sort).filter(keep);
      var pages = Math.max(1, Math.ceil(matches.length / cfg.drawSize));
      state.page = Math.min(Math.max(1, state.page), pages);
      var slice = matches.slice((state.page - 1) * cfg.drawSize, state.page * cfg.drawSize);
      var byGroup = {};
      var totals = {};
      var groupOf = function (row) { return grouped ? (row.holding ? "others" : "current") : "all"; };
      matches.forEach(function (row) { totals[groupOf(row)] = (totals[groupOf(row)] || 0) + 1; });
      slice.forEach(function (row) {
        var key = groupOf(row);
        if (!row.node) { row.node = build(row); }
        (byGroup[key] = byGroup[key] || []).push(row.node);
      });
      fillGroups(byGroup);
      groups.forEach(function (group) { caption(group, totals[group.key] || 0); });
      if (serverPager) { serverPager.hidden = true; }
      pagerFor(state, pages);
      markSort(state.sort);
      showCount(matches.length);
      announce(matches.map(function (row) { return row.id; }));
      drawn += 1;
      listing.setAttribute("data-drawn", String(drawn));
    }

    function show(state) {
      if (isDefault(state) && cfg.source) {
        restore();
        drawn += 1;
        listing.setAttribute("data-drawn", String(drawn));
        return Promise.resolve();
      }
      return ensureModel().then(function () { draw(state); });
    }

    function changed(push) {
      var state = readControls();
      history[push ? "pushState" : "replaceState"](null, "", address(state));
      return show(state);
    }

    text.addEventListener("input", function () { changed(false); });
    Object.keys(selects).forEach(function (key) { selects[key].addEventListener("change", function () { changed(true); }); });
    sortSelect.addEventListener("change", function () { changed(true); });
    window.addEventListener("popstate", function () {
      var state = readAddress();
      setControls(state);
      show(state);
    });

    document.querySelectorAll("table[data-group]").forEach(function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        var key = th.getAttribute("data-sort");
        th.setAttribute("data-label-text", th.textContent);
        if (!key) { return; }
        var button = el("button", "rg-sort", th.textContent);
        button.type = "button";
        button.setAttribute("aria-label", table.getAttribute("data-sort-label").replace("{column}", th.textContent));
        th.textContent = "";
        th.appendChild(button);
        th.setAttribute("aria-sort", "none");
        button.addEventListener("click", function () {
          var first = FIRST_DIRECTION[key];
          var other = first.charAt(0) === "-" ? key : "-" + key;
          sortSelect.value = sortSelect.value === first ? other : first;
          changed(true);
        });
      });
    });

    /* For tests and measurements: redraw with a state, resolved once the rows are in the page. */
    listing.registryShow = function (state) {
      var full = Object.assign({ q: "", sort: "", page: 1, level: "", country: "", sector: "", status: "" }, state);
      setControls(full);
      return show(full);
    };

    panel.hidden = false;
    var initial = readAddress();
    setControls(initial);
    show(initial);
  }

  /* Material gives each code block's copy button a <nav> of its own: several unnamed navigation
     landmarks on one page (the contribution guide has a dozen). Each is named after its block. */
  function unlandmarkCodeButtons() {
    var relabel = function () {
      document.querySelectorAll("nav.md-code__nav").forEach(function (nav, i) {
        nav.setAttribute("aria-label", "Code block " + (i + 1));
      });
    };
    relabel();
    var article = document.querySelector("article");
    if (article && window.MutationObserver) {
      new MutationObserver(relabel).observe(article, { childList: true, subtree: true });
    }
  }

  function start() {
    unlandmarkCodeButtons();
    var today = todayIso();
    recheckClusterPage(today);
    recheckListings(today);
    setUpCopy();
    var listing = document.querySelector("[data-listing]");
    if (listing) { setUpListing(listing, today); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
