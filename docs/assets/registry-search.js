/* The registry's search box: Pagefind's index, loaded in fragments and only once the
   visitor focuses the box (or opens it on a phone); results in Material's markup,
   one per cluster, country, sector or level, with the label's level and status. */
(function () {
  "use strict";

  var root = document.querySelector("[data-registry-search]");
  if (!root) { return; }
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector("form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI);
  var siteRoot = bundle.pathname.replace(/pagefind\/pagefind\.js$/, "");
  var statusWords = JSON.parse(root.getAttribute("data-status-words") || "null");
  var config = document.getElementById("__config");
  var translations = config ? JSON.parse(config.textContent).translations : {};
  var SHOWN = 10;
  var WEIGHED = 60; /* results whose data is read to rank them: exact matches, then valid labels */
  var LEVELS = { bronze: 1, silver: 2, gold: 3 };
  var loading = null;

  function text(key, fallback) { return translations[key] || fallback; }

  // A name with one-letter words comes whole as hexadecimal UTF-8 (see generator/pages/search.py).
  function shownName(meta) {
    if (!meta.name || !/^(?:[0-9a-f]{2})+$/.test(meta.name)) { return meta.title; }
    var bytes = new Uint8Array(meta.name.length / 2);
    for (var i = 0; i < bytes.length; i++) { bytes[i] = parseInt(meta.name.substr(i * 2, 2), 16); }
    return new TextDecoder().decode(bytes);
  }

  function load() {
    if (!loading) {
      loading = import(bundle.href).then(function (pagefind) {
        return pagefind.options({
          baseUrl: siteRoot,
          excerptLength: 18
        }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  function todayIso() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  /* The status on the reader's day where the result carries its end window (the rule of
     generator/records/status.py, as the label page applies it); otherwise the status of the build. */
  function status(data) {
    var m = data.meta;
    var key = m.status;
    if (statusWords && m.earliest && m.latest && window.registryStatusOn) {
      key = window.registryStatusOn(m.earliest, m.latest, todayIso(), statusWords.expiring_within_days) || key;
    }
    var word = statusWords && statusWords.words[key] ? statusWords.words[key] : m.status_text;
    return { key: key, word: word };
  }

  function chip(className, label) {
    var span = document.createElement("span");
    span.className = className;
    span.textContent = label;
    return span;
  }

  function item(data, reachable) {
    var m = data.meta;
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    if (!reachable) { a.tabIndex = -1; }
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset rg-search-hit rg-search-hit--" + m.kind;
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var h = document.createElement("h1");
    var name = shownName(m);
    h.textContent = name;
    if (m.acronym && name.indexOf(m.acronym) === -1) {
      h.appendChild(document.createTextNode(" (" + m.acronym + ")"));
    }
    var p = document.createElement("p");
    p.className = "md-search-result__teaser rg-search-facts";
    if (m.kind === "cluster") {
      var st = status(data);
      var held = st.key === "valid" || st.key === "expiring";
      p.appendChild(chip("rg-level rg-level--" + m.level.toLowerCase() + (held ? "" : " rg-level--past"), m.level));
      p.appendChild(document.createTextNode(" "));
      p.appendChild(chip("rg-status rg-status--" + st.key, st.word));
      if (m.place) { p.appendChild(document.createTextNode(" " + m.place)); }
    } else {
      /* A page's own summary; Pagefind's excerpt of a hand-written page may be a table of file names. */
      p.textContent = m.summary || "";
      if (!m.summary && data.excerpt && m.kind !== "page") {
        /* Pagefind's excerpt: page text with the matched words in <mark>, nothing else. */
        p.innerHTML = data.excerpt;
      }
    }
    article.appendChild(icon);
    article.appendChild(h);
    article.appendChild(p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function same(a, b) {
    var plain = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); };
    return !!a && !!b && plain(a) === plain(b);
  }

  /* A query's words that name a level ("gold spain") filter the results to that level; the other
     words are what Pagefind searches for. */
  function parse(query) {
    var words = query.split(/\s+/).filter(Boolean);
    var levels = words.filter(function (w) { return LEVELS[w.toLowerCase()]; });
    var rest = words.filter(function (w) { return !LEVELS[w.toLowerCase()]; });
    return {
      words: rest.length ? rest.join(" ") : query, level: rest.length && levels.length ? levels[0].toUpperCase() : "",
      country: "", countryWords: ""
    };
  }

  /* The country a text names, in any of the languages its country result lists ("Spanien", "España"):
     its code, or "" (the index's own country results, so no list of names is loaded). */
  function countryNamed(pagefind, words) {
    return pagefind.search(words).then(function (search) {
      return Promise.all(search.results.slice(0, 5).map(function (r) { return r.data(); }));
    }).then(function (found) {
      var hit = found.filter(function (d) {
        return d.meta.kind === "country" && (d.meta.names || d.meta.title).split("|").some(function (n) {
          return same(n, words);
        });
      })[0];
      return hit ? hit.meta.code : "";
    });
  }

  /* Beside other words, a country's name is a filter too ("gold spain", "Spanien Automobil"): the last
     words that name a country, one word or two ("czech republic"), leave the words Pagefind looks for. */
  function withCountry(pagefind, parsed, query) {
    var words = parsed.words.split(/\s+/).filter(Boolean);
    var others = query.split(/\s+/).filter(Boolean).length > words.length;
    if (words.length < 2 && !others) { return Promise.resolve(parsed); }
    var n = words.length;
    var tries = n >= 2 ? [[n - 2, 2], [n - 1, 1], [0, 1]] : [[0, 1]];
    var attempt = function (i) {
      if (i >= tries.length) { return Promise.resolve(parsed); }
      var start = tries[i][0];
      var span = tries[i][1];
      var named = words.slice(start, start + span).join(" ");
      return countryNamed(pagefind, named).then(function (code) {
        if (!code) { return attempt(i + 1); }
        var rest = words.slice(0, start).concat(words.slice(start + span));
        return {
          words: rest.length ? rest.join(" ") : named, level: parsed.level, country: code, countryWords: named
        };
      });
    };
    return attempt(0);
  }

  function held(d) {
    var key = status(d).key;
    return d.meta.kind === "cluster" && (key === "valid" || key === "expiring");
  }

  /* Pagefind ranks by words alone. A result whose name, acronym or country code is exactly the query
     comes first ("CZ" is Czechia). Among the clusters, in the places Pagefind gave clusters, those
     holding a valid label come first, then by level; countries, sectors and levels keep their places,
     and hand-written pages go last. Pagefind's order decides among equals. */
  function ranked(hits, query) {
    var exact = function (d) {
      return same(shownName(d.meta), query) || same(d.meta.acronym, query) || same(d.meta.code, query);
    };
    var first = hits.filter(exact);
    var rest = hits.filter(function (d) { return !exact(d); });
    var pages = rest.filter(function (d) { return d.meta.kind === "page"; });
    var others = rest.filter(function (d) { return d.meta.kind !== "page"; });
    var clusters = others.filter(function (d) { return d.meta.kind === "cluster"; });
    var weight = function (d) { return (held(d) ? 0 : 10) - (LEVELS[(d.meta.level || "").toLowerCase()] || 0); };
    var sorted = clusters.map(function (d, i) { return { d: d, w: weight(d), i: i }; }).sort(function (a, b) {
      return a.w - b.w || a.i - b.i;
    }).map(function (x) { return x.d; });
    var next = 0;
    var placed = others.map(function (d) { return d.meta.kind === "cluster" ? sorted[next++] : d; });
    return first.concat(placed, pages);
  }

  /* The whole result set, in the list of all clusters with the same words and level. */
  function allResults(n, parsed) {
    var li = document.createElement("li");
    li.className = "rg-search-all";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    var params = new URLSearchParams();
    if (!parsed.country || parsed.words !== parsed.countryWords) { params.set("q", parsed.words); }
    if (parsed.level) { params.set("level", parsed.level.toLowerCase()); }
    if (parsed.country) { params.set("country", parsed.country.toLowerCase()); }
    a.href = siteRoot + "clusters/?" + params.toString();
    a.tabIndex = -1;
    a.textContent = text("search.result.all", "All # results, in the list of clusters").replace("#", n);
    li.appendChild(a);
    return li;
  }

  function count(n) {
    if (n === 0) { return text("search.result.none", "No matching documents"); }
    if (n === 1) { return text("search.result.one", "1 matching document"); }
    return text("search.result.other", "# matching documents").replace("#", n);
  }

  /* The results of ``query`` in ``where`` (the header's box, or a box on the page with its own list):
     ``meta`` says how many, ``list`` holds them. */
  var header = { meta: meta, list: list, reachable: false, latest: 0 };

  function show(query, where) {
    where = where || header;
    var meta = where.meta;
    var list = where.list;
    var ticket = ++where.latest;
    if (!query) {
      meta.textContent = where === header ? text("search.result.placeholder", "Type to start searching") : "";
      list.textContent = "";
      return;
    }
    var parsed = parse(query);
    var engine = null;
    load().then(function (pagefind) {
      engine = pagefind;
      return new Promise(function (resolve) { setTimeout(resolve, 80); });
    }).then(function () {
      if (ticket !== where.latest) { return null; }
      return withCountry(engine, parsed, query);
    }).then(function (withPlace) {
      if (!withPlace || ticket !== where.latest) { return null; }
      parsed = withPlace;
      return engine.search(parsed.words);
    }).then(function (search) {
      if (!search || ticket !== where.latest) { return null; }
      return Promise.all(search.results.slice(0, WEIGHED).map(function (r) { return r.data(); }))
        .then(function (hits) {
          if (ticket !== where.latest) { return; }
          var total = search.results.length;
          if (parsed.level || parsed.country) {
            hits = hits.filter(function (d) {
              return d.meta.kind === "cluster" && (!parsed.level || d.meta.level === parsed.level) &&
                (!parsed.country || d.meta.country === parsed.country);
            });
            total = hits.length;
          }
          meta.textContent = count(total);
          list.textContent = "";
          ranked(hits, query).slice(0, SHOWN).forEach(function (data) { list.appendChild(item(data, where.reachable)); });
          if (total > SHOWN) {
            var all = allResults(total, parsed);
            if (where.reachable) { all.firstChild.removeAttribute("tabindex"); }
            list.appendChild(all);
          }
        });
    }).catch(function () {
      meta.textContent = text("search.result.none", "No matching documents");
    });
  }

  input.addEventListener("focus", function () { open(); load(); });
  input.addEventListener("input", function () { show(input.value.trim()); });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement !== input) { input.focus(); }
    });
  }
  form.addEventListener("reset", function () {
    setTimeout(function () { show(""); input.focus(); }, 0);
  });
  form.addEventListener("submit", function (event) {
    var first = list.querySelector("a");
    event.preventDefault();
    if (first) { window.location.href = first.href; }
  });
  root.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest(".md-search-result__link")) { close(); }
  });

  /* Other boxes that ask the same question (the home page's "Check a cluster's label", the
     missing-address page's): what is typed there goes on in this box, which loads the index only
     then. Without script they send the query to the list of all clusters. The missing-address
     page offers the last part of the address it was asked for, in words. */
  document.querySelectorAll("form[data-search-opener]").forEach(function (opener) {
    var field = opener.querySelector("input");
    if (opener.hasAttribute("data-search-from-path")) {
      var parts = location.pathname.split("/").filter(Boolean);
      var last = parts.length ? parts[parts.length - 1] : "";
      try { last = decodeURIComponent(last); } catch (e) { /* keep it as it came */ }
      field.value = last.replace(/\.html?$/, "").replace(/[-_+]+/g, " ").trim();
    }
    /* The box keeps what is typed; its results are listed under it, reachable with Tab. */
    var results = document.createElement("div");
    results.className = "rg-check__results";
    var count = document.createElement("p");
    count.className = "rg-check__count";
    count.setAttribute("role", "status");
    var own = document.createElement("ol");
    own.className = "md-search-result__list";
    results.appendChild(count);
    results.appendChild(own);
    opener.appendChild(results);
    var where = { meta: count, list: own, reachable: true, latest: 0 };
    field.addEventListener("input", function () { show(field.value.trim(), where); });
    opener.addEventListener("submit", function (event) {
      var first = own.querySelector("a");
      if (first) {
        event.preventDefault();
        window.location.href = first.href;
      }
    });
    if (field.value) { show(field.value.trim(), where); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) { return; }
    var active = document.activeElement;
    var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
    var inSearch = root.contains(active);
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (inSearch && event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (inSearch && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      var links = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a")));
      var at = Math.max(0, links.indexOf(active));
      var next = (at + links.length + (event.key === "ArrowUp" ? -1 : 1)) % links.length;
      event.preventDefault();
      links[next].focus();
    }
  });
}());
