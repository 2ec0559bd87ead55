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

/** A readable one-paragraph message for a problem+json error (field errors included). */
export function problemText(err) {
  const p = err.problem || {};
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
