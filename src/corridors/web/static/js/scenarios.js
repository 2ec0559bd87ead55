// Scenario page: the utilisation map and the comparison charts of one run; a busy state while running.
import { t, h, num } from "./common.js";
import { createMap, MODE_COLOURS } from "./mapview.js";
import { plot } from "./charts.js";

const form = document.getElementById("run-form");
form?.addEventListener("submit", () => {
  const btn = document.getElementById("run-submit");
  btn.disabled = true;
  btn.textContent = t("t.loading");
  form.setAttribute("aria-busy", "true");
});

const result = document.getElementById("run-result");
if (result) {
  const data = await fetch(`/web/data/scenario/${encodeURIComponent(result.dataset.run)}.json`).then((r) => r.json());
  drawMap(data.map);
  drawCharts(data);
}

function utilColour(u) {
  if (u == null) return "#8b959c";
  if (u >= 0.999) return "#b3261e";
  if (u >= 0.9) return "#e0701b";
  if (u >= 0.7) return "#d9b100";
  return "#2e8b57";
}

function drawMap(m) {
  const map = createMap("map", { label: document.getElementById("umap-title").textContent });
  const maxFlow = Math.max(1, ...m.links.map((l) => l.flow));
  const pct = (u) => (u == null ? "–" : `${num(100 * u)} %`);
  for (const l of [...m.links].sort((a, b) => (a.utilisation ?? -1) - (b.utilisation ?? -1))) {
    const w = 1.5 + 9 * Math.sqrt(l.flow / maxFlow);
    L.polyline(l.coords, { color: utilColour(l.utilisation), weight: l.flow > 0 ? w : 1, opacity: l.flow > 0 ? 0.9 : 0.4, dashArray: l.flow > 0 ? null : "3 5" })
      .bindTooltip(`${h(l.name || l.id)}<br>${num(l.flow)} ${h(t("u.teu_yr"))} (${t("t.baseline")}: ${num(l.baseline_flow)})<br>${h(t("t.utilisation"))}: ${pct(l.utilisation)}`, { sticky: true })
      .addTo(map);
  }
  for (const x of [...m.borders, ...m.ports]) {
    L.circleMarker([x.lat, x.lon], { radius: 6, color: "#fff", weight: 2, fillColor: utilColour(x.utilisation), fillOpacity: 1 })
      .bindTooltip(`${h(x.name)}<br>${num(x.flow)} / ${num(x.capacity)} ${h(t("u.teu_yr"))} · ${pct(x.utilisation)}`)
      .addTo(map);
  }
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    const box = L.DomUtil.create("div", "legend");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", t("t.legend"));
    const rows = [["#2e8b57", "< 70 %"], ["#d9b100", "70–90 %"], ["#e0701b", "90–99 %"], ["#b3261e", "100 %"], ["#8b959c", "—"]];
    box.innerHTML = `<details open><summary>${h(t("t.utilisation"))}</summary><ul>${rows.map(([c, l]) => `<li><span class="sw" style="border-color:${c}"></span>${l}</li>`).join("")}</ul></details>`;
    return box;
  };
  legend.addTo(map);
  document.getElementById("map").dataset.ready = "1";
}

function drawCharts(data) {
  const cs = data.corridors;
  plot(document.getElementById("corridor-chart"), [
    { type: "bar", name: t("t.baseline"), x: cs.map((c) => c.corridor), y: cs.map((c) => c.baseline_teu_yr), marker: { color: "#9fb0bd" } },
    { type: "bar", name: t("t.scenario"), x: cs.map((c) => c.corridor), y: cs.map((c) => c.scenario_teu_yr), marker: { color: "#0a66c2" } },
  ], { barmode: "group", yaxis: { title: { text: t("u.teu_yr") }, gridcolor: "#e6ebef" }, margin: { l: 70, r: 10, t: 10, b: 60 } });
  const bs = data.bottlenecks.slice(0, 10);
  const names = bs.map((b) => (b.name.length > 28 ? b.name.slice(0, 27) + "…" : b.name));
  plot(document.getElementById("bottleneck-chart"), [
    { type: "bar", orientation: "h", name: t("t.baseline"), y: names, x: bs.map((b) => b.baseline_shadow_price_usd_teu_yr), marker: { color: "#9fb0bd" } },
    { type: "bar", orientation: "h", name: t("t.scenario"), y: names, x: bs.map((b) => b.shadow_price_usd_teu_yr), marker: { color: "#b3261e" } },
  ], { barmode: "group", xaxis: { title: { text: t("u.usd_teu") }, gridcolor: "#e6ebef" }, yaxis: { autorange: "reversed", automargin: true }, margin: { l: 10, r: 10, t: 10, b: 60 } });
}
