// Sampling settings, persisted in this browser's localStorage. Defaults: the card's sampling, and
// the same bounded length as `medpsy ask`: 4,096 new tokens, the reasoning closed after 3,000 so
// that its closing text (about 20 tokens) and an answer always fit.
export const CARD_DEFAULTS = { temperature: 0.6, top_p: 0.95, top_k: 20, max_tokens: 4096, reasoning_budget: 3000, seed: "" };
const KEY = "medpsy.settings";

export function loadSettings() {
  try {
    return { ...CARD_DEFAULTS, ...JSON.parse(localStorage.getItem(KEY) ?? "{}") };
  } catch {
    return { ...CARD_DEFAULTS };
  }
}

export function saveSettings(s) {
  localStorage.setItem(KEY, JSON.stringify(s));
}

/** The request fields for these settings (empty fields are left to the server). */
export function requestFields(s) {
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (v === "" || v === null || v === undefined) continue;
    const n = Number(v);
    if (Number.isFinite(n)) out[k] = n;
  }
  return out;
}

export function bindSettingsForm(form, dialog, onChange) {
  const fill = (s) => {
    for (const [k, v] of Object.entries(s)) if (form.elements[k]) form.elements[k].value = v;
  };
  fill(loadSettings());
  form.addEventListener("change", () => {
    const s = {};
    for (const k of Object.keys(CARD_DEFAULTS)) s[k] = form.elements[k].value;
    saveSettings(s);
    onChange?.(s);
  });
  form.querySelector("#reset-settings").addEventListener("click", () => {
    fill(CARD_DEFAULTS);
    saveSettings({ ...CARD_DEFAULTS });
  });
  dialog.addEventListener("close", () => document.getElementById("open-settings").focus());
}
