// Leaflet map without tiles: bundled country outlines, the corridor network, routes drawn leg by leg.
import { LANG, t, h, num, unit, hours, modeName, el } from "./common.js";

export const MODE_COLOURS = { rail: "#1f5fae", road: "#c06a00", ferry: "#008c87", sea: "#6a3fb5", inland_water: "#3d8fc4" };
const EXTENT = [[22, 2], [58, 122]]; // the corridor region, for the first view

let countriesPromise;
function countries() {
  countriesPromise ??= fetch(`/web/data/countries.json?lang=${LANG}`).then((r) => r.json());
  return countriesPromise;
}

/** A map with country outlines drawn from local data; no tiles, so it works offline. */
export function createMap(container, { label, labelCountries = null } = {}) {
  const map = L.map(container, { zoomSnap: 0.25, minZoom: 1, maxZoom: 12, worldCopyJump: false, keyboard: true, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · Corridors");
  map.getContainer().setAttribute("aria-label", label || t("t.show_on_map"));
  map.getContainer().setAttribute("role", "region");
  map.fitBounds(EXTENT);
  map.createPane("countries").style.zIndex = 200;
  countries().then((geo) => {
    const layer = L.geoJSON(geo, {
      pane: "countries",
      interactive: false,
      style: { color: "#98a6b1", weight: 0.8, fillColor: "#fbfaf6", fillOpacity: 1 },
    }).addTo(map);
    if (labelCountries) {
      layer.eachLayer((f) => {
        const iso = f.feature.properties.iso_a2;
        if (!labelCountries.has(iso)) return;
        const center = largestRing(f).getCenter();
        L.tooltip({ permanent: true, direction: "center", className: "country-label", interactive: false })
          .setLatLng(center).setContent(h(f.feature.properties.label)).addTo(map);
      });
    }
  });
  return map;
}

function largestRing(layer) {
  const polys = layer.getLatLngs();
  let best = null, area = -1;
  const visit = (arr) => {
    if (arr.length && arr[0] instanceof L.LatLng) {
      const b = L.latLngBounds(arr);
      const a = (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest());
      if (a > area) { area = a; best = b; }
    } else arr.forEach(visit);
  };
  visit(polys);
  return best || layer.getBounds();
}

export function markerIcon(kind, extra = "") {
  const cls = { seaport: "mk-port", border: "mk-node", junction: "mk-node", crossing: "mk-border", gauge: "mk-gauge", pos: "mk-pos" }[kind] || "mk-hub";
  const size = { "mk-port": 14, "mk-border": 13, "mk-gauge": 16, "mk-node": 10, "mk-pos": 18 }[cls] || 12;
  return L.divIcon({ className: `mkicon ${extra}`, html: `<span class="mk ${cls}"></span>`, iconSize: [size + 4, size + 4], iconAnchor: [(size + 4) / 2, (size + 4) / 2] });
}

export function linkStyle(link, selected = false) {
  const planned = link.status === "planned", closed = link.status === "closed";
  return {
    color: closed ? "#8b959c" : MODE_COLOURS[link.mode] || "#555",
    weight: selected ? 7 : link.mode === "sea" ? 2 : 3,
    opacity: link.mode === "sea" ? 0.7 : 0.9,
    dashArray: planned ? "8 6" : closed ? "2 6" : link.mode === "sea" || link.mode === "ferry" ? "1 0" : null,
  };
}

/** The whole network: links by mode, nodes by kind, a diamond on every border crossing. */
export function drawNetwork(map, data, onSelect) {
  const group = L.featureGroup();
  const layers = { links: new Map(), nodes: new Map() };
  for (const link of data.links) {
    const line = L.polyline(link.coords, { ...linkStyle(link), interactive: true, bubblingMouseEvents: false });
    line.on("click", () => onSelect({ type: "link", item: link }));
    line.bindTooltip(linkTitle(link, data), { sticky: true });
    line.addTo(group);
    layers.links.set(link.id, line);
    link._layer = line;
    if (link.is_border) {
      const a = link.coords[0], b = link.coords[link.coords.length - 1];
      const mid = L.latLng((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
      const title = (link.directions.find((d) => d.border) || {}).border?.name || link.name;
      const m = L.marker(mid, { icon: markerIcon("crossing"), title, alt: title, keyboard: true, riseOnHover: true, zIndexOffset: 500 });
      m.on("click", () => onSelect({ type: "link", item: link, marker: m }));
      m.addTo(group);
    }
  }
  for (const node of data.nodes) {
    const title = `${node.name} (${t("kinds." + node.kind)})`;
    const m = L.marker([node.lat, node.lon], { icon: markerIcon(node.kind), title, alt: title, keyboard: node.kind !== "junction", riseOnHover: true, zIndexOffset: node.kind === "seaport" ? 300 : 0 });
    m.on("click", () => onSelect({ type: "node", item: node, marker: m }));
    m.addTo(group);
    layers.nodes.set(node.id, m);
  }
  group.addTo(map);
  return { group, layers };
}

export function linkTitle(link, data) {
  const names = link.directions[0];
  const arrow = link.two_way ? "↔" : "→";
  return `${h(names.from)} ${arrow} ${h(names.to)} · ${h(modeName(link.mode))}`;
}

/** Map legend (control in the corner), listing the line colours and symbols actually used. */
export function addLegend(map, { modes = Object.keys(MODE_COLOURS), symbols = true, extra = [] } = {}) {
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    const box = el("div", { class: "legend", role: "group", "aria-label": t("t.legend") });
    const items = modes.map((m) => `<li><span class="sw" style="border-color:${MODE_COLOURS[m]}"></span>${h(modeName(m))}</li>`);
    if (symbols) {
      items.push(`<li><span class="sw dash" style="border-color:#555"></span>${h(t("status.planned"))}</li>`);
      items.push(`<li><span class="sym"><span class="mk mk-port" style="display:inline-block"></span></span>${h(t("kinds.seaport"))}</li>`);
      items.push(`<li><span class="sym"><span class="mk mk-border" style="display:inline-block"></span></span>${h(t("f.border"))}</li>`);
      items.push(`<li><span class="sym"><span class="mk mk-hub" style="display:inline-block"></span></span>${h(t("kinds.terminal"))} / ${h(t("kinds.hub"))}</li>`);
    }
    for (const x of extra) items.push(`<li>${x}</li>`);
    // A disclosure, so it can be folded away; folded from the start on narrow screens.
    const open = window.matchMedia("(min-width: 761px)").matches ? " open" : "";
    box.innerHTML = `<details${open}><summary>${h(t("t.legend"))}</summary><ul>${items.join("")}</ul></details>`;
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);
  return legend;
}

/** A route option drawn leg by leg: colour by mode, diamonds at borders, yellow rings at gauge changes. */
export function drawRoute(map, option, { fit = true, name = (id, fallback) => fallback } = {}) {
  const group = L.featureGroup();
  const from = (leg) => name(leg.from_id, leg.from_name);
  const to = (leg) => name(leg.to_id, leg.to_name);
  const legs = option.legs || [];
  let prevGauge = null;
  legs.forEach((leg, i) => {
    const pts = (leg.geometry || []).map(([lon, lat]) => [lat, lon]);
    if (pts.length < 2) return;
    L.polyline(pts, { color: "#ffffff", weight: 9, opacity: 0.9, interactive: false }).addTo(group);
    const line = L.polyline(pts, { color: MODE_COLOURS[leg.mode] || "#333", weight: 5, opacity: 1, dashArray: leg.mode === "road" ? "10 4" : null });
    line.bindTooltip(`${i + 1}. ${h(from(leg))} → ${h(to(leg))} · ${h(modeName(leg.mode))} · ${unit(leg.distance_km, "km")}`, { sticky: true });
    line.addTo(group);
    line.getElement?.()?.setAttribute("data-mode", leg.mode);
    if (leg.border) {
      const mid = pts[Math.floor(pts.length / 2)] && L.latLng((pts[0][0] + pts[pts.length - 1][0]) / 2, (pts[0][1] + pts[pts.length - 1][1]) / 2);
      const title = `${t("t.border_at")}: ${leg.border}` + (leg.dwell_h ? ` · ${t("t.dwell")} ${hours(leg.dwell_h)}` : "");
      L.marker(mid, { icon: markerIcon("crossing", "route-border"), title, alt: title, keyboard: false, zIndexOffset: 800 }).bindTooltip(h(title)).addTo(group);
    }
    if (leg.mode === "rail" && leg.gauge && prevGauge && leg.gauge !== prevGauge) {
      const title = `${t("t.gauge_change_at")}: ${from(leg)} (${prevGauge}→${leg.gauge} ${t("u.mm")})`;
      L.marker(pts[0], { icon: markerIcon("gauge", "route-gauge"), title, alt: title, keyboard: false, zIndexOffset: 900 }).bindTooltip(h(title)).addTo(group);
    }
    if (leg.mode === "rail" && leg.gauge) prevGauge = leg.gauge;
  });
  if (legs.length) {
    const first = legs[0], last = legs[legs.length - 1];
    const a = first.geometry[0], b = last.geometry[last.geometry.length - 1];
    L.marker([a[1], a[0]], { icon: markerIcon("hub", "route-end"), title: from(first), alt: from(first), keyboard: false, zIndexOffset: 1000 }).bindTooltip(h(from(first)), { permanent: true, direction: "top", offset: [0, -6] }).addTo(group);
    L.marker([b[1], b[0]], { icon: markerIcon("hub", "route-end"), title: to(last), alt: to(last), keyboard: false, zIndexOffset: 1000 }).bindTooltip(h(to(last)), { permanent: true, direction: "top", offset: [0, -6] }).addTo(group);
  }
  group.addTo(map);
  if (fit && group.getLayers().length) map.fitBounds(group.getBounds(), { padding: [30, 30] });
  return group;
}
