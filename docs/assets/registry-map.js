/* Markers for the maps folium draws: read from the registry's GeoJSON file and
   grouped in ONE Leaflet.markercluster layer, so groups at one place merge and
   markers at the same coordinate spread out (spiderfy) when their group is
   selected. A group's icon is a ring showing the share of each kind (level of
   a valid label, or status) in the markers' colours. Statuses are checked
   again against the reader's date; record text only ever goes in textContent. */
(function () {
  "use strict";

  var LETTERS = { gold: "G", silver: "S", bronze: "B", expired: "×", open: "?" };
  var KINDS = ["gold", "silver", "bronze", "open", "expired"];
  var LEVELS = ["gold", "silver", "bronze"];
  var STATUS_GROUPS = ["valid", "open", "expired"];
  /* Holders of a valid label are drawn above the others, expired ones lowest. */
  var RAISE = { gold: 3000, silver: 3000, bronze: 3000, open: 1500, expired: 0 };
  var SVG = "http://www.w3.org/2000/svg";

  function todayIso() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  /* The status on the reader's date, by the rule of generator/records/status.py (registry.js shares it). */
  function statusNow(p, today) {
    var rule = window.registryStatusOn;
    var now = rule && p.earliest_last_day ? rule(p.earliest_last_day, p.latest_last_day, today, 90) : null;
    return now && p.status !== "undetermined" && p.status !== "undocumented" ? now : p.status;
  }

  function statusGroup(status) {
    return status === "valid" || status === "expiring" ? "valid" : status === "expired" ? "expired" : "open";
  }

  function popup(p, status, options) {
    var strings = options.strings;
    var box = element("div", "", "rg-popup");
    box.appendChild(element("strong", p.name));
    var level = element("p");
    var held = status === "valid" || status === "expiring";
    level.appendChild(element("span", strings.levels[p.level], "rg-level rg-level--" + p.level + (held ? "" : " rg-level--past")));
    level.appendChild(document.createTextNode(" "));
    level.appendChild(element("span", strings.status[status], "rg-status rg-status--" + status));
    box.appendChild(level);
    if (p.valid_until_text) {
      box.appendChild(element("p", strings.valid_until + ": " + p.valid_until_text +
        (p.valid_until_is_default ? " (" + strings["default"] + ")" : "")));
    }
    if (p.city) { box.appendChild(element("p", p.city)); }
    var link = element("a", strings.open);
    link.href = options.root + p.url;
    box.appendChild(link);
    return box;
  }

  /* Where a group lies, in words: its one city, else its one country, else its countries. */
  function placeOf(markers, strings) {
    var cities = {};
    var countries = {};
    markers.forEach(function (m) {
      cities[m.options.city || ""] = true;
      countries[m.options.country] = true;
    });
    var codes = Object.keys(countries).sort();
    var names = codes.map(function (code) { return strings.countries[code] || code; });
    var city = Object.keys(cities);
    if (codes.length === 1) { return city.length === 1 && city[0] ? city[0] + ", " + names[0] : names[0]; }
    return names.length <= 3 ? names.join(", ") : fill(strings.group_countries, { count: names.length });
  }

  /* The group's icon: a ring cut in one arc per kind, the count in the middle, and the mix in words. */
  function groupIcon(cluster, strings) {
    var counts = { gold: 0, silver: 0, bronze: 0, open: 0, expired: 0 };
    var children = cluster.getAllChildMarkers();
    for (var i = 0; i < children.length; i += 1) { counts[children[i].options.kind] += 1; }
    var total = children.length;
    var size = total < 10 ? 36 : total < 100 ? 42 : 48;
    var half = size / 2;
    var radius = half - 5;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var back = document.createElementNS(SVG, "circle");
    back.setAttribute("class", "rg-ring__back");
    back.setAttribute("cx", half);
    back.setAttribute("cy", half);
    back.setAttribute("r", half - 1);
    svg.appendChild(back);
    var done = 0;
    var parts = [];
    KINDS.forEach(function (kind) {
      if (!counts[kind]) { return; }
      parts.push(counts[kind] + " " + strings.kinds[kind]);
      var arc = document.createElementNS(SVG, "circle");
      arc.setAttribute("class", "rg-ring__arc rg-ring--" + kind);
      arc.setAttribute("cx", half);
      arc.setAttribute("cy", half);
      arc.setAttribute("r", radius);
      arc.setAttribute("pathLength", "100");
      var share = 100 * counts[kind] / total;
      arc.setAttribute("stroke-dasharray", share + " " + (100 - share));
      arc.setAttribute("stroke-dashoffset", String(25 - done));
      svg.appendChild(arc);
      done += share;
    });
    var box = element("div", "", "rg-ring");
    box.appendChild(svg);
    var count = element("span", String(total), "rg-ring__count");
    count.setAttribute("aria-hidden", "true");
    box.appendChild(count);
    box.appendChild(element("span", fill(strings.group, {
      count: total, parts: parts.join("; "), place: placeOf(children, strings)
    }), "rg-sr"));
    var top = counts.gold + counts.silver + counts.bronze ? "valid" : counts.open ? "open" : "expired";
    cluster.options.zIndexOffset = RAISE[top === "valid" ? "gold" : top];
    return L.divIcon({ html: box, className: "rg-group rg-group--" + top, iconSize: [size, size] });
  }

  /* A compact control: a button that opens a panel of check boxes for levels and status groups,
     which refills the one cluster group with the markers that pass both. */
  function filterControl(map, group, entries, strings, counts, start, onChange) {
    var chosen = {};
    var allowed = null;  /* ids a country page's table shows, or null for all */
    var holder = element("div", "", "leaflet-control rg-map-filter");
    var toggle = element("button", "", "rg-map-filter__toggle");
    toggle.type = "button";
    var shown = element("span", "", "rg-map-filter__shown");
    toggle.appendChild(element("strong", strings.filter));
    toggle.appendChild(document.createTextNode(" "));
    toggle.appendChild(shown);
    var panel = element("div", "", "rg-map-filter__panel");
    panel.id = map.getContainer().id + "-filter";
    toggle.setAttribute("aria-controls", panel.id);
    holder.appendChild(toggle);
    holder.appendChild(panel);

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
    }
    toggle.addEventListener("click", function () { setOpen(panel.hidden); });

    function fieldset(title, keys, words, tally, which) {
      var set = element("fieldset");
      set.appendChild(element("legend", title));
      keys.forEach(function (key) {
        var label = element("label");
        var box = element("input");
        box.type = "checkbox";
        box.checked = !start[which] || start[which].indexOf(key) !== -1;
        box.value = key;
        chosen[key] = box.checked;
        box.addEventListener("change", function () { chosen[key] = box.checked; refill(); onChange(); });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + words[key] + " (" + (tally[key] || 0) + ")"));
        set.appendChild(label);
      });
      panel.appendChild(set);
    }

    function refill() {
      var kept = entries.filter(function (entry) {
        return chosen[entry.level] && chosen[entry.group] && (!allowed || allowed[entry.id]);
      });
      group.clearLayers();
      group.addLayers(kept.map(function (entry) { return entry.marker; }));
      shown.textContent = "(" + fill(strings.filter_shown, { shown: kept.length, total: entries.length }) + ")";
      map.getContainer().setAttribute("data-map-shown", String(kept.length));
    }

    fieldset(strings.filter_levels, LEVELS, strings.levels, counts.levels, "levels");
    fieldset(strings.filter_statuses, STATUS_GROUPS, strings.filter_status, counts.groups, "statuses");
    /* Open beside a large map, closed to one line on a narrow or short one (as at 200 % zoom). */
    var size = map.getSize();
    setOpen(size.x >= 900 && size.y >= 450);
    L.DomEvent.disableClickPropagation(holder);
    L.DomEvent.disableScrollPropagation(holder);
    var Control = L.Control.extend({ onAdd: function () { return holder; } });
    new Control({ position: "topright" }).addTo(map);
    return {
      refill: refill,
      only: function (ids) { allowed = ids; refill(); },
      state: function () {
        var pick = function (keys) {
          var on = keys.filter(function (key) { return chosen[key]; });
          return on.length === keys.length ? null : on;
        };
        return { levels: pick(LEVELS), statuses: pick(STATUS_GROUPS) };
      }
    };
  }

  /* "Go to a place": any city or country with a marker; the map fits that place's markers. */
  function placeControl(map, entries, strings) {
    var places = {};
    entries.forEach(function (entry) {
      var country = strings.countries[entry.country] || entry.country;
      (places[country] = places[country] || []).push(entry.marker.getLatLng());
      if (entry.city) {
        var name = entry.city + ", " + country;
        (places[name] = places[name] || []).push(entry.marker.getLatLng());
      }
    });
    var names = Object.keys(places).sort(function (a, b) { return a.localeCompare(b); });
    var form = element("form", "", "rg-map-place");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", strings.place);
    var id = map.getContainer().id + "-place";
    var label = element("label", strings.place);
    label.htmlFor = id;
    var input = element("input");
    input.id = id;
    input.type = "search";
    input.setAttribute("list", id + "-names");
    input.setAttribute("autocomplete", "off");
    var list = element("datalist");
    list.id = id + "-names";
    names.forEach(function (name) { var option = element("option"); option.value = name; list.appendChild(option); });
    var note = element("span", "", "rg-map-place__note");
    note.setAttribute("role", "status");
    var go = element("button", strings.place_go);
    go.type = "submit";
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(go);
    form.appendChild(list);
    form.appendChild(note);
    var fold = function (text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var wanted = fold(input.value);
      if (!wanted) { return; }
      var name = names.filter(function (n) { return fold(n) === wanted; })[0] ||
        names.filter(function (n) { return fold(n).indexOf(wanted) === 0; })[0];
      if (!name) { note.textContent = fill(strings.place_none, { place: input.value }); return; }
      note.textContent = "";
      input.value = name;
      map.fitBounds(places[name], { padding: [32, 32], maxZoom: 11, animate: false });
    });
    /* Above the map, in the page's flow: it covers none of the map on a phone. */
    var container = map.getContainer();
    container.parentNode.insertBefore(form, container);
  }

  /* The map page keeps its filters and view in its address: ?level=gold,silver&status=valid&at=lat,lng,zoom. */
  function readAddress() {
    var params = new URLSearchParams(location.search);
    var list = function (key) { var value = params.get(key); return value ? value.split(",") : null; };
    var at = (params.get("at") || "").split(",").map(Number);
    var view = at.length === 3 && at.every(function (n) { return isFinite(n); }) &&
      Math.abs(at[0]) <= 90 && Math.abs(at[1]) <= 180 && at[2] >= 0 && at[2] <= 19 ? at : null;
    return { levels: list("level"), statuses: list("status"), view: view };
  }

  function writeAddress(map, filters) {
    var params = new URLSearchParams(location.search);
    var state = filters.state();
    ["level", "status"].forEach(function (key) {
      var value = state[key === "level" ? "levels" : "statuses"];
      if (value) { params.set(key, value.join(",")); } else { params["delete"](key); }
    });
    var centre = map.getCenter();
    params.set("at", centre.lat.toFixed(4) + "," + centre.lng.toFixed(4) + "," + map.getZoom());
    history.replaceState(null, "", location.pathname + "?" + params.toString() + location.hash);
  }

  /* A ?cluster= link: the map first closes in on the marker to a city's scale; then a group of
     markers sharing its point is spread out there, instead of at the street's scale where
     markercluster would spread it, and any other group is opened by markercluster's
     zoomToShowLayer. Either way the popup opens. */
  var CITY_ZOOM = 11;
  function onePoint(bounds) { return bounds.getNorthEast().equals(bounds.getSouthWest()); }

  function reveal(map, group, marker) {
    var open = function () { marker.openPopup(); };
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), CITY_ZOOM), { animate: false });
    var show = function () {
      if (group._inZoomAnimation) { setTimeout(show, 50); return; }  // groups still being redrawn
      var shown = group.getVisibleParent(marker);
      if (shown && shown !== marker && shown._icon && onePoint(shown.getBounds())) {
        group.once("spiderfied", open);
        shown.spiderfy();
      } else {
        group.zoomToShowLayer(marker, open);
      }
    };
    setTimeout(show, 0);
  }

  function attach(map, options) {
    var container = map.getContainer();
    var strings = options.strings;
    container.setAttribute("aria-label", strings.label);
    /* The controls (zoom, place, filter) come before the markers in the Tab order. */
    if (map._controlContainer) { container.insertBefore(map._controlContainer, container.firstChild); }
    var today = todayIso();
    var byKeyboard = false;
    var waiting = [];
    var group = L.markerClusterGroup({
      chunkedLoading: true,
      /* Markers are added in chunks at large sizes: act on them once the last chunk is drawn. */
      chunkProgress: function (processed, total) {
        if (processed < total) { return; }
        setTimeout(function () { waiting.splice(0).forEach(function (then) { then(); }); }, 0);
      },
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      spiderfyDistanceMultiplier: 1.5,
      zoomToBoundsOnClick: true,
      iconCreateFunction: function (cluster) { return groupIcon(cluster, strings); }
    });
    /* Enter on a group spreads or zooms (markercluster), then gives focus back to the map:
       after spreading, hand it to the first marker instead so the keyboard can go on. */
    group.on("clusterkeypress", function (event) {
      byKeyboard = event.originalEvent && event.originalEvent.keyCode === 13;
    });
    group.on("spiderfied", function (event) {
      if (byKeyboard && event.markers.length && event.markers[0]._icon) { event.markers[0]._icon.focus(); }
      byKeyboard = false;
    });
    group.addTo(map);
    map.registryGroup = group;
    /* Popups fit a narrow map and open clear of the controls along its top and bottom edges. */
    var popupOptions = {
      maxWidth: Math.max(160, Math.min(300, map.getSize().x - 60)),
      autoPanPaddingTopLeft: [10, 60],
      autoPanPaddingBottomRight: [10, 40]
    };
    fetch(options.data).then(function (answer) { return answer.json(); }).then(function (data) {
      var markers = {};
      var entries = [];
      var counts = { gold: 0, silver: 0, bronze: 0, open: 0, expired: 0 };
      var tally = { levels: {}, groups: {} };
      var bounds = [];
      data.features.forEach(function (feature) {
        var p = feature.properties;
        if (!feature.geometry || (options.country && p.country !== options.country)) { return; }
        var status = statusNow(p, today);
        var kind = status === "valid" || status === "expiring" ? p.level : status === "expired" ? "expired" : "open";
        var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        var marker = L.marker(latlng, {
          title: p.name,
          alt: p.name,
          keyboard: true,
          kind: kind,
          level: p.level,
          statusGroup: statusGroup(status),
          registryId: p.id,
          city: p.city,
          country: p.country,
          zIndexOffset: RAISE[kind],
          icon: L.divIcon({
            className: "rg-marker rg-marker--" + kind,
            html: "<span aria-hidden=\"true\">" + LETTERS[kind] + "</span>",
            iconSize: [26, 26]
          })
        });
        marker.bindPopup(function () { return popup(p, status, options); }, popupOptions);
        markers[p.id] = marker;
        var entry = {
          marker: marker, level: p.level, group: marker.options.statusGroup, id: p.id, city: p.city,
          country: p.country, name: p.name
        };
        entries.push(entry);
        counts[kind] += 1;
        tally.levels[entry.level] = (tally.levels[entry.level] || 0) + 1;
        tally.groups[entry.group] = (tally.groups[entry.group] || 0) + 1;
        bounds.push(latlng);
      });
      /* Markers are added, and so reached with Tab, in alphabetical order. */
      var collator = new Intl.Collator(document.documentElement.lang || "en", { sensitivity: "base" });
      entries.sort(function (a, b) { return collator.compare(a.name, b.name); });
      var own = !options.country;
      var start = own ? readAddress() : { levels: null, statuses: null, view: null };
      var filters = filterControl(map, group, entries, strings, tally, start, function () {
        if (own) { writeAddress(map, filters); }
      });
      if (entries.length) { placeControl(map, entries, strings); }
      if (start.view) {
        map.setView([start.view[0], start.view[1]], start.view[2], { animate: false });
      } else if (bounds.length) {
        map.fitBounds(bounds, { padding: [32, 32], maxZoom: 10, animate: false });
      }
      if (own) { map.on("moveend", function () { writeAddress(map, filters); }); }
      /* A country page's map shows what the table below it shows. */
      document.addEventListener("registry:listing", function (event) {
        if (!options.country) { return; }
        var ids = event.detail && event.detail.ids;
        var allowed = null;
        if (ids) { allowed = {}; ids.forEach(function (id) { allowed[id] = true; }); }
        filters.only(allowed);
      });
      var wanted = new URLSearchParams(location.search).get("cluster");
      var found = !options.country && wanted && Object.prototype.hasOwnProperty.call(markers, wanted)
        ? markers[wanted] : null;
      waiting.push(function () {
        if (found) { reveal(map, group, found); }
        container.setAttribute("data-map-ready", JSON.stringify(counts));
      });
      filters.refill();
    });
  }

  window.RegistryMap = { attach: attach };
})();
