/**
 * Picks how decode reads weights on this host. Decode streams every weight from DRAM once per
 * token, so the access pattern sets its speed, and the best pattern depends on the memory
 * system: several short streams side by side doubled a thread's reads on a Sapphire Rapids host
 * and halved them on an AMD EPYC Zen 5 one, where long sequential streams won
 * (assembly/matmul.ts decodeRows; BENCHMARKS.md). Both patterns give the same bits, so the
 * choice is speed only and can be made while generating: with "auto" the first large one-token
 * matmuls alternate between the patterns in segments of a few layers, and once each pattern has
 * a few segments the faster one stays, judged by the median over adjacent pairs of segments of
 * the ratio of their rates (bytes per millisecond): a pair sees one host state, so the ratio
 * holds on a host whose speed drifts between seconds (this one's did by 2×). When the first
 * pairs all agree by a wide margin it decides early.
 */
export type DecodeStreams = "long" | "short";
export type DecodeStreamsOption = DecodeStreams | "auto";

/** Matmuls below this many weight bytes are not timed: they measure call overhead, not memory. */
export const TUNE_MIN_BYTES = 1 << 20;
/**
 * Timed matmuls per segment (six layers' worth), and segments per pattern before deciding: a
 * MedPsy model settles within its first one or two decode steps (early) or three or four.
 */
export const SEGMENT_CALLS = 24;
export const SEGMENTS_EACH = 8;
/** Short streams must beat long ones (the default) by this factor to be kept. */
export const SHORT_MARGIN = 1.1;
/**
 * After EARLY_PAIRS pairs, a decision as soon as every pair agrees by this factor: tuning reads
 * half its weights the slow way, and the losing pattern ran ~1.6–2× slower on both hosts
 * measured (Zen 5: short against long streams; Sapphire Rapids: a row at a time against short).
 */
export const EARLY_PAIRS = 3;
export const EARLY_FACTOR = 1.3;

export class DecodeStreamTuner {
  private pattern: DecodeStreams;
  private settled: boolean;
  private readonly rates: Record<DecodeStreams, number[]> = { long: [], short: [] };
  private bytes = 0;
  private ms = 0;
  private calls = 0;
  private readonly apply: (pattern: DecodeStreams) => void;

  /** apply: makes the kernels read with the given pattern from the next op on. */
  constructor(option: DecodeStreamsOption, apply: (pattern: DecodeStreams) => void) {
    this.apply = apply;
    this.pattern = option === "short" ? "short" : "long";
    this.settled = option !== "auto";
    apply(this.pattern);
  }

  /** The pattern decode reads with now. */
  get current(): DecodeStreams {
    return this.pattern;
  }

  /** True until "auto" has decided. */
  get tuning(): boolean {
    return !this.settled;
  }

  /** Whether a one-token matmul over this many weight bytes should be timed and recorded. */
  wants(bytes: number): boolean {
    return !this.settled && bytes >= TUNE_MIN_BYTES;
  }

  /** One timed one-token matmul under the current pattern. */
  record(bytes: number, ms: number): void {
    if (this.settled) return;
    this.bytes += bytes;
    this.ms += ms;
    if (++this.calls < SEGMENT_CALLS) return;
    this.rates[this.pattern].push(this.bytes / Math.max(this.ms, 1e-3));
    this.bytes = this.ms = this.calls = 0;
    const { long, short } = this.rates;
    // Segments alternate long, short, long, …: pair k is (long[k], short[k]).
    const ratios = short.map((s, k) => s / long[k]!);
    const clear = ratios.length >= EARLY_PAIRS && (Math.min(...ratios) > EARLY_FACTOR || Math.max(...ratios) < 1 / EARLY_FACTOR);
    if (clear || (long.length >= SEGMENTS_EACH && short.length >= SEGMENTS_EACH)) {
      this.settled = true;
      this.use(median(ratios) > SHORT_MARGIN ? "short" : "long");
    } else {
      this.use(this.pattern === "long" ? "short" : "long");
    }
  }

  private use(pattern: DecodeStreams): void {
    this.pattern = pattern;
    this.apply(pattern);
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
