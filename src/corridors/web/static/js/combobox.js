// Place search: an ARIA 1.2 combobox over GET /api/v1/network/places, usable with keyboard alone.
import { api, t, h } from "./common.js";

export function placeCombobox(input, { onPick, name = (m) => m.name } = {}) {
  const list = document.getElementById(input.getAttribute("aria-controls"));
  let items = [], active = -1, timer, ctrl;
  input.dataset.query = "";

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    }
  };
  const pick = (i) => {
    const m = items[i];
    if (!m) return;
    input.value = name(m) + (m.country ? ` (${m.country})` : "");
    input.dataset.query = m.query;
    input.dataset.label = m.label;
    input.setCustomValidity("");
    close();
    onPick?.(m);
  };
  const render = () => {
    list.innerHTML = "";
    if (!items.length) {
      list.innerHTML = `<li role="option" aria-disabled="true" id="${input.id}-none" class="muted">${h(t("t.no_match"))}</li>`;
    }
    items.forEach((m, i) => {
      const li = document.createElement("li");
      li.id = `${input.id}-opt-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.innerHTML = `${h(name(m))} <span class="sub">${h(m.label)}</span>`;
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); pick(i); });
      list.append(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(items.length ? 0 : -1);
  };
  const search = async () => {
    const q = input.value.trim();
    if (q.length < 2) { close(); return; }
    ctrl?.abort();
    ctrl = new AbortController();
    try {
      const data = await api(`/api/v1/network/places?q=${encodeURIComponent(q)}&limit=8`, { signal: ctrl.signal, key: null });
      items = Array.isArray(data) ? data : data.items || [];
      render();
    } catch (err) {
      if (err.name !== "AbortError") { items = []; render(); }
    }
  };

  input.addEventListener("input", () => {
    input.dataset.query = "";
    clearTimeout(timer);
    timer = setTimeout(search, 180);
  });
  input.addEventListener("keydown", (ev) => {
    const open = !list.hidden;
    if (ev.key === "ArrowDown") { ev.preventDefault(); if (!open) search(); else highlight(Math.min(active + 1, items.length - 1)); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); if (open) highlight(Math.max(active - 1, 0)); }
    else if (ev.key === "Enter" && open && active >= 0) { ev.preventDefault(); pick(active); }
    else if (ev.key === "Escape" && open) { ev.preventDefault(); close(); }
  });
  input.addEventListener("blur", () => setTimeout(close, 120));
  return { set(query, label) { input.value = label; input.dataset.query = query; } };
}
