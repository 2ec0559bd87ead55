// Caspian page: the sea-level record with the projection bands, and the chosen level as a line.
import { t } from "./common.js";
import { plot } from "./charts.js";

const d = JSON.parse(document.getElementById("caspian-data").textContent);
const COLOURS = { trend: "#c00000", ssp245: "#ed7d31", ssp585: "#7030a0", prange2020: "#548235" };
const KIND = { annual: ["circle", "#1f4e79"], derived: ["square", "#2e75b6"], point: ["x", "#7f7f7f"], fill: ["circle-open", "#9aa7b1"] };
const rgba = (hex, a) => `rgba(${parseInt(hex.slice(1, 3), 16)},${parseInt(hex.slice(3, 5), 16)},${parseInt(hex.slice(5, 7), 16)},${a})`;

const traces = [{ x: d.best.map((p) => p[0]), y: d.best.map((p) => p[1]), mode: "lines", name: t("t.history"), line: { color: "#404040", width: 1.5 } }];
for (const [kind, [symbol, color]] of Object.entries(KIND)) {
  const rows = d.rows.filter((r) => r.kind === kind);
  if (rows.length) traces.push({ x: rows.map((r) => r.year), y: rows.map((r) => r.level), text: rows.map((r) => r.note), mode: "markers", name: t("level_kinds." + kind), marker: { symbol, color, size: 6 }, hovertemplate: "%{x}: %{y:.2f} m<br>%{text}<extra>" + kind + "</extra>" });
}
for (const p of d.projections) {
  const c = COLOURS[p.id] || "#555";
  traces.push({ x: p.years, y: p.high, mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" });
  traces.push({ x: p.years, y: p.low, mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: rgba(c, 0.12), showlegend: false, hoverinfo: "skip" });
  traces.push({ x: p.years, y: p.central, mode: "lines", name: `${t("t.projection")}: ${p.name}`, line: { color: c, width: 2, dash: p.id === "trend" ? "dash" : "solid" }, hovertemplate: "%{x}: %{y:.2f} m<extra>" + p.name + "</extra>" });
}
for (const r of d.references) {
  traces.push({ x: [r.year], y: [r.central], error_y: { type: "data", symmetric: false, array: [r.high - r.central], arrayminus: [r.central - r.low] }, mode: "markers", name: r.name, marker: { symbol: "diamond", size: 9, color: "#333" } });
}
const years = [1900, 2100];
traces.push({ x: years, y: [d.level, d.level], mode: "lines", name: `${d.level.toFixed(2)} m`, line: { color: "#b3261e", width: 1.5, dash: "dot" } });
plot(document.getElementById("level-chart"), traces, {
  xaxis: { title: { text: t("t.year") }, gridcolor: "#e6ebef", range: [1895, 2102] },
  yaxis: { title: { text: t("t.level_m") }, gridcolor: "#e6ebef" },
  legend: { orientation: "h", y: -0.18, font: { size: 11 }, traceorder: "normal" },
  margin: { l: 60, r: 10, t: 10, b: 40 },
});
