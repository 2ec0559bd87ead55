// Route planner page: the request form, the options, the selected option on the map, the chart, booking.
import { LANG, t, h, num, unit, hours, days, usd, co2, datetime, modeName, api, auth, problemText, say, toast } from "./common.js";
import { createMap, drawRoute, addLegend } from "./mapview.js";
import { placeCombobox } from "./combobox.js";
import { plot } from "./charts.js";
import { namer } from "./nodes.js";

// Local names arrive with the map data; until then the planner's (English) names are shown.
let nm = Object.assign((id, fallback) => fallback || id, { country: (c) => c });
const named = namer().then((f) => { nm = f; }, () => {});

const $ = (id) => document.getElementById(id);
const map = createMap("map", { label: $("plan-title").textContent });
addLegend(map, { symbols: false, extra: [
  `<span class="sym"><span class="mk mk-border" style="display:inline-block"></span></span>${h(t("t.border_at"))}`,
  `<span class="sym"><span class="mk mk-gauge" style="display:inline-block"></span></span>${h(t("t.gauge_change_at"))}`,
] });

// Faint network for context (non-interactive).
fetch(`/web/data/map.json?lang=${LANG}`).then((r) => r.json()).then((data) => {
  const faint = L.layerGroup();
  for (const l of data.links) if (l.status !== "planned") L.polyline(l.coords, { color: "#9aa7b1", weight: 1, opacity: 0.6, interactive: false }).addTo(faint);
  faint.addTo(map);
});

const form = $("plan-form");
const localName = (m) => (m.kind === "node" ? nm(m.node_id, m.name) : m.name);
const origin = placeCombobox($("origin"), { name: localName });
const destination = placeCombobox($("destination"), { name: localName });
let plan = null, routeLayer = null, selected = 0;

// Start from the URL, so a plan can be shared or bookmarked.
const params = new URLSearchParams(location.search);
if (params.get("from")) origin.set(params.get("from"), params.get("from"));
if (params.get("to")) destination.set(params.get("to"), params.get("to"));
for (const code of (params.get("avoid") || "").split(",").filter(Boolean)) {
  const box = form.querySelector(`input[name=avoid][value="${CSS.escape(code.toUpperCase())}"]`);
  if (box) box.checked = true;
}
form.dispatchEvent(new Event("change"));

function request() {
  const fd = new FormData(form);
  const q = (input) => input.dataset.query || input.value.trim();
  const dep = fd.get("departure");
  return {
    origin: q($("origin")),
    destination: q($("destination")),
    avoid_countries: fd.getAll("avoid"),
    modes: fd.getAll("modes"),
    include_planned: fd.get("include_planned") === "on",
    cargo: {
      container: fd.get("container"),
      units: Number(fd.get("units")) || 1,
      gross_weight_t: Number(fd.get("weight")) || 20,
      reefer: fd.get("reefer") === "on",
      dangerous: fd.get("dangerous") === "on",
    },
    departure: dep ? new Date(`${dep}T08:00:00`).toISOString() : null,
    max_options: Number(fd.get("max_options")) || 5,
  };
}

form.addEventListener("change", (ev) => {
  if (ev.target.name === "avoid") {
    const n = form.querySelectorAll("input[name=avoid]:checked").length;
    $("avoid-count").hidden = !n;
    $("avoid-count").textContent = n;
  }
});

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const err = $("form-error");
  err.hidden = true;
  const req = request();
  for (const [field, input] of [["origin", $("origin")], ["destination", $("destination")]]) {
    if (!req[field]) { err.textContent = `${$(field + "-label").textContent}: ${t("t.select_place")}`; err.hidden = false; input.focus(); return; }
  }
  $("results").hidden = false;
  $("plan-status").textContent = t("t.planning");
  $("plan-submit").disabled = true;
  $("options").setAttribute("aria-busy", "true");
  try {
    plan = await api("/api/v1/routes", { method: "POST", body: req, key: auth.key });
    await named;
    const url = new URL(location.href);
    url.searchParams.set("from", req.origin);
    url.searchParams.set("to", req.destination);
    if (req.avoid_countries.length) url.searchParams.set("avoid", req.avoid_countries.join(","));
    else url.searchParams.delete("avoid");
    history.replaceState(null, "", url);
    showPlan();
  } catch (e) {
    plan = null;  // an error replaces the previous answer: no stale options, notes or route
    $("options").innerHTML = "";
    $("plan-notes").innerHTML = "";
    routeLayer?.remove();
    routeLayer = null;
    $("plan-status").textContent = "";
    await named;
    err.textContent = problemText(e, nm);
    err.hidden = false;
    $("compare-chart").hidden = true;
    $("results").hidden = true;
  } finally {
    $("plan-submit").disabled = false;
    $("options").removeAttribute("aria-busy");
  }
});

function optionName(o) {
  return t("t.option", { n: o.rank }) + (o.label ? ` · ${t("labels." + o.label)}` : "");
}

function modeStrip(o) {
  const total = o.legs.reduce((s, l) => s + l.distance_km, 0) || 1;
  return o.legs.map((l) => `<span class="mode-${h(l.mode)}" style="width:${(100 * l.distance_km) / total}%"></span>`).join("");
}

function legList(o) {
  return o.legs.map((l) => {
    const extras = [];
    if (l.wait_h) extras.push(`${t("t.wait")} ${hours(l.wait_h)}`);
    if (l.queue_h) extras.push(`${t("t.queue")} ${hours(l.queue_h)}`);
    if (l.dwell_h) extras.push(`${t("t.dwell")} ${hours(l.dwell_h)}`);
    if (l.handling_h) extras.push(`${t("t.handling")} ${hours(l.handling_h)}`);
    return `<li><span class="badge mode mode-${h(l.mode)}">${h(modeName(l.mode))}</span> ${h(nm(l.from_id, l.from_name))} → ${h(nm(l.to_id, l.to_name))}
      <span class="muted">· ${unit(l.distance_km, "km")} · ${hours(l.running_h)}${extras.length ? " · " + h(extras.join(" · ")) : ""}${l.border ? ` · ${h(t("t.border_at"))}: ${h(l.border)}` : ""}</span></li>`;
  }).join("");
}

function showPlan() {
  const list = $("options");
  list.innerHTML = "";
  const notes = plan.messages?.length ? plan.messages.map((m) => say(m, nm)) : plan.notes || [];
  $("plan-notes").innerHTML = notes.map((n) => `<li>${h(n)}</li>`).join("");
  $("plan-status").textContent = t("t.n_options", { n: plan.options.length });
  origin.set(plan.origin.query, plan.origin.node_id === plan.origin.query ? nm(plan.origin.node_id, plan.origin.name) : plan.origin.name);
  destination.set(plan.destination.query, plan.destination.node_id === plan.destination.query ? nm(plan.destination.node_id, plan.destination.name) : plan.destination.name);
  plan.options.forEach((o, i) => {
    const li = document.createElement("li");
    li.className = "option";
    li.dataset.rank = o.rank;
    li.innerHTML = `
      <div class="head"><h3 id="opt-${i}-title">${h(optionName(o))}</h3><span class="muted small">${h(o.modes.map(modeName).join(" · "))}</span></div>
      <div class="modes-strip" aria-hidden="true">${modeStrip(o)}</div>
      <div class="kpis">
        <div class="kpi">${h(t("t.transit_p50"))}<b>${days(o.transit_p50_h)}</b></div>
        <div class="kpi">${h(t("t.transit_p90"))}<b>${days(o.transit_p90_h)}</b></div>
        <div class="kpi">${h(t("t.price"))}<b>${usd(o.price_usd)}</b></div>
        <div class="kpi">${h(t("t.co2e"))}<b>${co2(o.co2e_kg)}</b></div>
      </div>
      <p class="small muted">${h(t("t.countries"))}: ${o.countries.map((c) => `<abbr title="${h(nm.country(c))}">${h(c)}</abbr>`).join(" → ")} · ${h(t("t.distance"))}: ${unit(o.distance_km, "km")}<br>
        ${h(t("t.arrive"))}: ${datetime(o.arrive_p50)} (P90 ${datetime(o.arrive_p90)})</p>
      <details><summary>${h(t("t.legs"))}, ${h(t("t.borders").toLowerCase())}, ${h(t("t.documents").toLowerCase())}</summary>
        <ol class="legs">${legList(o)}</ol>
        ${o.gauge_changes.length ? `<p class="small"><b>${h(t("t.gauge_changes"))}:</b> ${h(o.gauge_changes.join("; "))}</p>` : ""}
        ${o.documents.length ? `<p class="small"><b>${h(t("t.documents"))}:</b> ${h(o.documents.join(", "))}</p>` : ""}
      </details>
      <div class="actions">
        <button type="button" class="btn btn-small" data-show="${i}" aria-pressed="false" aria-describedby="opt-${i}-title">${h(t("t.show_on_map"))}</button>
        <button type="button" class="btn btn-small btn-primary" data-book="${i}" aria-describedby="opt-${i}-title">${h(t("t.book"))}</button>
      </div>`;
    list.append(li);
  });
  select(0, false);
  drawChart();
  const panel = $("results").closest(".panel");
  if (panel.scrollHeight > panel.clientHeight) panel.scrollTo({ top: $("results").offsetTop - 12, behavior: "smooth" });
  else $("results").scrollIntoView({ block: "start" });
}

function select(i, focusMap = true) {
  selected = i;
  const o = plan.options[i];
  routeLayer?.remove();
  routeLayer = drawRoute(map, o, { name: nm });
  document.querySelectorAll(".option").forEach((li, j) => {
    li.setAttribute("aria-current", String(j === i));
    const b = li.querySelector("[data-show]");
    b.setAttribute("aria-pressed", String(j === i));
    b.textContent = j === i ? t("t.shown_on_map") : t("t.show_on_map");
  });
  $("map").dataset.route = String(o.rank);
  $("map").dataset.legs = String(o.legs.length);
}

$("options").addEventListener("click", (ev) => {
  const show = ev.target.closest("[data-show]");
  if (show) {
    select(Number(show.dataset.show));
    const mapBox = $("map").parentElement;
    if (mapBox.getBoundingClientRect().top > window.innerHeight) mapBox.scrollIntoView({ block: "start" });
  }
  const book = ev.target.closest("[data-book]");
  if (book) openBooking(Number(book.dataset.book), book);
});

function drawChart() {
  const opts = plan.options;
  const names = opts.map((o) => `${t("t.option", { n: o.rank })}${o.label ? "<br>" + t("labels." + o.label) : ""}`);
  const colours = ["#0a66c2", "#c06a00", "#008c87", "#6a3fb5", "#b3261e", "#55636f", "#1d7a3a", "#9a5b00"];
  const traces = [
    { type: "bar", name: t("t.chart_p50"), x: names, y: opts.map((o) => o.transit_p50_h / 24), xaxis: "x", yaxis: "y",
      marker: { color: colours }, error_y: { type: "data", symmetric: false, array: opts.map((o) => (o.transit_p90_h - o.transit_p50_h) / 24), arrayminus: opts.map(() => 0), color: "#14212b" },
      hovertemplate: "%{x}: %{y:.1f}<extra>" + t("t.chart_time") + "</extra>", showlegend: false },
    { type: "bar", name: t("t.chart_price"), x: names, y: opts.map((o) => o.price_usd), xaxis: "x2", yaxis: "y2", marker: { color: colours }, showlegend: false,
      hovertemplate: "%{x}: %{y:,.0f}<extra>" + t("t.chart_price") + "</extra>" },
    { type: "bar", name: t("t.chart_co2"), x: names, y: opts.map((o) => o.co2e_kg / 1000), xaxis: "x3", yaxis: "y3", marker: { color: colours }, showlegend: false,
      hovertemplate: "%{x}: %{y:.2f}<extra>" + t("t.chart_co2") + "</extra>" },
  ];
  const narrow = $("compare-chart").clientWidth < 520;
  const dom = narrow ? [[0, 1], [0, 1], [0, 1]] : [[0, 0.29], [0.355, 0.645], [0.71, 1]];
  const vdom = narrow ? [[0.72, 1], [0.36, 0.64], [0, 0.28]] : [[0, 1], [0, 1], [0, 1]];
  const ax = (i, title) => ({ domain: vdom[i], title: { text: title, font: { size: 11 } }, rangemode: "tozero", gridcolor: "#e6ebef", anchor: ["x", "x2", "x3"][i] });
  const layout = {
    xaxis: { domain: dom[0], anchor: "y", tickfont: { size: 10 } },
    xaxis2: { domain: dom[1], anchor: "y2", tickfont: { size: 10 } },
    xaxis3: { domain: dom[2], anchor: "y3", tickfont: { size: 10 } },
    yaxis: ax(0, t("t.chart_time")), yaxis2: ax(1, t("t.chart_price")), yaxis3: ax(2, t("t.chart_co2")),
    margin: { l: 48, r: 8, t: 16, b: 56 }, showlegend: false, bargap: 0.35,
  };
  const chart = $("compare-chart");
  chart.hidden = false;
  chart.style.height = narrow ? "640px" : "300px";
  plot(chart, traces, layout);
  $("chart-desc").textContent = opts.map((o) => `${optionName(o)}: ${days(o.transit_p50_h)} (P90 ${days(o.transit_p90_h)}), ${usd(o.price_usd)}, ${co2(o.co2e_kg)}`).join("; ");
}

// --- booking ------------------------------------------------------------------------------
const dialog = $("book-dialog");
let bookIndex = null, bookOpener = null;
function openBooking(i, opener) {
  if (!auth.key) { toast(t("t.sign_in_to_book")); window.corridorsSignIn(); return; }
  bookIndex = i;
  bookOpener = opener;
  const o = plan.options[i];
  $("book-summary").textContent = `${nm(plan.origin.node_id, plan.origin.name)} → ${nm(plan.destination.node_id, plan.destination.name)} · ${optionName(o)} · ${days(o.transit_p50_h)} · ${usd(o.price_usd)}`;
  $("book-error").hidden = true;
  dialog.showModal();
  $("book-containers").focus();
}
$("book-cancel").addEventListener("click", () => { dialog.close(); bookOpener?.focus(); });
$("book-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const numbers = $("book-containers").value.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
  const err = $("book-error");
  if (!numbers.length) { err.textContent = $("book-containers-hint").textContent; err.hidden = false; $("book-containers").focus(); return; }
  const body = {
    containers: numbers.map((number) => ({ number })),
    route_option: plan.options[bookIndex],
    cargo_description: $("book-cargo").value.trim(),
  };
  const ref = $("book-reference").value.trim();
  if (ref) body.reference = ref;
  $("book-submit").disabled = true;
  $("book-submit").textContent = t("t.booking");
  try {
    const s = await api("/api/v1/shipments", { method: "POST", body });
    dialog.close();
    const li = $("options").children[bookIndex];
    const a = document.createElement("a");
    a.href = `/shipments/${encodeURIComponent(s.id)}`;
    a.className = "btn btn-small";
    a.textContent = `${t("t.open_shipment")} ${s.reference || ""}`.trim();
    a.dataset.shipment = s.id;
    li.querySelector(".actions").append(a);
    toast(t("t.booked"));
    a.focus();
  } catch (e) {
    err.textContent = problemText(e);
    err.hidden = false;
  } finally {
    $("book-submit").disabled = false;
    $("book-submit").textContent = t("t.book");
  }
});
if (params.get("from") && params.get("to")) form.requestSubmit();
