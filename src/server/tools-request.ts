/**
 * `tools`, `tool_choice`, `parallel_tool_calls` and the tool parts of messages (assistant
 * `tool_calls`, tool `tool_call_id`) from an OpenAI chat request. A forced choice's parameter
 * schemas are compiled here, so a keyword the grammar engine cannot honour is a 400 naming it.
 */
import type { ChatMessage, ChatOptions, ToolCall, ToolChoice, ToolDefinition } from "../sdk/types.ts";
import { GrammarSchemaError } from "../grammar/index.ts";
import { answerGrammar } from "../generate/pipeline.ts";
import { badRequest, HttpError } from "./errors.ts";

const MAX_TOOLS = 128;
const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

export function parseTools(body: Record<string, unknown>, o: ChatOptions): void {
  for (const f of ["functions", "function_call"]) {
    if (body[f] !== undefined && body[f] !== null) throw badRequest(`'${f}' is the deprecated form of function calling; send 'tools' and 'tool_choice'`, f, "unsupported_parameter");
  }
  const raw = body.tools;
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw) || raw.length > MAX_TOOLS) throw badRequest(`'tools' must be an array of at most ${MAX_TOOLS} {type: "function", function: {name, description, parameters}}`, "tools");
    const names = new Set<string>();
    const tools = raw.map((t, i): ToolDefinition => {
      const r = t as Record<string, unknown> | null;
      const fn = r && typeof r === "object" ? (r.function as Record<string, unknown> | undefined) : undefined;
      if (!r || r.type !== "function" || !fn || typeof fn !== "object") throw badRequest(`tools[${i}] must be {type: "function", function: {...}}`, `tools.${i}`);
      if (typeof fn.name !== "string" || !NAME.test(fn.name)) throw badRequest(`tools[${i}].function.name must be 1 to 64 letters, digits, _ . : or -`, `tools.${i}.function.name`);
      if (names.has(fn.name)) throw badRequest(`tools[${i}].function.name ${fn.name} is given twice`, `tools.${i}.function.name`);
      names.add(fn.name);
      const def: ToolDefinition = { type: "function", function: { name: fn.name } };
      if (fn.description !== undefined && fn.description !== null) {
        if (typeof fn.description !== "string") throw badRequest(`tools[${i}].function.description must be a string`, `tools.${i}.function.description`);
        def.function.description = fn.description;
      }
      if (fn.parameters !== undefined && fn.parameters !== null) {
        if (typeof fn.parameters !== "object" || Array.isArray(fn.parameters)) throw badRequest(`tools[${i}].function.parameters must be a JSON Schema object`, `tools.${i}.function.parameters`);
        def.function.parameters = fn.parameters as Record<string, unknown>;
      }
      if (typeof fn.strict === "boolean") def.function.strict = fn.strict;
      return def;
    });
    if (tools.length) o.tools = tools;
  }
  const choice = body.tool_choice;
  if (choice !== undefined && choice !== null) o.toolChoice = parseChoice(choice, o.tools ?? []);
  const parallel = body.parallel_tool_calls;
  if (parallel !== undefined && parallel !== null) {
    if (typeof parallel !== "boolean") throw badRequest("'parallel_tool_calls' must be true or false", "parallel_tool_calls");
    o.parallelToolCalls = parallel;
  }
  if (!o.tools) return;
  try {
    answerGrammar(o); // a forced call's grammar, compiled now
  } catch (err) {
    if (err instanceof GrammarSchemaError) {
      const param = err.path.replace(/^tools\[(\d+)\]/, "tools.$1").split("/")[0]!;
      throw new HttpError(400, err.message, { param, code: "unsupported_schema_keyword" });
    }
    throw err;
  }
}

function parseChoice(v: unknown, tools: ToolDefinition[]): ToolChoice {
  if (v === "auto" || v === "none" || v === "required") {
    if (v === "required" && tools.length === 0) throw badRequest("'tool_choice' is \"required\" but no 'tools' are given", "tool_choice");
    return v;
  }
  const name = (v as { function?: { name?: unknown } } | null)?.function?.name;
  if (!v || typeof v !== "object" || (v as { type?: unknown }).type !== "function" || typeof name !== "string") {
    throw badRequest(`'tool_choice' must be "auto", "none", "required" or {"type": "function", "function": {"name": ...}}, found ${JSON.stringify(v)?.slice(0, 60)}`, "tool_choice");
  }
  if (!tools.some((t) => t.function.name === name)) throw badRequest(`'tool_choice' names ${JSON.stringify(name).slice(0, 70)}, which is not among 'tools'`, "tool_choice");
  return { type: "function", function: { name } };
}

/** The tool parts of messages[i] onto `out`. */
export function parseMessageTools(r: Record<string, unknown>, i: number, out: ChatMessage): void {
  const calls = r.tool_calls;
  if (calls !== undefined && calls !== null) {
    if (out.role !== "assistant") throw badRequest(`messages[${i}].tool_calls is only for assistant messages`, `messages.${i}.tool_calls`);
    if (!Array.isArray(calls) || calls.length > 128) throw badRequest(`messages[${i}].tool_calls must be an array`, `messages.${i}.tool_calls`);
    out.tool_calls = calls.map((c, j): ToolCall => {
      const fn = (c as { function?: Record<string, unknown> } | null)?.function;
      if (!fn || typeof fn.name !== "string" || (typeof fn.arguments !== "string" && (typeof fn.arguments !== "object" || fn.arguments === null))) {
        throw badRequest(`messages[${i}].tool_calls[${j}] must be {id, type: "function", function: {name, arguments}}`, `messages.${i}.tool_calls.${j}`);
      }
      const id = (c as { id?: unknown }).id;
      return { id: typeof id === "string" ? id : `call_${i}_${j}`, type: "function", function: { name: fn.name, arguments: typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments) } };
    });
  }
  const id = r.tool_call_id;
  if (id !== undefined && id !== null) {
    if (typeof id !== "string") throw badRequest(`messages[${i}].tool_call_id must be a string`, `messages.${i}.tool_call_id`);
    out.tool_call_id = id;
  }
  if (out.role === "tool" && typeof r.name === "string") out.name = r.name;
}

/** Whether the answer must be tool calls (notices then stay out of content). */
export const callForced = (o: ChatOptions) => o.tools !== undefined && o.toolChoice !== undefined && o.toolChoice !== "auto" && o.toolChoice !== "none";

/**
 * In front of an upstream server: the fields it would drop silently are refused by name
 * (tools and tool turns, logprobs, logit_bias, grammar).
 */
export function refuseLocalOnly(options: ChatOptions, messages: ChatMessage[] | undefined): void {
  if (options.tools || messages?.some((m) => m.tool_calls || m.role === "tool")) {
    throw badRequest("tools and tool messages are not forwarded to an upstream server; call it directly for function calling", "tools", "unsupported_parameter");
  }
  if (options.logprobs !== undefined) throw badRequest("'logprobs' is not forwarded to an upstream server", "logprobs", "unsupported_parameter");
  if (options.logitBias) throw badRequest("'logit_bias' is not forwarded to an upstream server", "logit_bias", "unsupported_parameter");
  if (options.grammar !== undefined) throw badRequest("'grammar' is not forwarded to an upstream server", "grammar", "unsupported_parameter");
}
