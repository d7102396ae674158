/**
 * `POST /v1/responses`: the Responses API subset that the official client's `responses.create`
 * and `@ai-sdk/openai` use, over the same machinery as chat completions (slots, safety layer,
 * grammar, tools). Output items in order: the emergency referral as its own message (when there
 * is one), the reasoning (`reasoning_text` content), the answer message (`output_text`, the
 * disclaimer at its end), function calls. Streamed as the API's typed events, each with a
 * `sequence_number`; the final `response.completed` (or `response.incomplete` when
 * `max_output_tokens` cut it) carries the whole response, as the non-streamed answer does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { applySafety } from "../safety/apply.ts";
import type { ChatEvent, ChatStreamEvent, TriageLevel, TriageReason, Usage } from "../sdk/types.ts";
import type { ServerState } from "./state.ts";
import { stripSafetyNotices } from "./strip-notices.ts";
import { endStreamWithError, startSse } from "./sse.ts";
import { prepareOnSlot, runOnSlot } from "./run-on-slot.ts";
import { namingConstraint, withSafetyOutcome } from "./errors.ts";
import { refuseLocalOnly } from "./tools-request.ts";
import { safetyWithoutModel } from "../safety/without-model.ts";
import { parseResponsesRequest } from "./responses-request.ts";
import { constraintField } from "./validate-request.ts";

const hex = () => randomUUID().replaceAll("-", "");

type Item = Record<string, unknown> & { id: string; type: string };

export async function handleResponses(state: ServerState, req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<number> {
  const parsed = parseResponsesRequest(body, state.backend.contextLength);
  if (!state.backend.supportsTools) refuseLocalOnly(parsed.options, parsed.messages);
  const messages = stripSafetyNotices(parsed.messages, state.policy, state.knownNotices());
  const created = Math.floor(Date.now() / 1000);
  const response: Record<string, unknown> = {
    id: `resp_${hex()}`,
    object: "response",
    created_at: created,
    status: "in_progress",
    model: state.backend.modelName,
    output: [] as Item[],
    error: null,
    incomplete_details: null,
    instructions: typeof body.instructions === "string" ? body.instructions : null,
    max_output_tokens: parsed.options.maxTokens ?? null,
    temperature: parsed.options.temperature ?? null,
    top_p: parsed.options.topP ?? null,
    tools: Array.isArray(body.tools) ? body.tools : [],
    tool_choice: body.tool_choice ?? "auto",
    parallel_tool_calls: parsed.options.parallelToolCalls ?? true,
    text: { format: parsed.options.responseFormat ? formatEcho(body) : { type: "text" } },
    reasoning: { effort: null, summary: null },
    previous_response_id: null,
    store: false,
    metadata: {},
    usage: null,
  };
  const output = response.output as Item[];

  return runOnSlot(state, req, res, messages, async (lease, signal) => {
    const prepared = await prepareOnSlot(state, lease, messages, messages, parsed.options, signal);
    const raw: AsyncIterable<ChatEvent> = state.backend.chat(lease.slot.state, messages, { ...parsed.options, signal }, prepared);
    const events: AsyncIterable<ChatStreamEvent> = state.policy
      ? applySafety(messages, raw, state.policy, { modelHash: state.backend.modelHash, classify: state.backend.emergencyClassifier, settings: { ...parsed.options, endpoint: "responses" } })
      : raw;
    const started = Date.now();
    let seq = 0;
    const send = (type: string, payload: Record<string, unknown>) => {
      if (!parsed.stream || res.writableEnded || res.destroyed) return;
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...payload })}\n\n`);
    };
    let triage: { level: TriageLevel; reasons: TriageReason[] } | undefined;
    const notices: Array<{ kind: string; text: string; in_content: boolean }> = [];
    let usage: Usage = { promptTokens: 0, reasoningTokens: 0, contentTokens: 0 };
    let stopReason = "stop";
    let truncated = false;
    /** The item being written: its index in output, and for messages/reasoning the text so far. */
    let open: { item: Item; index: number; text: string; part: "output_text" | "reasoning_text" } | undefined;

    const close = () => {
      if (!open) return;
      const { item, index, text, part } = open;
      open = undefined;
      const done = part === "output_text" ? { type: "output_text", text, annotations: [] } : { type: "reasoning_text", text };
      send(part === "output_text" ? "response.output_text.done" : "response.reasoning_text.done", { item_id: item.id, output_index: index, content_index: 0, text });
      send("response.content_part.done", { item_id: item.id, output_index: index, content_index: 0, part: done });
      item.content = [done];
      item.status = "completed";
      send("response.output_item.done", { output_index: index, item });
    };
    const write = (part: "output_text" | "reasoning_text", delta: string) => {
      if (!delta) return;
      if (open && open.part !== part) close();
      if (!open) {
        const item: Item = part === "output_text"
          ? { id: `msg_${hex()}`, type: "message", role: "assistant", status: "in_progress", content: [] }
          : { id: `rs_${hex()}`, type: "reasoning", summary: [], content: [], status: "in_progress" };
        output.push(item);
        open = { item, index: output.length - 1, text: "", part };
        send("response.output_item.added", { output_index: open.index, item: { ...item } });
        send("response.content_part.added", { item_id: item.id, output_index: open.index, content_index: 0, part: part === "output_text" ? { type: "output_text", text: "", annotations: [] } : { type: "reasoning_text", text: "" } });
      }
      open.text += delta;
      send(part === "output_text" ? "response.output_text.delta" : "response.reasoning_text.delta", { item_id: open.item.id, output_index: open.index, content_index: 0, delta });
    };
    /** Function calls streamed piece by piece (tool_call_delta), by call id. */
    const calls = new Map<string, { item: Item; index: number }>();
    const stops = parsed.options.stop ?? [];
    const noticeShown = (text: string) => parsed.noticesInContent && !stops.some((s) => text.includes(s));

    if (parsed.stream) {
      startSse(res, state.corsHeaders(req));
      send("response.created", { response: { ...response } });
      send("response.in_progress", { response: { ...response } });
    }
    try {
      for await (const ev of events) {
        if (ev.type === "triage") {
          triage = { level: ev.level, reasons: ev.reasons };
        } else if (ev.type === "notice") {
          const shown = noticeShown(ev.text);
          notices.push({ kind: ev.kind, text: ev.text, in_content: shown });
          state.rememberNotice(ev.text);
          if (!shown) continue;
          if (ev.kind === "referral") {
            // Its own message, first: the emergency number is read before anything else.
            write("output_text", ev.text);
            close();
          } else write("output_text", (open?.part === "output_text" && open.text ? "\n\n" : "") + ev.text);
        } else if (ev.type === "reasoning") {
          if (parsed.includeReasoning) write("reasoning_text", ev.text);
        } else if (ev.type === "content") {
          write("output_text", ev.text);
        } else if (ev.type === "tool_call_delta") {
          // A call whose arguments come in pieces: its item opens at the first, each piece is a delta.
          let fc = calls.get(ev.id);
          if (!fc) {
            close();
            const item: Item = { id: `fc_${hex()}`, type: "function_call", status: "in_progress", call_id: ev.id, name: ev.name, arguments: "" };
            output.push(item);
            fc = { item, index: output.length - 1 };
            calls.set(ev.id, fc);
            send("response.output_item.added", { output_index: fc.index, item: { ...item } });
          }
          if (ev.arguments) {
            fc.item.arguments = (fc.item.arguments as string) + ev.arguments;
            send("response.function_call_arguments.delta", { item_id: fc.item.id, output_index: fc.index, delta: ev.arguments });
          }
        } else if (ev.type === "tool_call" && calls.has(ev.call.id)) {
          const { item, index } = calls.get(ev.call.id)!;
          item.arguments = ev.call.function.arguments;
          item.status = "completed";
          send("response.function_call_arguments.done", { item_id: item.id, output_index: index, arguments: item.arguments });
          send("response.output_item.done", { output_index: index, item });
        } else if (ev.type === "tool_call") {
          close();
          const item: Item = { id: `fc_${hex()}`, type: "function_call", status: "completed", call_id: ev.call.id, name: ev.call.function.name, arguments: ev.call.function.arguments };
          output.push(item);
          const index = output.length - 1;
          send("response.output_item.added", { output_index: index, item: { ...item, arguments: "", status: "in_progress" } });
          send("response.function_call_arguments.delta", { item_id: item.id, output_index: index, delta: item.arguments });
          send("response.function_call_arguments.done", { item_id: item.id, output_index: index, arguments: item.arguments });
          send("response.output_item.done", { output_index: index, item });
        } else if (ev.type === "done") {
          usage = ev.usage;
          stopReason = ev.stopReason;
          truncated = ev.reasoningTruncated;
        }
      }
      close();
    } catch (caught) {
      const err = namingConstraint(caught, constraintField(parsed.options, "text.format"));
      if (!parsed.stream) throw withSafetyOutcome(err, triage ? { triage, notices: notices as never } : safetyWithoutModel(messages, state.policy));
      return endStreamWithError(res, err);
    }
    const cached = state.backend.reusedPromptTokens?.(lease.slot.state) ?? 0;
    state.recordUsage(usage, (Date.now() - started) / 1000, cached);
    lease.slot.history = [];
    const completion = usage.reasoningTokens + usage.contentTokens;
    response.usage = {
      input_tokens: usage.promptTokens,
      input_tokens_details: { cached_tokens: cached },
      output_tokens: completion,
      output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
      total_tokens: usage.promptTokens + completion,
    };
    const incomplete = stopReason === "length";
    response.status = incomplete ? "incomplete" : "completed";
    if (incomplete) response.incomplete_details = { reason: "max_output_tokens" };
    response.medpsy = { triage: triage ?? null, notices, reasoning_truncated: truncated };
    if (parsed.stream) {
      send(incomplete ? "response.incomplete" : "response.completed", { response });
      res.end();
      return 200;
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", ...state.corsHeaders(req) });
    res.end(JSON.stringify({ ...response, output_text: output.filter((i) => i.type === "message").map((i) => ((i.content as Array<{ text: string }>)[0]?.text ?? "")).join("") }));
    return 200;
  });
}

/** The request's text.format, echoed. */
function formatEcho(body: Record<string, unknown>): unknown {
  return (body.text as Record<string, unknown> | undefined)?.format ?? { type: "text" };
}
