/**
 * Generated test models, made once per (shape, dtype, format, seed, template) and cached under
 * test/.cache/models. Several test files may ask for the same model at once (the runner runs
 * files in parallel processes): a directory lock makes one of them write it while the others wait.
 * The lock names its owner's process id, so a lock left by a killed run is broken at once.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { makeTestModel, type ShapeName, type TestDtype } from "../../src/testmodel/index.ts";

export type Shape = ShapeName;
export type Dtype = TestDtype;

export interface TestModelSpec {
  /** Default qwen3. */
  arch?: "qwen3" | "qwen2" | "gemma3";
  shape: Shape;
  dtype: Dtype;
  format?: "gguf" | "safetensors";
  seed?: number;
  template?: "thinking-2507" | "hybrid";
  /** Every 2-D tensor in the file type's main type (llama-quantize --pure). */
  pure?: boolean;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", ".cache", "models");

export function testModelKey(s: TestModelSpec): string {
  const key = [s.shape, s.dtype + (s.pure ? "-pure" : ""), s.format ?? "gguf", `s${s.seed ?? 1}`, s.template ?? "thinking-2507"].join("-");
  return s.arch && s.arch !== "qwen3" ? `${s.arch}-${key}` : key;
}

/** Path of the generated model (a .gguf file or a safetensors folder), generating it if needed. */
export async function testModel(spec: TestModelSpec): Promise<string> {
  const format = spec.format ?? "gguf";
  const key = testModelKey(spec);
  const out = join(ROOT, format === "gguf" ? `${key}.gguf` : key);
  if (existsSync(out)) return out;
  mkdirSync(ROOT, { recursive: true });
  const lock = join(ROOT, `${key}.lock`);
  if (!(await acquireDirLock(lock, () => existsSync(out)))) return out;
  try {
    if (existsSync(out)) return out;
    const tmp = `${out}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    await makeTestModel({
      arch: spec.arch,
      shape: spec.shape,
      dtype: spec.dtype,
      format,
      seed: spec.seed ?? 1,
      out: tmp,
      template: spec.template ?? "thinking-2507",
      pure: spec.pure,
    });
    renameSync(tmp, out);
    return out;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Whether a process with this id is running on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the directory lock `lock` (true), or returns false once `done()` says another process
 * finished the work. A lock whose owner process is gone is removed; one without an owner yet
 * (just being created) is left alone unless it is older than 10 minutes.
 */
export async function acquireDirLock(lock: string, done: () => boolean): Promise<boolean> {
  const ownerFile = join(lock, "owner");
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(ownerFile, String(process.pid));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    if (done()) return false;
    try {
      const owner = Number(readFileSync(ownerFile, "utf8"));
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) rmSync(lock, { recursive: true, force: true });
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      } catch {}
    }
    await sleep(200);
  }
}
