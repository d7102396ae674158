/**
 * Runs one generation request on a slot: waits for one (or 429), aborts the generation when the
 * client goes away (at the next token), always gives the slot back, and turns any error into an
 * OpenAI-shaped response when nothing has been sent yet.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatMessage, ChatOptions } from "../sdk/types.ts";
import { safetyWithoutModel } from "../safety/without-model.ts";
import { withSafetyOutcome } from "./errors.ts";
import type { Lease } from "./slots.ts";
import type { ServerState } from "./state.ts";

export async function runOnSlot(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  messages: ChatMessage[] | undefined,
  work: (lease: Lease<unknown>, signal: AbortSignal) => Promise<number>,
): Promise<number> {
  const ac = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) ac.abort();
  };
  res.on("close", onClose);
  const started = Date.now();
  let lease: Lease<unknown> | undefined;
  try {
    lease = await state.slots.acquire(messages, ac.signal);
    if (lease.prefixMessages > 0) state.metrics.prefixReuse++;
    return await work(lease, ac.signal);
  } finally {
    lease?.release();
    res.off("close", onClose);
    state.metrics.observeLatency((Date.now() - started) / 1000);
  }
}

/**
 * The backend's preparation of a request on its slot (tokenizing, fitting the context). A refusal
 * there comes before the model ran: the rules still read what the user sent (`asked`), and the
 * error names `field` (the request's messages or prompt).
 */
export async function prepareOnSlot(
  state: ServerState, lease: Lease<unknown>, input: ChatMessage[] | string, asked: ChatMessage[], options: ChatOptions, signal: AbortSignal, field = "messages",
): Promise<unknown> {
  try {
    return await state.backend.prepare?.(lease.slot.state, input, options, signal);
  } catch (err) {
    throw withSafetyOutcome(err, safetyWithoutModel(asked, state.policy), field);
  }
}
