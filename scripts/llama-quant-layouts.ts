/**
 * Records how llama.cpp's own quantizer lays out each file type on our test shapes, as the
 * reference for src/testmodel/quant-mix.ts (test/testmodel/quant-mix.test.ts): it compiles a
 * small C program against the libllama that node-llama-cpp ships (header from the llama.cpp
 * source it bundles), runs llama_model_quantize with dry_run (types and sizes, no data) and an
 * importance matrix present (as the publisher's files were made) on an F16 model of each shape,
 * and writes test/fixtures/llama-quant-layouts.json: per shape and file type, every tensor's
 * type in tensorSpecs order, run-length encoded ("Q4_K*3" = three in a row).
 *
 *   node scripts/llama-quant-layouts.ts        (needs a C compiler and git; a few minutes)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTestModel, SHAPES } from "../src/testmodel/index.ts";
import { tensorSpecs } from "../src/testmodel/tensors.ts";
import { FILE_TYPE, TEST_DTYPES } from "../src/testmodel/quant-mix.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const bundle = join(modules, "node-llama-cpp", "llama", "gitRelease.bundle");
const binsRoot = join(modules, "@node-llama-cpp", `${process.platform}-${process.arch}`, "bins");
const bins = readdirSync(binsRoot).map((d) => join(binsRoot, d)).find((d) => existsSync(d) && readdirSync(d).some((f) => /^libllama\..*\.so$/.test(f)))!;
const libllama = readdirSync(bins).find((f) => /^libllama\..*\.so$/.test(f))!;

const SHAPE_LIST = ["tiny", "small", "odd", "deep"] as const;
const QUANTIZED = TEST_DTYPES.filter((d) => !["f32", "f16", "bf16"].includes(d));

const work = mkdtempSync(join(tmpdir(), "medpsy-llama-quant-"));
try {
  // The exact llama.cpp source node-llama-cpp's binaries were built from: headers only.
  const src = join(work, "src");
  execFileSync("git", ["clone", "--quiet", "--no-checkout", bundle, src]);
  const commit = execFileSync("git", ["-C", src, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  const inc = join(work, "include");
  mkdirSync(inc);
  const headers = ["include/llama.h", ...execFileSync("git", ["-C", src, "ls-tree", "--name-only", "HEAD", "ggml/include/"], { encoding: "utf8" }).trim().split("\n")];
  for (const h of headers) writeFileSync(join(inc, h.slice(h.lastIndexOf("/") + 1)), execFileSync("git", ["-C", src, "show", `HEAD:${h}`]));
  const shim = join(work, "quant.c");
  writeFileSync(shim, `
#include "llama.h"
#include <stdio.h>
#include <stdlib.h>
static void on_log(enum ggml_log_level level, const char * text, void * user) { (void) level; (void) user; fputs(text, stdout); }
int main(int argc, char ** argv) {
  if (argc != 5) return 2;
  llama_log_set(on_log, NULL);
  llama_backend_init();
  llama_model_quantize_params p = llama_model_quantize_default_params();
  p.ftype = (enum llama_ftype) atoi(argv[3]);
  p.pure = atoi(argv[4]) != 0;
  p.dry_run = true;
  p.nthread = 1;
  static const struct llama_model_imatrix_data none = { NULL, NULL, 0 }; /* present, so has_imatrix */
  p.imatrix = &none;
  return (int) llama_model_quantize(argv[1], argv[2], &p);
}
`);
  const exe = join(work, "quant");
  execFileSync("cc", ["-O1", shim, "-I", inc, "-L", bins, `-l:${libllama}`, `-Wl,-rpath,${bins}`, "-o", exe]);

  const out: Record<string, Record<string, string>> = {};
  for (const shape of SHAPE_LIST) {
    const model = join(work, `${shape}.gguf`);
    await makeTestModel({ shape, dtype: "f16", format: "gguf", seed: 1, out: model });
    const names = tensorSpecs(SHAPES[shape]).map((t) => t.name);
    out[shape] = {};
    for (const dtype of QUANTIZED) {
      const log = execFileSync(exe, [model, join(work, "out.gguf"), String(FILE_TYPE[dtype]), "0"], { encoding: "utf8", maxBuffer: 1 << 26 });
      const types = new Map<string, string>();
      // "[  12/ 400]  blk.0.attn_v.weight  - [ 256, 128, 1, 1], type =    f16, size = 0.062 MiB -> 0.016 MiB (q4_K)"
      for (const m of log.matchAll(/\]\s+(\S+)\s+- \[[^\]]*\], type =\s*(\S+), size =[^\n(]*(?:\((\S+)\))?/g)) types.set(m[1]!, (m[3] ?? m[2]!).toUpperCase());
      const seq = names.map((n) => {
        const t = types.get(n);
        if (!t) throw new Error(`${shape} ${dtype}: llama.cpp reported no type for ${n}`);
        return t;
      });
      const runs: string[] = [];
      for (let i = 0; i < seq.length; ) {
        let j = i;
        while (j < seq.length && seq[j] === seq[i]) j++;
        runs.push(j - i > 1 ? `${seq[i]}*${j - i}` : seq[i]!);
        i = j;
      }
      out[shape]![dtype] = runs.join(",");
      console.log(shape, dtype, out[shape]![dtype]!.slice(0, 100));
    }
  }
  const dest = join(root, "test", "fixtures", "llama-quant-layouts.json");
  writeFileSync(dest, JSON.stringify({ generatedBy: "scripts/llama-quant-layouts.ts", llamaCpp: commit, imatrix: true, layouts: out }, null, 1) + "\n");
  console.log(`wrote ${dest}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
