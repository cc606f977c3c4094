/* Markers for the maps folium draws: read from the registry's GeoJSON file,
   grouped per level with Leaflet.markercluster, each with a popup linking to
   the label page. Statuses are checked again against the reader's date. */
(function () {
  "use strict";

  var LETTERS = { gold: "G", silver: "S", bronze: "B", expired: "×", open: "?" };
  var ORDER = ["gold", "silver", "bronze", "open", "expired"];

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

  /* The status on the reader's date, by the rule of generator/status.py (registry.js shares it). */
  function statusNow(p, today) {
    var rule = window.registryStatusOn;
    var now = rule && p.earliest_last_day ? rule(p.earliest_last_day, p.latest_last_day, today, 90) : null;
    return now && p.status !== "undetermined" && p.status !== "undocumented" ? now : p.status;
  }

  function popup(properties, key, status, options) {
    var strings = options.strings;
    var box = element("div", "", "rg-popup");
    box.appendChild(element("strong", properties.name));
    var level = element("p");
    level.appendChild(element("span", strings.levels[properties.level], "rg-level rg-level--" + properties.level));
    level.appendChild(document.createTextNode(" "));
    level.appendChild(element("span", strings.status[status], "rg-status rg-status--" + status));
    box.appendChild(level);
    if (properties.valid_until) {
      box.appendChild(element("p", strings.valid_until + ": " + properties.valid_until +
        (properties.valid_until_is_default ? " (" + strings["default"] + ")" : "")));
    }
    var link = element("a", strings.open);
    link.href = options.root + properties.url;
    box.appendChild(link);
    return box;
  }

  function attach(map, options) {
    var container = map.getContainer();
    container.setAttribute("aria-label", options.strings.label);
    var today = todayIso();
    var groups = {};
    ORDER.forEach(function (key) {
      groups[key] = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
    });
    fetch(options.data).then(function (answer) { return answer.json(); }).then(function (data) {
      var markers = {};
      var lists = { gold: [], silver: [], bronze: [], open: [], expired: [] };
      var bounds = [];
      data.features.forEach(function (feature) {
        var p = feature.properties;
        if (!feature.geometry || (options.country && p.country !== options.country)) { return; }
        var status = statusNow(p, today);
        var key = status === "valid" || status === "expiring" ? p.level : status === "expired" ? "expired" : "open";
        var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        var marker = L.marker(latlng, {
          title: p.name,
          alt: p.name,
          keyboard: true,
          icon: L.divIcon({
            className: "rg-marker rg-marker--" + key,
            html: "<span aria-hidden=\"true\">" + LETTERS[key] + "</span>",
            iconSize: [26, 26]
          })
        });
        marker.bindPopup(function () { return popup(p, key, status, options); });
        marker.registryId = p.id;
        lists[key].push(marker);
        markers[p.id] = { marker: marker, group: groups[key] };
        bounds.push(latlng);
      });
      var overlays = {};
      ORDER.forEach(function (key) {
        groups[key].addLayers(lists[key]);
        groups[key].addTo(map);
        var name = key === "expired" ? options.strings.expired_layer
          : key === "open" ? options.strings.open_layer : options.strings.levels[key];
        overlays[name + " (" + lists[key].length + ")"] = groups[key];
      });
      L.control.layers(null, overlays, { collapsed: false }).addTo(map);
      if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 10 }); }
      var wanted = new URLSearchParams(location.search).get("cluster");
      if (!options.country && wanted && markers[wanted]) {
        var found = markers[wanted];
        found.group.zoomToShowLayer(found.marker, function () { found.marker.openPopup(); });
      }
      var counts = {};
      ORDER.forEach(function (key) { counts[key] = lists[key].length; });
      container.setAttribute("data-map-ready", JSON.stringify(counts));
    });
  }

  window.RegistryMap = { attach: attach };
})();
