// One shipment: route on the map, event timeline (kept current by polling), ETA history, plan vs actual.
import { t, h, datetime, api, auth, problemText, statusBadge, delayBadge, modeName, usd, co2, unit } from "./common.js";
import { createMap, drawRoute, markerIcon, addLegend } from "./mapview.js";
import { nodeIndex, namer } from "./nodes.js";
import { plot } from "./charts.js";

const $ = (id) => document.getElementById(id);
const id = $("shipment-page").dataset.id;
const POLL_MS = 4000;
const ARRIVAL = new Set(["ARRI", "GTIN", "BARR", "DLVR", "DROP"]);
const DEPARTURE = new Set(["DEPA", "GTOT", "BDEP", "PICK"]);
let map, routeLayer, posMarker, nodes, shipment, events = [], etaSig = "";

async function start() {
  const key = auth.key;
  $("signed-out").hidden = !!key;
  if (!key) { $("content").hidden = true; return; }
  try {
    [shipment, nodes] = await Promise.all([api(`/api/v1/shipments/${encodeURIComponent(id)}`), nodeIndex()]);
  } catch (err) {
    $("load-error").textContent = problemText(err);
    $("load-error").hidden = false;
    return;
  }
  $("content").hidden = false;
  renderHeader();
  if (!map) {
    map = createMap("map", { label: $("route-title").textContent });
    addLegend(map, { modes: [...new Set(shipment.legs.map((l) => l.mode))], symbols: false });
  }
  routeLayer?.remove();
  routeLayer = drawRoute(map, shipment.route, { name: await namer() });
  await refresh(true);
  setInterval(() => { if (!document.hidden) refresh(false); }, POLL_MS);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(false); });
}

const name = (nid) => nodes.get(nid)?.name || nid || "–";

function renderHeader() {
  const s = shipment;
  $("ship-title").textContent = s.reference || s.id;
  $("ship-status").innerHTML = statusBadge(s.status);
  $("ship-route").textContent = `${name(s.origin_id)} → ${name(s.destination_id)} · ${s.containers.join(", ")} · ${unit(s.distance_km, "km")} · ${usd(s.price_usd)} · ${co2(s.co2e_kg)}`;
  const e = s.eta;
  const pos = e.position ? `${name(e.position.node_id)}` : "–";
  $("ship-kpis").innerHTML = `
    <div><span>${h(t("t.eta_p50"))}</span><b data-field="eta_p50">${datetime(e.eta_p50)}</b></div>
    <div><span>${h(t("t.eta_p90"))}</span><b>${datetime(e.eta_p90)}</b></div>
    <div><span>${h(t("t.planned_arrival"))}</span><b>${datetime(e.planned_arrival_p50)}</b></div>
    <div><span>${h(t("t.delay"))}</span><b>${delayBadge(e.delay_h)}</b><span>${h(pos)}</span></div>`;
  document.querySelector("title").textContent = `${s.reference || s.id} · Corridors`;
}

async function refresh(first) {
  let page, history;
  try {
    [page, history] = await Promise.all([
      api(`/api/v1/shipments/${encodeURIComponent(id)}/events?limit=1000`),
      api(`/api/v1/shipments/${encodeURIComponent(id)}/eta/history`),
    ]);
  } catch (err) {
    return; // keep what is shown; the next poll tries again
  }
  const items = page.items;
  const sig = JSON.stringify(history.map((r) => r.computed_at));
  if (!first && items.length === events.length && sig === etaSig) return;
  const grew = items.length !== events.length;
  events = items;
  etaSig = sig;
  if (!first) shipment = await api(`/api/v1/shipments/${encodeURIComponent(id)}`).catch(() => shipment);
  renderHeader();
  renderTimeline();
  renderPosition();
  renderPlanVsActual();
  renderEta(history);
  if (!first && grew) $("timeline-status").textContent = t("t.timeline_updated", { n: events.length });
}

function renderTimeline() {
  const list = $("timeline");
  if (!events.length) { list.innerHTML = `<li class="muted">${h(t("t.no_events"))}</li>`; return; }
  list.innerHTML = events.map((e) => `<li class="${h(e.event_classifier)}" data-event="${h(e.event_id)}">
      <div class="when">${datetime(e.event_datetime)} · <span class="badge">${h(t("classifier." + e.event_classifier))}</span></div>
      <div><b>${h(e.event_type)} ${h(e.event_type_code)}</b> — ${h(name(e.location))}${e.mode ? ` · ${h(modeName(e.mode))}` : ""}${e.transport_reference ? ` · ${h(e.transport_reference)}` : ""}</div>
      ${e.remarks ? `<div class="small muted">${h(e.remarks)}</div>` : ""}</li>`).join("");
}

function renderPosition() {
  const nid = shipment.eta.position?.node_id;
  const n = nid && nodes.get(nid);
  posMarker?.remove();
  if (!n) return;
  const title = `${shipment.eta.position.event_type} ${shipment.eta.position.event_type_code}: ${n.name}`;
  posMarker = L.marker([n.lat, n.lon], { icon: markerIcon("pos"), title, alt: title, keyboard: false, zIndexOffset: 2000 }).bindTooltip(h(title)).addTo(map);
}

/** Milestones worth a row: ends, borders, transshipments, mode changes, and wherever something happened. */
function milestones() {
  const legs = shipment.route.legs;
  const touched = new Set(events.map((e) => e.location));
  const rows = [];
  legs.forEach((leg, i) => {
    const prev = legs[i - 1];
    const key = i === 0 || leg.border || prev?.border || leg.handling_h > 0 || leg.mode !== prev?.mode || touched.has(leg.from_id);
    if (key) rows.push({ node: leg.from_id, arrive: prev ? prev.arrive : null, depart: leg.depart });
  });
  const last = legs[legs.length - 1];
  rows.push({ node: last.to_id, arrive: last.arrive, depart: null });
  return rows;
}

function renderPlanVsActual() {
  const act = events.filter((e) => e.event_classifier === "ACT");
  const find = (node, codes) => act.find((e) => e.location === node && codes.has(e.event_type_code));
  const cell = (planned, hit) => planned == null ? `<td>–</td><td></td>`
    : `<td>${datetime(planned)}</td><td>${hit ? datetime(hit.event_datetime) : `<span class="muted">${h(t("t.not_yet"))}</span>`}</td>`;
  const rows = milestones().map((m) => {
    const arr = m.arrive && find(m.node, ARRIVAL);
    const dep = m.depart && find(m.node, DEPARTURE);
    const [hit, planned] = dep ? [dep, m.depart] : arr ? [arr, m.arrive] : [null, null];
    const dev = hit ? (new Date(hit.event_datetime) - new Date(planned)) / 3.6e6 : null;
    return `<tr><th scope="row">${h(name(m.node))}</th>${cell(m.arrive, arr)}${cell(m.depart, dep)}
      <td class="num">${dev == null ? "–" : delayBadge(dev)}</td></tr>`;
  });
  document.querySelector("#pva tbody").innerHTML = rows.join("");
}

function renderEta(records) {
  const e = shipment.eta;
  const history = [...records].sort((a, b) => new Date(a.as_of) - new Date(b.as_of));
  const x = history.map((r) => r.as_of);
  const traces = [
    { x, y: history.map((r) => r.eta_p90), name: t("t.eta_p90"), mode: "lines+markers", line: { color: "#9a5b00", width: 1, dash: "dot" }, marker: { size: 5 } },
    { x, y: history.map((r) => r.eta_p50), name: t("t.eta_p50"), mode: "lines+markers", fill: "tonexty", fillcolor: "rgba(10,102,194,0.12)", line: { color: "#0a66c2", width: 2.5 }, marker: { size: 7 } },
    { x: [x[0], x[x.length - 1]], y: [e.planned_arrival_p50, e.planned_arrival_p50], name: t("t.planned_arrival"), mode: "lines", line: { color: "#55636f", dash: "dash", width: 1.5 } },
  ];
  plot($("eta-chart"), traces, {
    xaxis: { title: { text: t("t.as_of") }, type: "date", gridcolor: "#e6ebef" },
    yaxis: { title: { text: t("t.eta_p50") + " / " + t("t.eta_p90") }, type: "date", gridcolor: "#e6ebef" },
    margin: { l: 90, r: 16, t: 16, b: 50 }, legend: { orientation: "h", y: -0.28 },
  });
  $("eta-desc").textContent = history.map((r) => `${datetime(r.as_of)}: ${t("t.eta_p50")} ${datetime(r.eta_p50)}, ${t("t.eta_p90")} ${datetime(r.eta_p90)}`).join("; ");
}

document.addEventListener("corridors:auth", () => { if (!shipment) start(); });
start();
