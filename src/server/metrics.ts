import type { EngineStats } from "../sdk/types.ts";

/** Counters for `GET /metrics` in Prometheus' text format. */
const BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export class Metrics {
  private readonly requests = new Map<string, number>();
  promptTokens = 0;
  /** Prompt tokens taken from a slot's KV cache instead of being evaluated again. */
  reusedPromptTokens = 0;
  completionTokens = 0;
  reasoningTokens = 0;
  /** Decode speed of the last finished request. */
  tokensPerSecond = 0;
  /** Requests that reused a slot's conversation prefix (KV cache). */
  prefixReuse = 0;
  private readonly latency = new Array<number>(BUCKETS.length + 1).fill(0);
  private latencySum = 0;
  private latencyCount = 0;

  request(endpoint: string, status: number): void {
    const key = `endpoint="${endpoint}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  observeLatency(seconds: number): void {
    let i = BUCKETS.findIndex((b) => seconds <= b);
    if (i < 0) i = BUCKETS.length;
    this.latency[i]!++;
    this.latencySum += seconds;
    this.latencyCount++;
  }

  render(gauges: { queue: number; slotsBusy: number; slots: number; kvCacheBytesPerSlot?: number; engine?: EngineStats }): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, rows: string[]) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...rows);
    metric("medpsy_requests_total", "counter", "HTTP requests by endpoint and status.", [...this.requests].map(([k, v]) => `medpsy_requests_total{${k}} ${v}`));
    metric("medpsy_prompt_tokens_total", "counter", "Prompt tokens evaluated.", [`medpsy_prompt_tokens_total ${this.promptTokens}`]);
    metric("medpsy_prompt_tokens_reused_total", "counter", "Prompt tokens taken from a slot's KV cache (not evaluated again).", [`medpsy_prompt_tokens_reused_total ${this.reusedPromptTokens}`]);
    metric("medpsy_completion_tokens_total", "counter", "Generated tokens (reasoning and answer).", [`medpsy_completion_tokens_total ${this.completionTokens}`]);
    metric("medpsy_reasoning_tokens_total", "counter", "Generated reasoning tokens.", [`medpsy_reasoning_tokens_total ${this.reasoningTokens}`]);
    metric("medpsy_tokens_per_second", "gauge", "Generation speed of the last finished request.", [`medpsy_tokens_per_second ${this.tokensPerSecond.toFixed(3)}`]);
    metric("medpsy_prefix_reuse_total", "counter", "Requests served by a slot already holding the start of their conversation.", [`medpsy_prefix_reuse_total ${this.prefixReuse}`]);
    metric("medpsy_queue_depth", "gauge", "Requests waiting for a slot.", [`medpsy_queue_depth ${gauges.queue}`]);
    metric("medpsy_slots_busy", "gauge", "Slots generating now.", [`medpsy_slots_busy ${gauges.slotsBusy}`]);
    metric("medpsy_slots", "gauge", "Generation slots.", [`medpsy_slots ${gauges.slots}`]);
    if (gauges.kvCacheBytesPerSlot !== undefined) {
      metric("medpsy_kv_cache_bytes", "gauge", "Bytes of one slot's KV cache (each slot has one).", [`medpsy_kv_cache_bytes ${gauges.kvCacheBytesPerSlot}`]);
    }
    if (gauges.engine) {
      const e = gauges.engine;
      metric("medpsy_batch_steps_total", "counter", "Forward steps run (each evaluates every active sequence's rows).", [`medpsy_batch_steps_total ${e.steps}`]);
      metric("medpsy_batch_sequences_max", "gauge", "The most sequences evaluated together in one step.", [`medpsy_batch_sequences_max ${e.widestStep}`]);
      metric("medpsy_batch_sequences_active", "gauge", "Sequences being evaluated now.", [`medpsy_batch_sequences_active ${e.activeSequences}`]);
    }
    let cum = 0;
    const rows = BUCKETS.map((b, i) => `medpsy_request_duration_seconds_bucket{le="${b}"} ${(cum += this.latency[i]!)}`);
    rows.push(`medpsy_request_duration_seconds_bucket{le="+Inf"} ${cum + this.latency[BUCKETS.length]!}`);
    rows.push(`medpsy_request_duration_seconds_sum ${this.latencySum.toFixed(6)}`, `medpsy_request_duration_seconds_count ${this.latencyCount}`);
    metric("medpsy_request_duration_seconds", "histogram", "Time from request to last byte of generation requests.", rows);
    return lines.join("\n") + "\n";
  }
}
