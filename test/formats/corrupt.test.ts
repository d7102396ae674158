/**
 * ≥ 500 corrupted model files, each refused by loadModel with a typed MedpsyError, never hanging
 * (the test's timeout catches a hang; no per-case time is asserted — shared machines slow down
 * without warning — the slowest case is printed) and without unbounded memory: truncations at every region, wrong magic and versions, huge counts
 * and lengths, unknown types, offsets out of range, misaligned and overlapping tensors, NaN/Inf
 * scales and weights, missing and unexpected tensors, metadata that disagrees with the tensors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel, MedpsyError } from "../../src/index.ts";
import { microGgufBytes, microGgufSpec } from "../helpers/micro.ts";
import { Rng } from "../../src/sampling/rng.ts";
import { parseHeader } from "../../src/formats/gguf/header.ts";
import { setBlockScale } from "../../src/tensor/random-blocks.ts";
import { TYPE_TRAITS, typeName } from "../../src/tensor/dtypes.ts";
import { testModel, type Dtype } from "../helpers/models.ts";

interface Case { name: string; bytes: Uint8Array }

function findAscii(hay: Uint8Array, needle: string, from = 0): number {
  const n = new TextEncoder().encode(needle);
  outer: for (let i = from; i <= hay.length - n.length; i++) {
    for (let j = 0; j < n.length; j++) if (hay[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}

function cases(): Case[] {
  const { bytes, dataOffsets } = microGgufBytes();
  const out: Case[] = [];
  const edit = (name: string, f: (b: Uint8Array, v: DataView) => void) => {
    const b = bytes.slice();
    f(b, new DataView(b.buffer));
    out.push({ name, bytes: b });
  };
  // Truncation: every 97th length through the header, and inside each tensor.
  for (let len = 0; len < bytes.length; len += 97) out.push({ name: `truncated at ${len}`, bytes: bytes.slice(0, len) });
  for (const o of dataOffsets) out.push({ name: `truncated inside tensor at ${o + 3}`, bytes: bytes.slice(0, o + 3) });
  // Magic and version.
  for (const m of ["GGUG", "gguf", "\0\0\0\0", "GGML", "PK\x03\x04"]) edit(`magic ${JSON.stringify(m)}`, (b) => b.set(new TextEncoder().encode(m), 0));
  for (const v of [0, 1, 4, 99, 0xffffffff]) edit(`version ${v}`, (_, dv) => dv.setUint32(4, v, true));
  // Counts.
  for (const c of [2n ** 32n, 2n ** 63n, 70000n, 2n ** 64n - 1n]) {
    edit(`tensor count ${c}`, (_, dv) => dv.setBigUint64(8, c, true));
    edit(`metadata count ${c}`, (_, dv) => dv.setBigUint64(16, c, true));
  }
  // String and array lengths: the first key length and the token array length.
  for (const c of [2n ** 32n, 2n ** 63n, 2n ** 40n, 1n << 24n]) {
    edit(`key length ${c}`, (_, dv) => dv.setBigUint64(24, c, true));
    const tokens = findAscii(bytes, "tokenizer.ggml.tokens");
    edit(`token array length ${c}`, (_, dv) => dv.setBigUint64(tokens + 21 + 4 + 4, c, true));
  }
  // Value types of metadata.
  const arch = findAscii(bytes, "general.architecture");
  for (const t of [13, 99, 0xffffffff, 9]) edit(`value type ${t}`, (_, dv) => dv.setUint32(arch + 20, t, true));
  // Tensor infos: find each name, then dims / type / offset fields after it.
  const spec = microGgufSpec();
  const infoStart = findAscii(bytes, "token_embd.weight", findAscii(bytes, "tokenizer.chat_template"));
  let p = infoStart - 8;
  const infos: Array<{ name: string; at: number; nDims: number }> = [];
  for (const t of spec.tensors) {
    const len = Number(new DataView(bytes.buffer).getBigUint64(p, true));
    const name = new TextDecoder().decode(bytes.subarray(p + 8, p + 8 + len));
    const nDims = new DataView(bytes.buffer).getUint32(p + 8 + len, true);
    infos.push({ name, at: p + 8 + len, nDims });
    p += 8 + len + 4 + 8 * nDims + 4 + 8;
    assert.equal(name, t.name);
  }
  for (const [i, info] of infos.entries()) {
    const dimAt = info.at + 4, typeAt = info.at + 4 + 8 * info.nDims, offAt = typeAt + 4;
    edit(`${info.name}: ${0} dims`, (_, dv) => dv.setUint32(info.at, 0, true));
    edit(`${info.name}: 9 dims`, (_, dv) => dv.setUint32(info.at, 9, true));
    edit(`${info.name}: dim 2^62`, (_, dv) => dv.setBigUint64(dimAt, 2n ** 62n, true));
    edit(`${info.name}: dim 0`, (_, dv) => dv.setBigUint64(dimAt, 0n, true));
    edit(`${info.name}: dim +1`, (_, dv) => dv.setBigUint64(dimAt, dv.getBigUint64(dimAt, true) + 32n, true));
    for (const ty of [4, 5, 16, 23, 39, 200, 0xffffffff]) edit(`${info.name}: type ${ty}`, (_, dv) => dv.setUint32(typeAt, ty, true));
    // F32 bytes read as F16 make Inf/NaN halves (a 1-D norm in F16 would be a valid file).
    if (info.nDims === 2) edit(`${info.name}: type changed to F16`, (_, dv) => dv.setUint32(typeAt, 1, true));
    edit(`${info.name}: offset past the end`, (_, dv) => dv.setBigUint64(offAt, BigInt(bytes.length), true));
    edit(`${info.name}: offset 2^63`, (_, dv) => dv.setBigUint64(offAt, 2n ** 63n, true));
    edit(`${info.name}: misaligned offset`, (_, dv) => dv.setBigUint64(offAt, dv.getBigUint64(offAt, true) + 4n, true));
    if (i > 0) edit(`${info.name}: overlaps the previous tensor`, (_, dv) => dv.setBigUint64(offAt, dv.getBigUint64(offAt, true) - 32n, true));
    edit(`${info.name}: renamed (missing + unexpected)`, (b) => { b[info.at - 1] = 0x5a; });
  }
  // Metadata that disagrees with the tensors.
  for (const [key, v] of [["qwen3.attention.head_count", 3], ["qwen3.embedding_length", 48], ["qwen3.block_count", 3], ["qwen3.feed_forward_length", 32], ["qwen3.attention.head_count_kv", 0], ["qwen3.block_count", 0], ["qwen3.attention.key_length", 8]] as const) {
    const at = findAscii(bytes, key);
    edit(`${key} = ${v}`, (_, dv) => dv.setUint32(at + key.length + 4, v, true));
  }
  const archValue = findAscii(bytes, "qwen3", arch + 24);
  edit("architecture llama", (b) => b.set(new TextEncoder().encode("llama"), archValue));
  edit("architecture xyzw3", (b) => b.set(new TextEncoder().encode("xyzw3"), archValue));
  const tm = findAscii(bytes, "gpt2");
  edit("tokenizer model llama", (b) => b.set(new TextEncoder().encode("spm\0"), tm));
  // NaN / Inf in weights and scales: the Q8_0 tensors' first block scale, F32 values.
  const q = spec.tensors.findIndex((t) => t.name === "blk.0.attn_q.weight");
  for (const bits of [0x7e00, 0x7c00, 0xfc00, 0x7fff]) {
    for (let blk = 0; blk < 4; blk++) edit(`Q8_0 scale bits ${bits.toString(16)} in block ${blk}`, (_, dv) => dv.setUint16(dataOffsets[q]! + 34 * blk, bits, true));
  }
  for (const [i] of spec.tensors.entries()) {
    edit(`NaN in ${spec.tensors[i]!.name}`, (_, dv) => { if (spec.tensors[i]!.type === 0) dv.setFloat32(dataOffsets[i]! + 4, NaN, true); else dv.setUint16(dataOffsets[i]!, 0x7e00, true); });
  }
  // Random byte flips in the header region (seeded): each must load or fail typed — never crash.
  const rng = new Rng(5, "flips");
  const headerLen = dataOffsets[0]!;
  for (let k = 0; k < 150; k++) {
    edit(`random header bytes #${k}`, (b) => {
      for (let j = 0; j < 4; j++) b[rng.nextU32() % headerLen] = rng.nextU32() & 0xff;
    });
  }
  return out;
}

test("corrupted model files give typed errors, never hang, and keep memory bounded", { timeout: 600_000 }, async () => {
  const all = cases();
  assert.ok(all.length >= 500, `only ${all.length} cases`);
  const dir = mkdtempSync(join(tmpdir(), "medpsy-corrupt-"));
  const heapBefore = process.memoryUsage().heapUsed;
  let typed = 0, loaded = 0;
  const untyped: string[] = [];
  let slowest = { name: "", ms: 0 };
  try {
    for (const [i, c] of all.entries()) {
      const path = join(dir, `c${i}.gguf`);
      writeFileSync(path, c.bytes);
      const t0 = performance.now();
      try {
        const m = await loadModel(path, { threads: 1, contextLength: 64 });
        loaded++; // a random flip may land in a harmless place (e.g. a token's text)
        await m.close();
        if (!c.name.startsWith("random")) untyped.push(`${c.name}: loaded without error`);
      } catch (err) {
        if (err instanceof MedpsyError) typed++;
        else untyped.push(`${c.name}: ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
      }
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { name: c.name, ms };
      rmSync(path);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const grew = process.memoryUsage().heapUsed - heapBefore;
  assert.deepEqual(untyped.slice(0, 10), [], `${untyped.length} cases without a typed error`);
  assert.ok(grew < 256 * 1024 * 1024, `heap grew by ${grew} bytes`);
  assert.ok(typed >= 500, `${typed} typed errors (${loaded} random cases loaded)`);
  console.log(`${all.length} corrupted files: ${typed} typed errors, ${loaded} harmless random flips loaded; slowest ${slowest.name} ${slowest.ms.toFixed(0)} ms`);
});

test("a file cut short within its weights names the first tensor cut, the size its header lays out, what is missing and what to do", async () => {
  const { bytes } = microGgufBytes();
  const header = parseHeader(bytes, bytes.length);
  const byOffset = [...header.tensors].sort((a, b) => a.offset - b.offset);
  const dir = mkdtempSync(join(tmpdir(), "medpsy-cut-"));
  try {
    // Cut inside the second tensor in file order: the first is whole, the second is named.
    const cutIn = byOffset[1]!;
    const size = header.dataOffset + cutIn.offset + 5;
    writeFileSync(join(dir, "m.gguf"), bytes.slice(0, size));
    await assert.rejects(loadModel(join(dir, "m.gguf"), { threads: 1, contextLength: 64 }), (e: unknown) => {
      assert.ok(e instanceof MedpsyError, String(e));
      assert.equal(e.code, "GGUF_TRUNCATED");
      assert.match(e.message, new RegExp(`cut short within its weights: tensor "${cutIn.name.replaceAll(".", "\\.")}"`));
      assert.equal(e.expected, `${bytes.length.toLocaleString("en-US")} bytes, as its header lays out the tensors`);
      assert.equal(e.found, `${size.toLocaleString("en-US")} bytes (${(bytes.length - size).toLocaleString("en-US")} missing)`);
      assert.match(e.hint ?? "", /interrupted download or copy.*fetch it again/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a safetensors file cut short: the same message, from its own header", async () => {
  const src = await testModel({ shape: "tiny", dtype: "f32", format: "safetensors" });
  const dir = mkdtempSync(join(tmpdir(), "medpsy-cut-st-"));
  try {
    cpSync(src, dir, { recursive: true });
    const file = join(dir, "model.safetensors");
    const whole = statSync(file).size;
    truncateSync(file, Math.floor(whole / 2));
    await assert.rejects(loadModel(dir, { threads: 1, contextLength: 64 }), (e: unknown) => {
      assert.ok(e instanceof MedpsyError, String(e));
      assert.equal(e.code, "SAFETENSORS_TRUNCATED");
      assert.match(e.message, /model\.safetensors: the file is cut short within its weights: tensor "[\w.]+" \(bytes [\d,]+ to [\d,]+\) ends past the end of the file/);
      assert.equal(e.expected, `${whole.toLocaleString("en-US")} bytes, as its header lays out the tensors`);
      assert.match(e.found ?? "", /^[\d,]+ bytes \([\d,]+ missing\)$/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a tensor type this engine does not know: a typed error naming the tensor, the type id and the types it runs", async () => {
  const { bytes } = microGgufBytes();
  const at = findAscii(bytes, "blk.0.attn_q.weight", findAscii(bytes, "tokenizer.chat_template"));
  const dv = new DataView(bytes.buffer);
  const nDims = dv.getUint32(at + 19, true);
  dv.setUint32(at + 19 + 4 + 8 * nDims, 39, true); // MXFP4: not a type this engine knows
  const dir = mkdtempSync(join(tmpdir(), "medpsy-type-"));
  try {
    writeFileSync(join(dir, "m.gguf"), bytes);
    await assert.rejects(loadModel(join(dir, "m.gguf"), { threads: 1, contextLength: 64 }), (e: unknown) => {
      assert.ok(e instanceof MedpsyError, String(e));
      assert.match(e.message, /blk\.0\.attn_q\.weight.*unknown tensor type/);
      assert.equal(e.found, "type id 39");
      for (const t of ["Q2_K", "Q3_K", "Q4_K", "IQ1_S", "IQ1_M", "IQ2_XXS", "IQ3_S", "IQ4_NL", "IQ4_XS", "BF16"]) assert.match(e.expected ?? "", new RegExp(`\\b${t}\\b`), t);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a NaN or infinite block scale in a 2- to 6-bit K-quant or I-quant file is refused at load, naming the tensor and block", async () => {
  const dir = mkdtempSync(join(tmpdir(), "medpsy-scale-"));
  try {
    // Each block type once (NaN and -Inf in turn), from files whose tensors cover Q2_K to Q6_K
    // and the I-quants between them (IQ1_M's scale is split over four nibbles).
    const seen = new Set<number>();
    for (const dtype of ["q3_k_m", "q2_k", "q5_k_m", "iq3_m", "iq2_xxs", "iq4_xs", "iq3_xxs", "iq2_m", "iq2_xs", "iq1_s", "iq1_m"] as Dtype[]) {
      const bytes = new Uint8Array(readFileSync(await testModel({ shape: "tiny", dtype }))); // a copy, so slice() copies
      const header = parseHeader(bytes, bytes.length);
      for (const t of header.tensors) {
        if (t.dims.length < 2 || seen.has(t.type) || (TYPE_TRAITS.get(t.type)?.blockSize ?? 1) === 1) continue;
        seen.add(t.type);
        const bad = bytes.slice();
        setBlockScale(t.type, bad, header.dataOffset + t.offset + 3 * TYPE_TRAITS.get(t.type)!.typeSize, seen.size % 2 ? 0x7e00 : 0xfc00); // the fourth block
        const path = join(dir, `${dtype}-${t.name}.gguf`);
        writeFileSync(path, bad);
        await assert.rejects(loadModel(path, { threads: 1, contextLength: 64 }), (e: unknown) => {
          assert.ok(e instanceof MedpsyError, `${dtype} ${t.name}: ${String(e)}`);
          assert.match(e.message, new RegExp(`"${t.name.replaceAll(".", "\\.")}" \\(${typeName(t.type)}\\) holds a NaN or infinite block scale at 3\\b`));
          return true;
        });
        rmSync(path);
      }
    }
    assert.deepEqual([...seen].map(typeName).sort(), ["IQ1_M", "IQ1_S", "IQ2_S", "IQ2_XS", "IQ2_XXS", "IQ3_S", "IQ3_XXS", "IQ4_XS", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
