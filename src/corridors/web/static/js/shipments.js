// Shipments list: the signed-in organization's shipments with status and ETA, newest first.
import { t, h, datetime, api, auth, problemText, statusBadge, delayBadge } from "./common.js";
import { nodeIndex } from "./nodes.js";

const $ = (id) => document.getElementById(id);
let cursor = null;

async function load(append = false) {
  const key = auth.key;
  $("signed-out").hidden = !!key;
  $("list-card").hidden = !key;
  if (!key) return;
  const status = $("status-filter").value;
  const qs = new URLSearchParams({ limit: "50" });
  if (status) qs.set("status", status);
  if (append && cursor) qs.set("cursor", cursor);
  $("list-status").textContent = t("t.loading");
  try {
    const [page, nodes] = await Promise.all([api(`/api/v1/shipments?${qs}`), nodeIndex()]);
    cursor = page.next_cursor;
    const name = (id) => nodes.get(id)?.name || id;
    const rows = page.items.map((s) => `<tr data-id="${h(s.id)}">
      <td><a href="/shipments/${encodeURIComponent(s.id)}">${h(s.reference || s.id.slice(0, 8))}</a></td>
      <td>${h(name(s.origin_id))} → ${h(name(s.destination_id))}</td>
      <td>${statusBadge(s.status)}</td>
      <td>${datetime(s.depart)}</td>
      <td>${datetime(s.eta_p50)}</td>
      <td>${datetime(s.eta_p90)}</td>
      <td class="num">${delayBadge(s.delay_h)}</td>
      <td class="small">${h(s.containers.join(", "))}</td></tr>`);
    const body = document.querySelector("#shipments tbody");
    if (append) body.insertAdjacentHTML("beforeend", rows.join(""));
    else body.innerHTML = rows.join("");
    $("more").hidden = !cursor;
    $("list-status").textContent = body.children.length ? "" : t("t.no_shipments");
  } catch (err) {
    $("list-status").textContent = problemText(err);
  }
}

$("status-filter").addEventListener("change", () => load());
$("more").addEventListener("click", () => load(true));
document.addEventListener("corridors:auth", () => load());
load();
