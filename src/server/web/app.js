// The chat page: streams answers from this server's /v1/chat/completions, reasoning in a
// collapsible panel, the safety layer's triage banner and disclaimer, stop, copy, settings.
// Everything stays between this page and the server it came from.
import { renderMarkdown } from "./markdown.js";
import { readEvents } from "./sse.js";
import { bindSettingsForm, loadSettings, requestFields } from "./settings.js";

const $ = (id) => document.getElementById(id);
const conversation = $("conversation");
const form = $("composer");
const question = $("question");
const sendButton = $("send");
const stopButton = $("stop");

let history = [];
/** The last disclaimer the server sent, shown under an answer the user stopped before it came. */
let knownDisclaimer = null;
let controller = null;
let modelName = "medpsy";
/** Bumped by "New conversation" so a reply still finishing cannot refill the old history. */
let epoch = 0;

const apiKey = () => sessionStorage.getItem("medpsy.apiKey");
const headers = () => ({ "content-type": "application/json", ...(apiKey() ? { authorization: `Bearer ${apiKey()}` } : {}) });

// The page follows the answer as it grows, unless the user scrolled up to read something; coming
// back to the bottom resumes following. The reasoning box does the same inside its own scroll area.
const NEAR = 48;
const atBottom = (el) => el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR;
let followPage = true;
/** Where this page last scrolled itself: a scroll event there is ours, not the user's. */
let ownTop = -1;
window.addEventListener("scroll", () => {
  const root = document.scrollingElement;
  if (Math.abs(root.scrollTop - ownTop) >= 1) followPage = atBottom(root);
}, { passive: true });
function followAnswer() {
  if (!followPage) return;
  const root = document.scrollingElement;
  root.scrollTop = root.scrollHeight;
  ownTop = root.scrollTop;
}
function followBox(box) {
  if (box.dataset.follow === "false") return;
  box.scrollTop = box.scrollHeight;
  box.dataset.ownTop = String(box.scrollTop);
}

async function loadModelName() {
  try {
    const res = await fetch("/v1/models", { headers: headers() });
    if (res.status === 401 && askForKey()) return loadModelName();
    const body = await res.json();
    modelName = body.data?.[0]?.id ?? modelName;
    $("model-name").textContent = modelName;
  } catch {
    $("model-name").textContent = "server not reachable";
  }
}

function askForKey() {
  const key = window.prompt("This server needs an API key:");
  if (!key) return false;
  sessionStorage.setItem("medpsy.apiKey", key.trim());
  return true;
}

function addUserTurn(text) {
  const el = document.createElement("article");
  el.className = "turn user";
  el.setAttribute("aria-label", "You");
  el.textContent = text;
  conversation.append(el);
}

function addAssistantTurn() {
  const el = $("turn-template").content.firstElementChild.cloneNode(true);
  el.setAttribute("aria-label", "MedPsy");
  conversation.append(el);
  return {
    el,
    triage: el.querySelector(".triage"),
    reasoning: el.querySelector(".reasoning"),
    reasoningText: (() => {
      const box = el.querySelector(".reasoning-text");
      box.addEventListener("scroll", () => {
        if (Math.abs(box.scrollTop - Number(box.dataset.ownTop ?? -1)) >= 1) box.dataset.follow = String(atBottom(box));
      }, { passive: true });
      return box;
    })(),
    reasoningCount: el.querySelector(".reasoning-count"),
    answer: el.querySelector(".answer"),
    disclaimer: el.querySelector(".disclaimer"),
    stats: el.querySelector(".stats"),
    copy: el.querySelector(".copy"),
  };
}

function setBusy(busy) {
  sendButton.disabled = busy;
  stopButton.hidden = !busy;
  if (!busy) question.focus();
}

function showError(turn, message) {
  const p = document.createElement("p");
  p.className = "error";
  p.setAttribute("role", "alert");
  p.textContent = message;
  turn.el.insertBefore(p, turn.el.querySelector(".meta"));
}

async function errorMessage(res) {
  let message = `the server answered ${res.status}`;
  try {
    message = (await res.json()).error?.message ?? message;
  } catch {}
  if (res.status === 429) return `Server busy, retry in ${res.headers.get("retry-after") ?? "a few"} s. Your question is back in the box.`;
  if (res.status === 401) return `The API key was not accepted (${message}). Reload the page to enter it again.`;
  return message;
}

async function send(text) {
  addUserTurn(text);
  const turn = addAssistantTurn();
  const messages = [...history, { role: "user", content: text }];
  const myEpoch = epoch;
  controller = new AbortController();
  setBusy(true);
  let answer = "";
  let reasoningDeltas = 0;
  let firstToken = 0;
  let usage = null;
  let finish = null;
  let frame = 0;
  let reasoningShown = false;
  const paint = () => {
    frame = 0;
    turn.answer.innerHTML = renderMarkdown(answer);
    followAnswer();
  };
  followPage = true;
  followAnswer();
  try {
    let res = await post(messages, controller.signal);
    if (res.status === 401 && askForKey()) res = await post(messages, controller.signal);
    if (!res.ok) {
      if (res.status === 401) sessionStorage.removeItem("medpsy.apiKey");
      showError(turn, await errorMessage(res));
      if (!question.value) question.value = text; // so a retry is one key press away
      return;
    }
    for await (const chunk of readEvents(res)) {
      if (chunk.error) throw new Error(chunk.error.message);
      const ext = chunk.medpsy;
      if (ext?.type === "triage" && ext.level !== "routine") {
        turn.triage.hidden = false;
        turn.triage.classList.toggle("urgent", ext.level === "urgent");
        turn.triage.textContent =
          ext.level === "emergency"
            ? `Possible emergency: ${ext.reasons.map((r) => r.label).join("; ")}.`
            : `This may need care today: ${ext.reasons.map((r) => r.label).join("; ")}. Contact a doctor or urgent care.`;
      }
      if (ext?.type === "notice" && ext.kind === "referral") {
        turn.triage.hidden = false;
        turn.triage.textContent = ext.text;
      }
      if (ext?.type === "notice" && ext.kind === "disclaimer") {
        knownDisclaimer = ext.text;
        turn.disclaimer.hidden = false;
        turn.disclaimer.textContent = ext.text;
      }
      if (ext?.type === "triage" || ext?.type === "notice") followAnswer();
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const d = choice.delta ?? {};
      if (d.reasoning_content) {
        firstToken ||= performance.now();
        reasoningDeltas++;
        if (turn.reasoning.hidden) {
          turn.reasoning.hidden = false;
          turn.reasoning.open = true;
        }
        turn.reasoningText.append(d.reasoning_content);
        reasoningShown = true;
        followBox(turn.reasoningText);
        turn.reasoningCount.textContent = `(${reasoningDeltas} tokens, thinking…)`;
        frame ||= requestAnimationFrame(paint);
      }
      if (d.content) {
        firstToken ||= performance.now();
        if (!answer && turn.reasoning.open) turn.reasoning.open = false;
        answer += d.content;
        frame ||= requestAnimationFrame(paint);
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  } catch (err) {
    if (err.name !== "AbortError") showError(turn, `The answer could not be completed: ${err.message}`);
  } finally {
    if (frame) cancelAnimationFrame(frame);
    paint();
    const stopped = controller?.signal.aborted;
    // Stopped before the server's disclaimer came: the model's text shown still gets one.
    if (stopped && (answer || reasoningShown) && turn.disclaimer.hidden) {
      turn.disclaimer.hidden = false;
      turn.disclaimer.textContent = knownDisclaimer ?? document.querySelector(".standing-note").textContent.trim().replace(/\s+/g, " ");
    }
    finishTurn(turn, { answer, reasoningDeltas, firstToken, usage, finish, stopped });
    followAnswer();
    // Only answered exchanges become context: the answer without notices (they came separately)
    // and without reasoning, as the chat template expects for earlier turns.
    if (myEpoch === epoch && answer) history = [...messages, { role: "assistant", content: answer }];
    controller = null;
    setBusy(false);
  }
}

function finishTurn(turn, r) {
  if (!turn.reasoning.hidden) turn.reasoningCount.textContent = `(${r.usage?.completion_tokens_details?.reasoning_tokens ?? r.reasoningDeltas} tokens)`;
  const seconds = r.firstToken ? (performance.now() - r.firstToken) / 1000 : 0;
  const generated = r.usage?.completion_tokens ?? r.reasoningDeltas;
  const parts = [];
  if (r.stopped) parts.push("stopped");
  else if (r.finish === "length") parts.push("cut off at the token limit");
  if (generated) parts.push(`${generated} tokens`);
  if (seconds > 0 && generated > 1) parts.push(`${(generated / seconds).toFixed(1)} tok/s`);
  turn.stats.textContent = parts.join(" · ");
  if (r.stopped) turn.stats.classList.add("status-stopped");
  if (r.answer) {
    turn.copy.hidden = false;
    turn.copy.addEventListener("click", async () => {
      await navigator.clipboard?.writeText(r.answer).catch(() => {});
      turn.copy.textContent = "Copied";
      setTimeout(() => (turn.copy.textContent = "Copy answer"), 1500);
    });
  } else if (!r.stopped && r.finish === "length") {
    // Name the limit that stopped it: with a reasoning budget, its closing text did not fit.
    const s = loadSettings();
    const budget = s.reasoning_budget === "" ? null : Number(s.reasoning_budget);
    showError(
      turn,
      budget === null || !Number.isFinite(budget)
        ? "The model was still reasoning when it reached the token limit, so there is no answer. Raise “Max new tokens”, or set a “Reasoning budget” below it, in Settings."
        : `The reasoning budget (${budget}) could not close the reasoning: closing it adds about 20 tokens of text, and “Max new tokens” left no room for that and an answer. Set “Max new tokens” at least ${budget + 100}, or lower the budget, in Settings.`,
    );
  }
}

function post(messages, signal) {
  const body = {
    model: modelName,
    messages,
    stream: true,
    stream_options: { include_usage: true },
    medpsy: { notices_in_content: false },
    ...requestFields(loadSettings()),
  };
  return fetch("/v1/chat/completions", { method: "POST", headers: headers(), body: JSON.stringify(body), signal });
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  const text = question.value.trim();
  if (!text || controller) return;
  question.value = "";
  send(text);
});
question.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    form.requestSubmit();
  }
});
stopButton.addEventListener("click", () => controller?.abort());
$("new-chat").addEventListener("click", () => {
  controller?.abort();
  epoch++;
  history = [];
  conversation.replaceChildren();
  question.focus();
});
const dialog = $("settings");
$("open-settings").addEventListener("click", () => dialog.showModal());
bindSettingsForm($("settings-form"), dialog);
loadModelName();
question.focus();
