/**
 * Turns an OpenAI request body into SDK options, field by field, with a 400 naming the field for
 * anything out of shape. Unknown fields are ignored (as OpenAI-compatible servers do), known ones
 * are checked strictly.
 */
import type { ChatMessage, ChatOptions } from "../sdk/types.ts";
import { badRequest, HttpError } from "./errors.ts";
import { parseGbnfField, parseResponseFormat } from "./response-format.ts";
import { callForced, parseMessageTools, parseTools } from "./tools-request.ts";

export interface ParsedCommon {
  options: ChatOptions;
  /** Choices to generate (`n`). */
  n: number;
  stream: boolean;
  includeUsage: boolean;
}

export interface ParsedChat extends ParsedCommon {
  messages: ChatMessage[];
  /** false: no `reasoning_content` in the response (reasoning_format "none" or include_reasoning false). */
  includeReasoning: boolean;
  /** reasoning_format "none": the reasoning stays in `content` inside its `<think>` tags, as llama-server leaves it. */
  reasoningInContent: boolean;
  noticesInContent: boolean;
}

export interface ParsedCompletion extends ParsedCommon {
  prompt: string;
  noticesInContent: boolean;
}

const MAX_MESSAGES = 2048;
const MAX_STOP = 16;
const MAX_NEW_TOKENS = 16_777_216;
/** The sampler's seed is 32 bits, as llama.cpp's. */
const MAX_SEED = 0xffff_ffff;
/** OpenAI's limit on listed alternatives per token (`top_logprobs`). */
const MAX_TOP_LOGPROBS = 20;
/** Choices per request (`n`): each holds its own copy of the prompt's KV cache while it runs. */
export const MAX_CHOICES = 8;

/** `note` follows the range in the message (what a special value means). `above`: the minimum is excluded. */
function num(body: Record<string, unknown>, name: string, min: number, max: number, integer = false, note = "", above = false): number | undefined {
  const v = Object.hasOwn(body, name) ? body[name] : undefined;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || (above && v === min) || v > max || (integer && !Number.isInteger(v))) {
    const range = above ? `greater than ${min} and at most ${max}` : `between ${min} and ${max}`;
    throw badRequest(`'${name}' must be ${integer ? "an integer" : "a number"} ${range}${note}, found ${JSON.stringify(v)?.slice(0, 40)}`, name);
  }
  return v;
}

function bool(body: Record<string, unknown>, name: string): boolean | undefined {
  const v = Object.hasOwn(body, name) ? body[name] : undefined;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw badRequest(`'${name}' must be true or false, found ${JSON.stringify(v)?.slice(0, 40)}`, name);
  return v;
}

function obj(body: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const v = Object.hasOwn(body, name) ? body[name] : undefined;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw badRequest(`'${name}' must be an object`, name);
  return v as Record<string, unknown>;
}

type Endpoint = "chat" | "completions";

/**
 * How many top tokens to list per position, or undefined for no logprobs: chat says
 * `logprobs: true` + `top_logprobs: N` (OpenAI refuses top_logprobs without logprobs: so do we),
 * the legacy completions API `logprobs: N` (0: the chosen tokens' only, as vLLM).
 */
function logprobsAsked(body: Record<string, unknown>, endpoint: Endpoint): number | undefined {
  if (endpoint === "completions") return num(body, "logprobs", 0, MAX_TOP_LOGPROBS, true);
  const on = bool(body, "logprobs") === true;
  const top = num(body, "top_logprobs", 0, MAX_TOP_LOGPROBS, true);
  if (top !== undefined && !on) throw badRequest("'top_logprobs' needs 'logprobs': true", "top_logprobs");
  return on ? (top ?? 0) : undefined;
}

/** OpenAI's logit_bias: {"token id": bias in [-100, 100]}. */
function logitBias(body: Record<string, unknown>): Record<number, number> | undefined {
  const v = obj(body, "logit_bias");
  if (!v) return undefined;
  const entries = Object.entries(v);
  if (entries.length > 1024) throw badRequest("'logit_bias' may hold at most 1024 tokens", "logit_bias");
  const out: Record<number, number> = {};
  for (const [k, b] of entries) {
    if (!/^(0|[1-9][0-9]{0,8})$/.test(k)) throw badRequest(`'logit_bias' keys must be token ids, found ${JSON.stringify(k).slice(0, 30)}`, "logit_bias");
    if (typeof b !== "number" || !Number.isFinite(b) || b < -100 || b > 100) throw badRequest(`'logit_bias' values must be numbers between -100 and 100, found ${JSON.stringify(b)?.slice(0, 30)} for ${k}`, "logit_bias");
    out[Number(k)] = b;
  }
  return entries.length ? out : undefined;
}

function unsupported(body: Record<string, unknown>, endpoint: Endpoint): void {
  // Tools are a chat feature (parsed in parseChatRequest); completions refuse them.
  for (const f of endpoint === "chat" ? [] : ["tools", "functions", "tool_choice", "function_call"]) {
    const v = body[f];
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && v !== "none") {
      throw badRequest(`'${f}': tool and function calling is not supported by this server`, f, "unsupported_parameter");
    }
  }
}

/** Sampling and length fields shared by chat and completions. */
function common(body: Record<string, unknown>, endpoint: Endpoint): ParsedCommon {
  unsupported(body, endpoint);
  const o: ChatOptions = {};
  const set = <K extends keyof ChatOptions>(k: K, v: ChatOptions[K] | undefined) => {
    if (v !== undefined) o[k] = v;
  };
  set("temperature", num(body, "temperature", 0, 2));
  set("topP", num(body, "top_p", 0, 1, false, " (1 = off)", true));
  set("topK", num(body, "top_k", 0, 1_000_000, true));
  set("minP", num(body, "min_p", 0, 1));
  set("presencePenalty", num(body, "presence_penalty", -2, 2));
  set("frequencyPenalty", num(body, "frequency_penalty", -2, 2));
  set("repetitionPenalty", num(body, "repetition_penalty", 0.01, 10));
  set("logprobs", logprobsAsked(body, endpoint));
  set("logitBias", logitBias(body));
  // -1 is llama-server's "random seed", the same as none.
  if (body.seed !== -1) set("seed", num(body, "seed", 0, MAX_SEED, true, ", or -1 for a random seed"));
  // Larger than the context is allowed: generation then ends when the context is full ("length").
  const maxTokens = num(body, "max_completion_tokens", 1, MAX_NEW_TOKENS, true) ?? num(body, "max_tokens", 1, MAX_NEW_TOKENS, true);
  set("maxTokens", maxTokens);
  set("reasoningBudget", num(body, "reasoning_budget", -1, MAX_NEW_TOKENS, true));
  if (o.reasoningBudget === -1) delete o.reasoningBudget; // llama-server's "unlimited"
  const stop = body.stop;
  if (stop !== undefined && stop !== null) {
    const list = typeof stop === "string" ? [stop] : stop;
    if (!Array.isArray(list) || list.length > MAX_STOP || list.some((s) => typeof s !== "string" || s.length === 0 || s.length > 1000)) {
      throw badRequest(`'stop' must be a non-empty string or an array of up to ${MAX_STOP} non-empty strings`, "stop");
    }
    if (list.length) o.stop = list as string[];
  }
  const format = parseResponseFormat(body.response_format, "response_format");
  if (format) o.responseFormat = format;
  const grammar = parseGbnfField(body.grammar, format);
  if (grammar) o.grammar = grammar;
  const stream = bool(body, "stream") ?? false;
  const so = obj(body, "stream_options");
  const includeUsage = so ? (bool(so, "include_usage") ?? false) : false;
  const n = num(body, "n", 1, MAX_CHOICES, true) ?? 1;
  return { options: o, n, stream, includeUsage };
}

function messageContent(v: unknown, i: number, role: string): string {
  if (typeof v === "string") return v;
  if ((v === null || v === undefined) && role === "assistant") return "";
  if (Array.isArray(v)) {
    return v
      .map((part, j) => {
        const p = part as Record<string, unknown> | null;
        if (!p || typeof p !== "object" || Array.isArray(p)) throw badRequest(`messages[${i}].content[${j}] must be an object`, `messages.${i}.content`);
        if (p.type === "text" && typeof p.text === "string") return p.text;
        if (p.type === "text") throw badRequest(`messages[${i}].content[${j}].text must be a string`, `messages.${i}.content`);
        throw badRequest(`messages[${i}].content[${j}] has type ${JSON.stringify(p.type)?.slice(0, 30)}: only text parts are supported (MedPsy reads text only)`, `messages.${i}.content`, "unsupported_value");
      })
      .join("");
  }
  throw badRequest(`messages[${i}].content must be a string or an array of text parts, found ${v === null ? "null" : typeof v}`, `messages.${i}.content`);
}

const ROLE_MAP: Record<string, ChatMessage["role"]> = { system: "system", developer: "system", user: "user", assistant: "assistant", tool: "tool" };

export function parseChatRequest(body: Record<string, unknown>, contextLength: number): ParsedChat {
  const c = common(body, "chat");
  const raw = body.messages;
  if (!Array.isArray(raw) || raw.length === 0) throw badRequest("'messages' must be a non-empty array of {role, content}", "messages");
  if (raw.length > MAX_MESSAGES) throw badRequest(`'messages' has ${raw.length} items; at most ${MAX_MESSAGES} are accepted`, "messages");
  const messages = raw.map((m, i): ChatMessage => {
    if (!m || typeof m !== "object" || Array.isArray(m)) throw badRequest(`messages[${i}] must be an object with role and content`, `messages.${i}`);
    const r = m as Record<string, unknown>;
    // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
    const role = typeof r.role === "string" && Object.hasOwn(ROLE_MAP, r.role) ? ROLE_MAP[r.role] : undefined;
    if (!role) throw badRequest(`messages[${i}].role must be system, developer, user, assistant or tool, found ${JSON.stringify(r.role)?.slice(0, 30)}`, `messages.${i}.role`);
    const out: ChatMessage = { role, content: messageContent(r.content, i, role) };
    const rc = r.reasoning_content;
    if (typeof rc === "string") out.reasoning_content = rc;
    else if (rc !== undefined && rc !== null) throw badRequest(`messages[${i}].reasoning_content must be a string`, `messages.${i}.reasoning_content`);
    parseMessageTools(r, i, out);
    return out;
  });
  if (!messages.some((m) => m.role === "user")) throw badRequest("'messages' needs at least one user message", "messages");
  parseTools(body, c.options);
  if (c.options.grammar && callForced(c.options)) throw badRequest("'grammar' cannot be combined with a forced tool call (tool_choice required or a named function): the call has its own grammar", "grammar");

  const kwargs = obj(body, "chat_template_kwargs");
  const enable = bool(body, "enable_thinking") ?? (kwargs ? bool(kwargs, "enable_thinking") : undefined);
  if (enable !== undefined) c.options.enableThinking = enable;
  const format = body.reasoning_format;
  if (format !== undefined && format !== null && !["parsed", "none", "deepseek", "auto"].includes(format as string)) {
    throw badRequest(`'reasoning_format' must be "parsed" or "none", found ${JSON.stringify(format)?.slice(0, 30)}`, "reasoning_format");
  }
  const includeReasoning = (bool(body, "include_reasoning") ?? true) && format !== "none";
  return { ...c, messages, includeReasoning, reasoningInContent: format === "none", noticesInContent: noticesInContent(body, c.options) };
}

export function parseCompletionRequest(body: Record<string, unknown>, contextLength: number): ParsedCompletion {
  const c = common(body, "completions");
  let prompt = body.prompt;
  if (Array.isArray(prompt) && prompt.length === 1 && typeof prompt[0] === "string") prompt = prompt[0];
  if (typeof prompt !== "string" || prompt.length === 0) {
    throw badRequest("'prompt' must be a non-empty string (one prompt per request)", "prompt");
  }
  if (body.echo === true) throw badRequest("'echo' is not supported by this server", "echo", "unsupported_parameter");
  if (body.best_of !== undefined && body.best_of !== null && body.best_of !== 1) throw badRequest("'best_of' must be 1", "best_of", "unsupported_value");
  if (body.suffix !== undefined && body.suffix !== null) throw badRequest("'suffix' is not supported by this server", "suffix", "unsupported_parameter");
  return { ...c, prompt, noticesInContent: noticesInContent(body, c.options) };
}

/**
 * `medpsy: {notices_in_content: false}` keeps the safety notices out of the text (they stay in the
 * `medpsy` field). Structured output never has them in the text: the content is exactly the JSON
 * the format asked for, and the referral and disclaimer ride in `medpsy` only.
 */
function noticesInContent(body: Record<string, unknown>, o: ChatOptions): boolean {
  const ext = obj(body, "medpsy");
  const asked = ext ? (bool(ext, "notices_in_content") ?? true) : true;
  return asked && (o.responseFormat === undefined || o.responseFormat.type === "text") && o.grammar === undefined && !callForced(o);
}

/**
 * The request field whose constraint a grammar error while generating is about, in the order
 * answerGrammar picks the constraint: `grammar`, then a forced call's `tools`, then the format
 * field (`response_format`, or the Responses API's `text.format`), then `tools` (tool_choice auto
 * constrains only a call the model starts).
 */
export function constraintField(o: ChatOptions, formatField = "response_format"): string {
  if (o.grammar !== undefined) return "grammar";
  if (callForced(o)) return "tools";
  if (o.responseFormat !== undefined && o.responseFormat.type !== "text") return formatField;
  return o.tools !== undefined ? "tools" : formatField;
}

export function requireModelField(body: Record<string, unknown>): void {
  const m = body.model;
  if (m !== undefined && m !== null && typeof m !== "string") throw new HttpError(400, "'model' must be a string", { param: "model", code: "invalid_value" });
}
