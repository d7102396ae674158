/**
 * One line naming the machine a bench ran on. Ratios against llama.cpp move with the host (its
 * CPU builds use AVX-512 VNNI or AMX tiles where present; WebAssembly reaches neither), so every
 * report carries the CPU model and, on Linux, the vector extensions that decide them.
 */
import { readFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";

const FEATURES: Array<[flag: string, name: string]> = [
  ["avx2", "AVX2"], ["avx512f", "AVX-512"], ["avx512_vnni", "AVX512-VNNI"], ["avx_vnni", "AVX-VNNI"], ["amx_int8", "AMX"],
  ["asimddp", "NEON dotprod"], ["i8mm", "I8MM"], ["sve", "SVE"],
];

/** CPU flags from /proc/cpuinfo (Linux), or an empty set where it cannot be read. */
function cpuFlags(): Set<string> {
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const line = /^(?:flags|Features)\s*:(.*)$/m.exec(info)?.[1] ?? "";
    return new Set(line.trim().split(/\s+/));
  } catch {
    return new Set();
  }
}

export function describeHost(): string {
  const flags = cpuFlags();
  const features = FEATURES.filter(([f]) => flags.has(f)).map(([, name]) => name);
  const model = cpus()[0]?.model.trim() || "unknown CPU";
  return `${model}${features.length ? ` (${features.join(", ")})` : ""}, ${availableParallelism()} logical CPUs, Node ${process.versions.node}`;
}
