/**
 * Sends one hostile request to a server while a second client keeps asking `/health`, one
 * request after another, and reports both: the hostile request's status and time, and every
 * `/health` latency while it was in flight (the worst one shows how long the server stopped
 * answering). Shared by the adversarial test (generous bounds) and bench/hostile-input.ts
 * (the figures in the README's reliability table).
 */
import { performance } from "node:perf_hooks";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface HostileResult {
  status: number;
  /** The hostile request, from sending to its whole answer. */
  ms: number;
  /** /health answers received while it was in flight, and the slowest of them (or of the one still pending at the end). */
  healthAnswers: number;
  healthWorstMs: number;
  body: string;
}

export async function hostileRun(base: string, path: string, body: string, headers: Record<string, string> = {}, timeoutMs = 120_000): Promise<HostileResult> {
  let inFlight = true;
  let healthAnswers = 0;
  let healthWorstMs = 0;
  const poll = (async () => {
    while (inFlight) {
      const t0 = performance.now();
      const ok = await fetch(`${base}/health`, { signal: AbortSignal.timeout(timeoutMs) }).then((r) => r.arrayBuffer().then(() => r.ok), () => false);
      const ms = performance.now() - t0;
      healthWorstMs = Math.max(healthWorstMs, ms);
      if (ok && inFlight) healthAnswers++;
    }
  })();
  const t0 = performance.now();
  let status = 0;
  let text = "";
  try {
    const res = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, signal: AbortSignal.timeout(timeoutMs) });
    status = res.status;
    text = await res.text();
  } finally {
    inFlight = false;
  }
  const ms = performance.now() - t0;
  await poll;
  return { status, ms, healthAnswers, healthWorstMs, body: text };
}

/** A loopback OpenAI-compatible stub for upstream mode: lists one model, answers every chat with a short stream. */
export async function stubUpstream(): Promise<{ url: string; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    if (req.url === "/v1/models") return void res.writeHead(200).end(JSON.stringify({ data: [{ id: "stub" }] }));
    req.on("data", (c: Buffer) => (received += c.length));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chat = req.url === "/v1/chat/completions";
      const chunk = chat ? { choices: [{ index: 0, delta: { content: "Noted." }, finish_reason: "stop" }] } : { choices: [{ index: 0, text: "Noted.", finish_reason: "stop" }] };
      res.end(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
