/**
 * A scripted OpenAI-compatible server for evaluation tests. The model's answer to a closed
 * question is chosen from the question text (`scriptedLetter`), the judge's verdict on a rubric
 * item from the criterion (`scriptedVerdict`), so tests can compute the expected scores on their
 * own. Options inject 429s, unparseable judge replies and delays.
 */
import http from "node:http";
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";

const h = (s: string) => createHash("sha256").update(s).digest().readUInt32BE(0);

/** The option the scripted model picks for a question stem among `labels`. */
export const scriptedLetter = (question: string, labels: string[]) => labels[h(question) % labels.length]!;
/** Whether the scripted judge says a criterion is met. */
export const scriptedVerdict = (criterion: string) => h(`v:${criterion}`) % 3 !== 0;
/** Criteria whose first judge reply is not JSON (exercises the bounded parse retries). */
export const scriptedGarbled = (criterion: string) => h(`g:${criterion}`) % 5 === 0;

export interface ScriptedOptions {
  /** Every Nth model request first gets a 429 (Retry-After: 0). */
  rateLimitEvery?: number;
  /** Usage without completion_tokens_details (the reasoning/answer split is then counted locally). */
  noTokenSplit?: boolean;
  /** Answer 400 to requests carrying top_k, as OpenAI's hosted API does. */
  refuseTopK?: boolean;
  /** Model requests after this many answer 400 (a request the server will never accept). */
  failAfter?: number;
  /**
   * The first judge replies are held until this many judge requests are in flight at once, then
   * all are released and later ones are not held (so a test can check a concurrency bound without relying on timing). A long safety
   * valve releases them anyway if that many never arrive, so a broken bound fails instead of hanging.
   */
  judgeBarrier?: number;
  /** Called as each model (not judge) request arrives, with its 1-based number. */
  onModelRequest?: (n: number) => void;
  /**
   * Model requests after this many get no answer until `releaseModel()`: a client is then stopped
   * at a known point (e.g. killed mid-run) without relying on timing.
   */
  holdModelAfter?: number;
}

export interface Scripted {
  url: string;
  requests: number;
  judgeRequests: number;
  /** Every request body received, in order. */
  bodies: Array<Record<string, unknown>>;
  /** Most judge requests in flight at once. */
  maxJudgeInFlight: number;
  /** Answers the model requests held by `holdModelAfter`, and every later one at once. */
  releaseModel(): void;
  close(): Promise<void>;
}

export async function startScripted(o: ScriptedOptions = {}): Promise<Scripted> {
  const state = { url: "", requests: 0, judgeRequests: 0, bodies: [], maxJudgeInFlight: 0, close: async () => {} } as Scripted;
  let judgeInFlight = 0;
  let modelRequests = 0;
  let held: Array<() => void> = [];
  let barrierReached = false;
  let modelHeld: Array<() => void> | undefined = o.holdModelAfter === undefined ? undefined : [];
  state.releaseModel = () => {
    const all = modelHeld ?? [];
    modelHeld = undefined;
    for (const r of all) r();
  };
  const releaseHeld = () => {
    const all = held;
    held = [];
    for (const r of all) r();
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      state.requests++;
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(json));
      };
      if (req.url === "/v1/models") return send(200, { data: [{ id: "scripted" }] });
      const r = JSON.parse(body);
      state.bodies.push(r);
      if (o.refuseTopK && "top_k" in r) return send(400, { error: { message: "Unrecognized request argument supplied: top_k" } });
      const messages = r.messages as Array<{ role: string; content: string }>;
      const first = messages[0]!.content;
      if (first.startsWith("You are grading")) {
        state.judgeRequests++;
        state.maxJudgeInFlight = Math.max(state.maxJudgeInFlight, ++judgeInFlight);
        if (o.judgeBarrier && !barrierReached) {
          const valve = setTimeout(releaseHeld, 30_000);
          const wait = new Promise<void>((r) => held.push(r));
          if (judgeInFlight >= o.judgeBarrier) {
            barrierReached = true;
            releaseHeld();
          }
          await wait;
          clearTimeout(valve);
        }
        judgeInFlight--;
        const criterion = /<rubric_item>\n\[[-\d.]+\] ([^]*?)\n<\/rubric_item>/.exec(first)![1]!;
        const retry = messages.length > 1;
        const text = scriptedGarbled(criterion) && !retry ? "I think it is met." : JSON.stringify({ explanation: "scripted", criteria_met: scriptedVerdict(criterion) });
        return send(200, { choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }], usage: { prompt_tokens: 10, completion_tokens: 5 } });
      }
      modelRequests++;
      o.onModelRequest?.(modelRequests);
      if (o.failAfter !== undefined && modelRequests > o.failAfter) return send(400, { error: { message: "context length exceeded" } });
      if (o.rateLimitEvery && modelRequests % o.rateLimitEvery === 0 && !req.headers["x-retried"]) return send(429, { error: { message: "slow down" } }, { "retry-after": "0" });
      if (modelHeld && modelRequests > o.holdModelAfter!) await new Promise<void>((r) => modelHeld!.push(r));
      if (res.destroyed) return; // its client went away while it was held
      const user = messages.at(-1)!.content;
      const stem = /Question: ([^]*?)\n\nOptions:\n/.exec(user);
      const pub = /\n\nQuestion: ([^]*?)\n\nEnd your reply/.exec(user);
      let content: string;
      let reasoning = "Let me weigh the options. Answer: Z is a decoy.";
      if (stem) {
        const labels = [...user.matchAll(/^([A-J])\. /gm)].map((m) => m[1]!);
        content = `The best fit is explained above.\n\nAnswer: ${scriptedLetter(stem[1]!, labels)}`;
      } else if (pub) content = `Answer: ${scriptedLetter(pub[1]!, ["yes", "no", "maybe"])}`;
      else {
        content = "See a doctor if symptoms persist.";
        reasoning = "General health question.";
      }
      // Half the answers come with reasoning in its own field, half with <think> in the text.
      const split = h(user) % 2 === 0;
      const message = split ? { role: "assistant", content, reasoning_content: reasoning } : { role: "assistant", content: `${reasoning}</think>\n\n${content}` };
      const usage = o.noTokenSplit ? { prompt_tokens: 50, completion_tokens: 30 } : { prompt_tokens: 50, completion_tokens: 30, completion_tokens_details: { reasoning_tokens: 20 } };
      send(200, { choices: [{ index: 0, message, finish_reason: "stop" }], usage });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Idle keep-alive connections would hold close() open for seconds.
  state.close = () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections()));
  return state;
}
