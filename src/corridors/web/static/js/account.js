// Sign-in: paste an API key; it is checked against /api/v1/organizations/me and kept in sessionStorage.
import { api, auth, t, toast } from "./common.js";

const dialog = document.getElementById("signin-dialog");
const form = document.getElementById("signin-form");
const input = document.getElementById("signin-key");
const error = document.getElementById("signin-error");
const openBtn = document.getElementById("signin-open");
const outBtn = document.getElementById("signout");
const orgName = document.getElementById("org-name");

function show() {
  const org = auth.org;
  orgName.hidden = !org;
  orgName.textContent = org ? org.name : "";
  if (org) orgName.title = t("t.signed_in_as", { org: org.name });
  openBtn.hidden = !!org;
  outBtn.hidden = !org;
  document.dispatchEvent(new CustomEvent("corridors:auth", { detail: org }));
}

openBtn.addEventListener("click", () => {
  error.hidden = true;
  input.value = "";
  dialog.showModal();
  input.focus();
});
document.getElementById("signin-cancel").addEventListener("click", () => dialog.close());
outBtn.addEventListener("click", () => {
  auth.clear();
  show();
  toast(t("t.signed_out"));
  openBtn.focus();
});
form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const key = input.value.trim();
  if (!key) return;
  try {
    const org = await api("/api/v1/organizations/me", { key });
    auth.set(key, { id: org.id, name: org.name, kind: org.kind, roles: org.roles });
    dialog.close();
    show();
    toast(t("t.signed_in_as", { org: org.name }));
    outBtn.focus();
  } catch (err) {
    error.textContent = err.status === 0 ? t("t.offline") : t("t.sign_in_failed");
    error.hidden = false;
    input.focus();
  }
});
// Expose for other pages' buttons ("sign in to book").
window.corridorsSignIn = () => openBtn.click();
show();
