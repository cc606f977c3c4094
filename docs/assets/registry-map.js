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
    box.appendChild(element("span", fill(strings.group, { count: total, parts: parts.join("; ") }), "rg-sr"));
    var top = counts.gold + counts.silver + counts.bronze ? "valid" : counts.open ? "open" : "expired";
    cluster.options.zIndexOffset = RAISE[top === "valid" ? "gold" : top];
    return L.divIcon({ html: box, className: "rg-group rg-group--" + top, iconSize: [size, size] });
  }

  /* A compact control: a button that opens a panel of check boxes for levels and status groups,
     which refills the one cluster group with the markers that pass both. */
  function filterControl(map, group, entries, strings, counts) {
    var chosen = {};
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

    function fieldset(title, keys, words, tally) {
      var set = element("fieldset");
      set.appendChild(element("legend", title));
      keys.forEach(function (key) {
        var label = element("label");
        var box = element("input");
        box.type = "checkbox";
        box.checked = true;
        box.value = key;
        chosen[key] = true;
        box.addEventListener("change", function () { chosen[key] = box.checked; refill(); });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + words[key] + " (" + (tally[key] || 0) + ")"));
        set.appendChild(label);
      });
      panel.appendChild(set);
    }

    function refill() {
      var kept = entries.filter(function (entry) { return chosen[entry.level] && chosen[entry.group]; });
      group.clearLayers();
      group.addLayers(kept.map(function (entry) { return entry.marker; }));
      shown.textContent = "(" + fill(strings.filter_shown, { shown: kept.length, total: entries.length }) + ")";
      map.getContainer().setAttribute("data-map-shown", String(kept.length));
    }

    fieldset(strings.filter_levels, LEVELS, strings.levels, counts.levels);
    fieldset(strings.filter_statuses, STATUS_GROUPS, strings.filter_status, counts.groups);
    /* Open beside a large map, closed to one line on a narrow or short one. */
    var size = map.getSize();
    setOpen(size.x >= 600 && size.y >= 450);
    L.DomEvent.disableClickPropagation(holder);
    L.DomEvent.disableScrollPropagation(holder);
    var Control = L.Control.extend({ onAdd: function () { return holder; } });
    new Control({ position: "topright" }).addTo(map);
    return refill;
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
          zIndexOffset: RAISE[kind],
          icon: L.divIcon({
            className: "rg-marker rg-marker--" + kind,
            html: "<span aria-hidden=\"true\">" + LETTERS[kind] + "</span>",
            iconSize: [26, 26]
          })
        });
        marker.bindPopup(function () { return popup(p, status, options); }, popupOptions);
        markers[p.id] = marker;
        var entry = { marker: marker, level: p.level, group: marker.options.statusGroup };
        entries.push(entry);
        counts[kind] += 1;
        tally.levels[entry.level] = (tally.levels[entry.level] || 0) + 1;
        tally.groups[entry.group] = (tally.groups[entry.group] || 0) + 1;
        bounds.push(latlng);
      });
      var refill = filterControl(map, group, entries, strings, tally);
      if (bounds.length) { map.fitBounds(bounds, { padding: [32, 32], maxZoom: 10, animate: false }); }
      var wanted = new URLSearchParams(location.search).get("cluster");
      var found = !options.country && wanted && Object.prototype.hasOwnProperty.call(markers, wanted)
        ? markers[wanted] : null;
      waiting.push(function () {
        if (found) { reveal(map, group, found); }
        container.setAttribute("data-map-ready", JSON.stringify(counts));
      });
      refill();
    });
  }

  window.RegistryMap = { attach: attach };
})();
