// Shared helpers: translated strings, localised formatting, the API client, small DOM tools.
export const boot = JSON.parse(document.getElementById("boot").textContent);
export const LANG = boot.lang;
export const S = boot.s;
const SYM = boot.fmt;

/** A translated UI string by dotted key, with %(name)s placeholders filled from vars. */
export function t(key, vars = {}) {
  let v = key.split(".").reduce((o, k) => (o == null ? undefined : o[k]), S);
  if (typeof v !== "string") v = key;
  return v.replace(/%\((\w+)\)s/g, (_, k) => (k in vars ? vars[k] : ""));
}

/** A number with the locale's group and decimal symbols (the same CLDR data Babel uses). */
export function num(value, digits = 0) {
  if (value == null || Number.isNaN(value)) return "–";
  const fixed = Math.abs(value).toFixed(digits);
  const [int, frac] = fixed.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, SYM.group);
  return (value < 0 && Number(fixed) !== 0 ? "−" : "") + grouped + (frac ? SYM.decimal + frac : "");
}

export const unit = (value, key, digits = 0) => `${num(value, digits)} ${t("u." + key)}`;
export const hours = (h) => (h == null ? "–" : h >= 48 ? unit(h / 24, "d", 1) : unit(h, "h", h < 10 ? 1 : 0));
export const days = (h) => unit(h / 24, "d", 1);
export const usd = (v) => unit(v, "usd");
export const co2 = (kg) => (kg >= 1000 ? unit(kg / 1000, "t", 2) : unit(kg, "kg"));

const dtFormat = new Intl.DateTimeFormat(LANG, { dateStyle: "medium", timeStyle: "short" });
const dFormat = new Intl.DateTimeFormat(LANG, { dateStyle: "medium" });
export const datetime = (iso) => (iso ? dtFormat.format(new Date(iso)) : "–");
export const date = (iso) => (iso ? dFormat.format(new Date(iso)) : "–");

/** Escape text for HTML. Every value from data goes through this before innerHTML. */
export function h(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "html") node.innerHTML = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null) node.append(c.nodeType ? c : document.createTextNode(c));
  return node;
}

// --- the API key (sign-in) -----------------------------------------------------------------
const KEY = "corridors.apiKey";
const ORG = "corridors.org";
export const auth = {
  get key() { return sessionStorage.getItem(KEY); },
  get org() { const o = sessionStorage.getItem(ORG); return o ? JSON.parse(o) : null; },
  set(key, org) { sessionStorage.setItem(KEY, key); sessionStorage.setItem(ORG, JSON.stringify(org)); },
  clear() { sessionStorage.removeItem(KEY); sessionStorage.removeItem(ORG); },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/** Call the platform API; JSON in and out, the API key attached when signed in. */
export async function api(path, { method = "GET", body, key = auth.key, signal } = {}) {
  const headers = { Accept: "application/json" };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, { detail: t("t.offline") });
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// --- core messages (corridors.messages): template + values, rendered in the page's language --
const MSG = boot.msg || {};
const PLACEHOLDER = /\{(\w+)(?:!(\w))?(?::([^{}]*))?\}/g;
const SEPARATORS = { or: " or ", comma: ", ", or_clauses: ", or ", semicolon: "; " };
const plainNames = Object.assign((id, fallback) => fallback || id, { country: (c) => c });

/** A number as a message shows it: ".Nf" in the spec fixes the decimals, "+" the sign. */
function msgNumber(v, spec = "") {
  const fixed = /\.(\d+)f/.exec(spec);
  const rounded = Math.round(v * 1000) / 1000;
  let text;
  if (fixed) text = num(v, Number(fixed[1]));
  else if (Number.isInteger(rounded)) text = num(rounded);
  else text = num(rounded, 3).replace(/0+$/, "");
  return (spec.includes("+") && v > 0 ? "+" : "") + text;
}

function msgValue(v, conv, spec, names) {
  if (typeof v === "number") return msgNumber(v, spec);
  if (typeof v === "string") return conv === "r" ? `'${v}'` : v;
  if (v == null) return "";
  if ("id" in v && "params" in v) return say(v, names);
  if ("items" in v) return v.items.map((x) => msgValue(x, null, "", names)).join(MSG[SEPARATORS[v.sep]] || SEPARATORS[v.sep]);
  if ("country" in v) return LANG === "en" ? v.country : names.country(v.country);
  if ("mode" in v) return MSG[v.mode] || v.mode;
  if ("link" in v) return LANG === "en" ? v.name : `${names(v.from_node, v.from_node)}–${names(v.to_node, v.to_node)}`;
  if ("name" in v) return v.node ? names(v.node, v.name) : v.name;
  return String(v);
}

/** A core message ({id, params}) in the page's language; ``names`` localises nodes and countries
 * (see nodes.js). The same rules as corridors/web/messages.py, which renders server pages. */
export function say(m, names = plainNames) {
  const tpl = MSG[m.id] || m.id;
  return tpl.replace(PLACEHOLDER, (whole, k, conv, spec) => (k in (m.params || {}) ? msgValue(m.params[k], conv, spec || "", names) : whole));
}

/** A readable one-paragraph message for a problem+json error (field errors included). Problems
 * that carry message_id/params are shown in the page's language. */
export function problemText(err, names = plainNames) {
  const p = err.problem || {};
  if (p.message_id) {
    const hint = p.hint_id ? say({ id: p.hint_id, params: p.hint_params }, names) : p.hint;
    return say({ id: p.message_id, params: p.params }, names) + (hint ? ` (${hint})` : "");
  }
  let msg = p.detail || p.title || err.message || t("t.error");
  const errors = p.errors || p.invalid_params;
  if (Array.isArray(errors) && errors.length) {
    msg += ": " + errors.map((e) => [e.field || e.name || (e.loc || []).join("."), e.message || e.reason || e.msg].filter(Boolean).join(" — ")).join("; ");
  }
  if (p.hint) msg += ` (${p.hint})`;
  return msg;
}

let toastTimer;
export function toast(message) {
  const box = document.getElementById("toast");
  box.textContent = message;
  box.classList.add("show");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => box.classList.remove("show"), 4000);
}

export const modeName = (m) => t("modes." + m);
export const statusBadge = (s) => `<span class="badge ${h(s)}">${h(t("status." + s))}</span>`;

export function delayBadge(delay) {
  if (delay == null) return "–";
  const cls = delay > 1 ? "late" : delay < -1 ? "early" : "on_time";
  const sign = delay > 0 ? "+" : "";
  return `<span class="badge ${cls}">${sign}${num(delay, 1)} ${h(t("u.h"))}</span>`;
}
