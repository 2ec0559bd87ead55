// plotly.js (bundled with the Python package) with the page's number symbols and fonts.
import { boot } from "./common.js";

export const FONT = { family: "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, sans-serif", size: 12, color: "#14212b" };

export function baseLayout(extra = {}) {
  return {
    font: FONT,
    separators: boot.fmt.decimal + boot.fmt.group,
    margin: { l: 56, r: 16, t: 28, b: 48 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "#ffffff",
    showlegend: true,
    legend: { orientation: "h", y: -0.2 },
    ...extra,
  };
}

export const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d", "toImage"] };

export function plot(el, traces, layout) {
  return Plotly.react(el, traces, baseLayout(layout), CONFIG);
}
