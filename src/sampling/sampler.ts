/**
 * Token sampling in llama.cpp's default order: penalties → top-k → top-p → min-p → temperature
 * → draw (or greedy argmax when temperature is 0). top-p and min-p see the untempered
 * distribution, as in llama.cpp. Reproducible with a seed.
 */
import { InvalidArgumentError } from "../errors.ts";
import type { SamplingDefaults, SamplingOptions, TopCandidates } from "./types.ts";
import { Rng } from "./rng.ts";


export interface TokenSampler {
  pick(logits: Float32Array): number;
  /** k when the next pick needs only the k highest logits (1: greedy, else top-k); 0: all of them. */
  topNeeded(): number;
  /** The same pick as `pick` from the top `topNeeded()` logits alone (same draw, same seed). */
  pickTop(top: TopCandidates): number;
  accept(token: number): void;
  /** The logits the last pick drew from (bias and penalties applied); valid until the next pick. */
  readonly lastLogits?: Float32Array;
}

function check(name: string, v: number | undefined, ok: (x: number) => boolean, expected: string): void {
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) {
    throw new InvalidArgumentError(`${name} is out of range`, { expected, found: JSON.stringify(v) });
  }
}

export function validateSampling(o: SamplingOptions): void {
  check("temperature", o.temperature, (x) => x >= 0 && x <= 100, "a number in [0, 100] (0 = greedy)");
  check("topK", o.topK, (x) => Number.isInteger(x) && x >= 0, "a non-negative integer (0 = off)");
  check("topP", o.topP, (x) => x > 0 && x <= 1, "a number in (0, 1] (1 = off)");
  check("minP", o.minP, (x) => x >= 0 && x <= 1, "a number in [0, 1] (0 = off)");
  check("repetitionPenalty", o.repetitionPenalty, (x) => x > 0 && x <= 10, "a number in (0, 10] (1 = off)");
  check("presencePenalty", o.presencePenalty, (x) => x >= -2 && x <= 2, "a number in [-2, 2]");
  check("frequencyPenalty", o.frequencyPenalty, (x) => x >= -2 && x <= 2, "a number in [-2, 2]");
  check("penaltyLastN", o.penaltyLastN, (x) => Number.isInteger(x) && x >= 0 && x <= 1_000_000, "a non-negative integer");
  check("seed", o.seed, (x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff, "an integer in [0, 2^32)");
  if (o.logitBias !== undefined) {
    const b = o.logitBias;
    if (!b || typeof b !== "object" || Array.isArray(b)) throw new InvalidArgumentError("logitBias must map token ids to numbers", { found: JSON.stringify(b)?.slice(0, 60) });
    const entries = Object.entries(b);
    if (entries.length > 1024) throw new InvalidArgumentError("logitBias has too many entries", { expected: "at most 1024", found: String(entries.length) });
    for (const [k, v] of entries) {
      if (!/^(0|[1-9][0-9]{0,8})$/.test(k)) throw new InvalidArgumentError("logitBias keys must be token ids", { found: JSON.stringify(k).slice(0, 40) });
      check(`logitBias[${k}]`, v, (x) => x >= -100 && x <= 100, "a number in [-100, 100]");
    }
  }
}

export function createSampler(o: SamplingOptions, d: SamplingDefaults): TokenSampler {
  validateSampling(o);
  const temperature = o.temperature ?? d.temperature;
  const topK = o.topK ?? d.topK;
  const topP = o.topP ?? d.topP;
  const minP = o.minP ?? d.minP;
  const rep = o.repetitionPenalty ?? 1;
  const presence = o.presencePenalty ?? 0;
  const frequency = o.frequencyPenalty ?? 0;
  const lastN = o.penaltyLastN ?? 64;
  const rng = new Rng(o.seed ?? (Math.random() * 0xffffffff) >>> 0, "sampler");
  const history: number[] = [];
  const penalize = rep !== 1 || presence !== 0 || frequency !== 0;
  const bias = o.logitBias ? Object.entries(o.logitBias).map(([k, v]) => [Number(k), v] as const) : [];
  let lastLogits: Float32Array | undefined;

  return {
    get lastLogits() {
      return lastLogits;
    },
    accept(token) {
      if (!penalize) return;
      history.push(token);
      if (history.length > lastN) history.shift();
    },
    pick(raw) {
      let logits = raw;
      if (bias.length > 0) {
        logits = Float32Array.from(raw);
        for (const [t, v] of bias) {
          if (t >= logits.length) throw new InvalidArgumentError("logitBias names a token id outside the vocabulary", { expected: `ids below ${logits.length}`, found: String(t) });
          logits[t] = logits[t]! + v;
        }
      }
      if (penalize && history.length > 0) {
        if (logits === raw) logits = Float32Array.from(raw);
        const counts = new Map<number, number>();
        for (const t of history) counts.set(t, (counts.get(t) ?? 0) + 1);
        for (const [t, n] of counts) {
          let v = logits[t]!;
          v = v > 0 ? v / rep : v * rep;
          logits[t] = v - n * frequency - presence;
        }
      }
      lastLogits = logits;
      if (temperature <= 0) return argmax(logits);
      const ids = candidates(logits, topK);
      return draw(ids, (i) => logits[ids[i]!]!);
    },
    topNeeded() {
      // Bias and penalties change logits outside any top k; without top-k every logit is a candidate.
      if (bias.length > 0 || penalize) return 0;
      return temperature <= 0 ? 1 : topK;
    },
    pickTop(top) {
      lastLogits = undefined;
      if (temperature <= 0) return top.ids[0]!;
      const ids = Array.from(top.ids.subarray(0, topK));
      return draw(ids, (i) => top.values[i]!);
    },
  };

  /** top-p, min-p, temperature and a draw over candidates sorted by logit (value(i): ids[i]'s logit). */
  function draw(ids: readonly number[], value: (i: number) => number): number {
    // Untempered softmax over the candidates for top-p / min-p.
    const max = value(0);
    const p = new Float64Array(ids.length);
    let sum = 0;
    for (let i = 0; i < ids.length; i++) sum += p[i] = Math.exp(value(i) - max);
    let n = ids.length;
    if (topP < 1) {
      let acc = 0;
      for (let i = 0; i < ids.length; i++) {
        acc += p[i]! / sum;
        if (acc >= topP) { n = i + 1; break; }
      }
    }
    if (minP > 0) {
      const floor = minP * (p[0]! / sum);
      let m = 0;
      while (m < n && p[m]! / sum >= floor) m++;
      n = Math.max(1, m);
    }
    // Temperature, then a draw.
    const w = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += w[i] = Math.exp((value(i) - max) / temperature);
    let r = rng.uniform() * total;
    let last = 0;
    for (let i = 0; i < n; i++) {
      if (w[i]! === 0) continue;
      last = i;
      r -= w[i]!;
      if (r <= 0) return ids[i]!;
    }
    // Rounding left a sliver: the last candidate with any weight (never a masked one).
    return ids[last]!;
  }
}

/** Highest logit; ties go to the lowest id. */
export function argmax(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/** Ids sorted by logit descending (ties by id): the top k, or all when k is 0. */
export function candidates(logits: Float32Array, k: number): number[] {
  const n = logits.length;
  if (k > 0 && k < 512) {
    const top: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = logits[i]!;
      if (top.length === k && v <= logits[top[k - 1]!]!) continue;
      let j = top.length === k ? k - 1 : top.length;
      if (top.length < k) top.push(i);
      while (j > 0 && logits[top[j - 1]!]! < v) { top[j] = top[j - 1]!; j--; }
      top[j] = i;
    }
    return top;
  }
  const ids = Array.from({ length: n }, (_, i) => i).sort((a, b) => logits[b]! - logits[a]! || a - b);
  return k > 0 ? ids.slice(0, k) : ids;
}
