// The details of a network element: its figures, which of them are estimates, and their sources.
import { t, h, num, unit, hours, modeName } from "./common.js";

function row(label, value, estimated) {
  if (value == null || value === "" || value === "–") return "";
  const est = estimated ? ` <span class="badge est" title="${h(t("t.estimate_title"))}">${h(t("t.estimate"))}</span>` : "";
  return `<dt>${h(label)}</dt><dd>${value}${est}</dd>`;
}

function sourceList(ids, sources) {
  if (!ids || !ids.length) return `<p class="small muted">${h(t("t.no_sources"))}</p>`;
  const items = ids.map((id) => {
    const s = sources[id];
    if (!s) return `<li>${h(id)}</li>`;
    const ref = /^https?:\/\//.test(s.ref) ? `<a href="${h(s.ref.split(" ")[0])}" rel="noreferrer" target="_blank">${h(s.ref)}</a>` : h(s.ref);
    const kind = s.kind === "estimate" ? `<span class="badge est">${h(t("t.estimate"))}</span>` : `<span class="badge">${h(s.kind)}</span>`;
    return `<li>${h(s.title)} ${kind}<br><span class="muted">${ref}</span></li>`;
  });
  return `<h3>${h(t("f.sources"))}</h3><ol class="sources">${items.join("")}</ol>`;
}

const est = (obj, field) => (obj.estimated || []).includes(field);

export function nodeDetails(node, data) {
  const country = data.countries[node.country] || node.country;
  const f = (k) => t("f." + k);
  const dl = [
    row(f("kind"), h(t("kinds." + node.kind))),
    row(f("country"), h(country)),
    row(f("unlocode"), node.unlocode ? h(node.unlocode) : null),
    row(f("gauges"), node.gauges.length ? node.gauges.map((g) => unit(g, "mm")).join(", ") : null),
    row(f("gauge_change"), node.gauge_change !== "none" ? h(t("gauge_change." + node.gauge_change)) + (node.gauge_change_h ? ` · ${hours(node.gauge_change_h)}` : "") : null, est(node, "gauge_change")),
    row(f("handling_h"), node.handling_h ? hours(node.handling_h) : null, est(node, "handling_h")),
    row(f("handling_usd_teu"), node.handling_usd_teu ? unit(node.handling_usd_teu, "usd_teu") : null, est(node, "handling_usd_teu")),
    row(f("capacity_teu_day"), node.capacity_teu_day != null ? unit(node.capacity_teu_day, "teu_day") : null, est(node, "capacity_teu_day")),
    row(f("corridors"), node.corridors.length ? h(node.corridors.join(", ")) : null),
  ].join("");
  return `<h3>${h(node.name)}${node.name !== node.name_en ? ` <span class="muted small">${h(node.name_en)}</span>` : ""}</h3>
    <dl>${dl}</dl>${node.note ? `<p class="small">${h(node.note)}</p>` : ""}${sourceList(node.sources, data.sources)}`;
}

function borderDetails(b, data) {
  const f = (k) => t("f." + k);
  const dl = [
    row(f("dwell_p50_h"), hours(b.dwell_p50_h), est(b, "dwell_p50_h")),
    row(f("dwell_p90_h"), hours(b.dwell_p90_h), est(b, "dwell_p90_h")),
    row(f("gauge_change"), h(t("gauge_change." + b.gauge_change)), est(b, "gauge_change")),
    row(f("capacity_trains_day"), b.capacity_trains_day != null ? unit(b.capacity_trains_day, "trains_day") : null, est(b, "capacity_trains_day")),
    row(f("capacity_teu_day"), b.capacity_teu_day != null ? unit(b.capacity_teu_day, "teu_day") : null, est(b, "capacity_teu_day")),
    row(f("documents"), b.documents.length ? h(b.documents.join(", ")) : null, est(b, "documents")),
  ].join("");
  return `<div class="dir"><h3>${h(t("f.border"))}: ${h(b.name)}</h3><dl>${dl}</dl>${b.note ? `<p class="small">${h(b.note)}</p>` : ""}${sourceList(b.sources, data.sources)}</div>`;
}

function serviceDetails(s, data) {
  const f = (k) => t("f." + k);
  const dl = [
    row(f("operator"), h(s.operator)),
    row(f("sailings_per_week"), `${num(s.sailings_per_week, s.sailings_per_week % 1 ? 1 : 0)} ${h(t("u.per_week"))}`, est(s, "sailings_per_week")),
    row(f("crossing_h"), hours(s.crossing_h), est(s, "crossing_h")),
    row(f("queue_p50_h"), s.queue_p50_h ? hours(s.queue_p50_h) : null, est(s, "queue_p50_h")),
    row(f("queue_p90_h"), s.queue_p90_h ? hours(s.queue_p90_h) : null, est(s, "queue_p90_h")),
    row(f("price_usd_teu"), unit(s.price_usd_teu, "usd_teu"), est(s, "price_usd_teu")),
    row(f("capacity_teu"), s.capacity_teu != null ? unit(s.capacity_teu, "teu") : null, est(s, "capacity_teu")),
    row(f("max_draft_m"), s.max_draft_m != null ? unit(s.max_draft_m, "m", 1) : null, est(s, "max_draft_m")),
    row(f("vessel_class"), s.vessel_class ? h(s.vessel_class) : null),
  ].join("");
  return `<div class="dir"><h3>${h(s.name)}</h3><dl>${dl}</dl>${sourceList(s.sources, data.sources)}</div>`;
}

export function linkDetails(link, data) {
  const f = (k) => t("f." + k);
  const d0 = link.directions[0];
  const status = `<span class="badge ${h(link.status)}">${h(t("status." + link.status))}</span>` + (link.opening_year ? ` ${h(link.opening_year)}` : "");
  const dl = [
    row(f("mode"), `<span class="badge mode mode-${h(link.mode)}">${h(modeName(link.mode))}</span>`),
    row(f("status"), status),
    row(f("length_km"), unit(link.length_km, "km"), est(link, "length_km")),
    row(f("speed_kmh"), link.has_service ? null : unit(link.speed_kmh, "kmh"), est(link, "speed_kmh")),
    row(f("price_usd_teu"), unit(link.price_usd_teu, "usd_teu"), est(link, "price_usd_teu")),
    row(f("gauge"), link.gauge ? unit(link.gauge, "mm") : null),
    row(f("traction"), link.traction !== "none" ? h(link.traction) : null, est(link, "traction")),
    row(f("wtw_kg_tkm"), `${num(link.wtw_kg_tkm, 4)} kg/t·km`, est(link, "wtw_kg_tkm")),
    row(f("capacity_teu_day"), link.capacity_teu_day != null ? unit(link.capacity_teu_day, "teu_day") : null, est(link, "capacity_teu_day")),
    row(f("corridors"), link.corridors.length ? h(link.corridors.join(", ")) : null),
  ].join("");
  let html = `<h3>${h(d0.from)} ${link.two_way ? "↔" : "→"} ${h(d0.to)}</h3>${link.name ? `<p class="small muted">${h(link.name)}</p>` : ""}<dl>${dl}</dl>`;
  if (link.note) html += `<p class="small">${h(link.note)}</p>`;
  html += sourceList(link.sources, data.sources);
  const borders = new Map();
  for (const d of link.directions) if (d.border && !borders.has(d.border.id)) borders.set(d.border.id, d.border);
  for (const b of borders.values()) html += borderDetails(b, data);
  for (const d of link.directions) {
    if (!d.services.length) continue;
    html += `<h3 class="dir">${h(t("f.services"))}: ${h(d.from)} → ${h(d.to)}</h3>`;
    for (const s of d.services) html += serviceDetails(s, data);
  }
  return html;
}
