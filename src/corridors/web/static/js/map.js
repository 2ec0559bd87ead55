// The corridor map page: the network, a filter by mode, a place finder and the details panel.
import { LANG, t, h, num } from "./common.js";
import { createMap, drawNetwork, addLegend, linkStyle } from "./mapview.js";
import { nodeDetails, linkDetails } from "./details.js";

const data = await fetch(`/web/data/map.json?lang=${LANG}`).then((r) => r.json());
const countries = new Set(data.nodes.map((n) => n.country));
const map = createMap("map", { label: document.getElementById("map-title").textContent, labelCountries: countries });
const details = document.getElementById("details");
const title = document.getElementById("details-title").outerHTML;
let selected = null;

function select({ type, item, marker }) {
  if (selected?.line) selected.line.setStyle(linkStyle(selected.item));
  document.querySelectorAll(".leaflet-marker-icon.sel").forEach((m) => m.classList.remove("sel"));
  selected = { item };
  if (type === "link") {
    item._layer.setStyle(linkStyle(item, true));
    item._layer.bringToFront();
    selected.line = item._layer;
  }
  marker?.getElement()?.classList.add("sel");
  details.innerHTML = title + (type === "node" ? nodeDetails(item, data) : linkDetails(item, data));
  details.dataset.selected = item.id;
}

const net = drawNetwork(map, data, select);
addLegend(map);

// Filters: modes and planned links.
const filter = document.getElementById("mode-filter");
filter.addEventListener("change", () => {
  const modes = new Set([...filter.querySelectorAll("input[name=mode]:checked")].map((i) => i.value));
  const planned = document.getElementById("show-planned").checked;
  for (const link of data.links) {
    const show = modes.has(link.mode) && (planned || link.status !== "planned");
    const layer = net.layers.links.get(link.id);
    if (show && !net.group.hasLayer(layer)) net.group.addLayer(layer);
    if (!show && net.group.hasLayer(layer)) net.group.removeLayer(layer);
  }
});

// The place finder: a plain <select>, grouped, so the keyboard reaches every element.
const find = document.getElementById("find");
const groups = [
  ["seaport", t("kinds.seaport"), data.nodes.filter((n) => n.kind === "seaport")],
  ["crossing", t("f.border"), data.links.filter((l) => l.is_border)],
  ["place", `${t("kinds.terminal")} / ${t("kinds.hub")}`, data.nodes.filter((n) => ["terminal", "dry_port", "hub", "border"].includes(n.kind))],
];
const collator = new Intl.Collator(LANG);
for (const [key, label, items] of groups) {
  const og = document.createElement("optgroup");
  og.label = label;
  // Crossings keep their (English) official name in English; other languages use local place names.
  const crossing = (x) => (LANG === "en" ? x.directions.find((d) => d.border)?.border.name || x.name : `${x.directions[0].from} – ${x.directions[0].to}`);
  const named = items.map((x) => [x, x.directions ? crossing(x) : `${x.name} (${x.country})`]);
  named.sort((a, b) => collator.compare(a[1], b[1]));
  for (const [x, name] of named) og.append(new Option(name, `${key === "crossing" ? "link" : "node"}:${x.id}`));
  find.append(og);
}
find.addEventListener("change", () => {
  const [type, id] = find.value.split(":");
  if (!id) return;
  if (type === "node") {
    const node = data.nodes.find((n) => n.id === id);
    map.setView([node.lat, node.lon], Math.max(map.getZoom(), 6), { animate: false });
    select({ type, item: node, marker: net.layers.nodes.get(id) });
  } else {
    const link = data.links.find((l) => l.id === id);
    map.fitBounds(link._layer.getBounds(), { maxZoom: 6, padding: [40, 40], animate: false });
    select({ type, item: link });
  }
});

const borders = data.links.filter((l) => l.is_border).length;
document.getElementById("net-stats").textContent =
  t("t.net_stats", { nodes: num(data.nodes.length), links: num(data.links.length), borders: num(borders), countries: num(countries.size) });
document.getElementById("map").dataset.ready = "1";
