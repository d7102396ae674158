/**
 * Generated test models, made once per (shape, dtype, format, seed, template) and cached under
 * test/.cache/models. Several test files may ask for the same model at once (the runner runs
 * files in parallel processes): a directory lock makes one of them write it while the others wait.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { makeTestModel } from "../../src/testmodel/index.ts";

export type Shape = "tiny" | "small" | "odd" | "1.7b" | "4b";
export type Dtype = "f32" | "f16" | "bf16" | "q8_0" | "q4_k_m";

export interface TestModelSpec {
  shape: Shape;
  dtype: Dtype;
  format?: "gguf" | "safetensors";
  seed?: number;
  template?: "thinking-2507" | "hybrid";
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", ".cache", "models");

export function testModelKey(s: TestModelSpec): string {
  return [s.shape, s.dtype, s.format ?? "gguf", `s${s.seed ?? 1}`, s.template ?? "thinking-2507"].join("-");
}

/** Path of the generated model (a .gguf file or a safetensors folder), generating it if needed. */
export async function testModel(spec: TestModelSpec): Promise<string> {
  const format = spec.format ?? "gguf";
  const key = testModelKey(spec);
  const out = join(ROOT, format === "gguf" ? `${key}.gguf` : key);
  if (existsSync(out)) return out;
  mkdirSync(ROOT, { recursive: true });
  const lock = join(ROOT, `${key}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(out)) return out;
      // A lock older than 10 minutes belongs to a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      } catch {}
      await sleep(200);
    }
  }
  try {
    if (existsSync(out)) return out;
    const tmp = `${out}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    await makeTestModel({
      shape: spec.shape,
      dtype: spec.dtype,
      format,
      seed: spec.seed ?? 1,
      out: tmp,
      template: spec.template ?? "thinking-2507",
    });
    renameSync(tmp, out);
    return out;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
