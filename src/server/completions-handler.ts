/** `POST /v1/completions`: raw text continuation (no chat template, no reasoning split, no safety notices). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { Usage } from "../sdk/types.ts";
import type { ServerState } from "./state.ts";
import { parseCompletionRequest } from "./validate-request.ts";
import { endStreamWithError, startSse, writeSse } from "./sse.ts";
import { runOnSlot } from "./run-on-slot.ts";
import { usageBody } from "./chat-handler.ts";

export async function handleCompletion(state: ServerState, req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<number> {
  const parsed = parseCompletionRequest(body, state.backend.contextLength);
  const base = { id: `cmpl-${randomUUID().replaceAll("-", "")}`, object: "text_completion", created: Math.floor(Date.now() / 1000), model: state.backend.modelName };
  return runOnSlot(state, req, res, undefined, async (lease, signal) => {
    const prepared = await state.backend.prepare?.(lease.slot.state, parsed.prompt, parsed.options, signal);
    const started = Date.now();
    let text = "";
    let usage: Usage = { promptTokens: 0, reasoningTokens: 0, contentTokens: 0 };
    let finish = "stop";
    if (parsed.stream) startSse(res, state.corsHeaders(req));
    try {
      for await (const ev of state.backend.complete(lease.slot.state, parsed.prompt, { ...parsed.options, signal }, prepared)) {
        if (ev.type === "content" || ev.type === "reasoning") {
          text += ev.text;
          if (parsed.stream) writeSse(res, { ...base, choices: [{ index: 0, text: ev.text, finish_reason: null, logprobs: null }] });
        } else if (ev.type === "done") {
          usage = ev.usage;
          finish = ev.stopReason === "length" ? "length" : "stop";
        }
      }
    } catch (err) {
      if (!parsed.stream) throw err;
      return endStreamWithError(res, err);
    }
    lease.slot.history = [];
    const cached = state.backend.reusedPromptTokens?.(lease.slot.state) ?? 0;
    state.recordUsage(usage, (Date.now() - started) / 1000, cached);
    if (parsed.stream) {
      writeSse(res, { ...base, choices: [{ index: 0, text: "", finish_reason: finish, logprobs: null }] });
      if (parsed.includeUsage) writeSse(res, { ...base, choices: [], usage: usageBody(usage, cached) });
      writeSse(res, "[DONE]");
      res.end();
      return 200;
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", ...state.corsHeaders(req) });
    res.end(JSON.stringify({ ...base, choices: [{ index: 0, text, finish_reason: finish, logprobs: null }], usage: usageBody(usage, cached) }));
    return 200;
  });
}
