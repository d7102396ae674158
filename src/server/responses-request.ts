/**
 * `POST /v1/responses` request → the chat request it amounts to: `instructions` becomes the
 * system turn, `input` (a string, or message / function_call / function_call_output items)
 * the messages, `max_output_tokens` the token limit, `text.format` the response format, flat
 * function tools the chat shape. The chat parser then checks every field as on chat completions.
 */
import { badRequest } from "./errors.ts";
import { parseResponseFormat } from "./response-format.ts";
import { parseChatRequest, type ParsedChat } from "./validate-request.ts";

/** Fields passed through unchanged (sampling and medpsy extensions). */
const PASSTHROUGH = ["model", "temperature", "top_p", "top_k", "min_p", "seed", "stream", "parallel_tool_calls", "reasoning_budget", "enable_thinking", "chat_template_kwargs", "medpsy", "presence_penalty", "frequency_penalty", "repetition_penalty", "stop"];

export function parseResponsesRequest(body: Record<string, unknown>, contextLength: number): ParsedChat {
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    throw badRequest("'previous_response_id' is not supported: this server stores no responses; send the whole conversation in 'input'", "previous_response_id", "unsupported_parameter");
  }
  const chat: Record<string, unknown> = {};
  for (const f of PASSTHROUGH) if (Object.hasOwn(body, f)) chat[f] = body[f];
  const messages: Record<string, unknown>[] = [];
  const instructions = body.instructions;
  if (instructions !== undefined && instructions !== null) {
    if (typeof instructions !== "string") throw badRequest("'instructions' must be a string", "instructions");
    messages.push({ role: "system", content: instructions });
  }
  const input = body.input;
  if (typeof input === "string") messages.push({ role: "user", content: input });
  else if (Array.isArray(input)) input.forEach((item, i) => inputItem(item, i, messages));
  else throw badRequest("'input' must be a string or an array of input items", "input");
  chat.messages = messages;
  const max = body.max_output_tokens;
  if (max !== undefined && max !== null) {
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 16_777_216) throw badRequest(`'max_output_tokens' must be an integer between 1 and 16777216, found ${JSON.stringify(max)?.slice(0, 30)}`, "max_output_tokens");
    chat.max_tokens = max;
  }
  const tools = body.tools;
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) throw badRequest("'tools' must be an array", "tools");
    chat.tools = tools.map((t, i) => {
      const r = t as Record<string, unknown> | null;
      if (!r || r.type !== "function") throw badRequest(`tools[${i}]: only function tools are supported, found type ${JSON.stringify(r?.type)?.slice(0, 30)}`, `tools.${i}.type`, "unsupported_value");
      return { type: "function", function: { name: r.name, description: r.description, parameters: r.parameters, strict: r.strict } };
    });
  }
  const choice = body.tool_choice;
  if (choice !== undefined && choice !== null) {
    const named = typeof choice === "object" && (choice as Record<string, unknown>).type === "function";
    chat.tool_choice = named ? { type: "function", function: { name: (choice as Record<string, unknown>).name } } : choice;
  }
  const parsed = parseChatRequest(chat, contextLength);
  const text = body.text;
  if (text !== undefined && text !== null) {
    if (typeof text !== "object" || Array.isArray(text)) throw badRequest("'text' must be an object such as {\"format\": {\"type\": \"json_object\"}}", "text");
    const format = parseResponseFormat((text as Record<string, unknown>).format, "text.format", true);
    if (format) {
      parsed.options.responseFormat = format;
      // Structured output: the text is exactly the JSON; notices ride in `medpsy`.
      parsed.noticesInContent = false;
    }
  }
  return parsed;
}

function inputItem(item: unknown, i: number, out: Record<string, unknown>[]): void {
  const r = item as Record<string, unknown> | null;
  if (!r || typeof r !== "object" || Array.isArray(r)) throw badRequest(`input[${i}] must be an object`, `input.${i}`);
  const type = r.type ?? "message";
  if (type === "message") {
    out.push({ role: r.role, content: messageText(r.content, i) });
  } else if (type === "function_call") {
    // Consecutive calls belong to one assistant turn.
    const call = { id: r.call_id, type: "function", function: { name: r.name, arguments: r.arguments } };
    const last = out.at(-1);
    if (last && last.role === "assistant" && Array.isArray(last.tool_calls)) (last.tool_calls as unknown[]).push(call);
    else out.push({ role: "assistant", content: null, tool_calls: [call] });
  } else if (type === "function_call_output") {
    const output = r.output;
    out.push({ role: "tool", tool_call_id: r.call_id, content: typeof output === "string" ? output : JSON.stringify(output ?? "") });
  } else if (type === "reasoning") {
    // Earlier reasoning is not sent back to the model (the template drops it for past turns).
  } else {
    throw badRequest(`input[${i}] has type ${JSON.stringify(type)?.slice(0, 30)}: supported are message, function_call, function_call_output and reasoning`, `input.${i}.type`, "unsupported_value");
  }
}

/** A message's content: a string, or input_text / output_text parts. */
function messageText(v: unknown, i: number): unknown {
  if (!Array.isArray(v)) return v;
  return v.map((p, j) => {
    const part = p as Record<string, unknown> | null;
    if (part && (part.type === "input_text" || part.type === "output_text" || part.type === "text") && typeof part.text === "string") return { type: "text", text: part.text };
    throw badRequest(`input[${i}].content[${j}] must be an input_text part (MedPsy reads text only)`, `input.${i}.content`, "unsupported_value");
  });
}
