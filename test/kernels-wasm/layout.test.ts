/**
 * The layouts the host and the AssemblyScript kernels share are named once: the kernels' GGML
 * type enum is generated from src/tensor/dtypes.ts (and committed current), the kernels spell no
 * type id as a bare number, and every thread op's arguments decode to what was encoded.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { ggmlTypeEnumSource } from "../../src/kernels/wasm/assembly/ggml-type-source.ts";
import * as ops from "../../src/kernels/threads/op-args.ts";
import { ARGS, CTRL_INTS, MAX_ARGS, MULTI_MAX } from "../../src/kernels/threads/protocol.ts";

const assemblyDir = new URL("../../src/kernels/wasm/assembly/", import.meta.url);

test("the kernels' GgmlType enum is the one src/tensor/dtypes.ts defines (rerun npm run build:wasm if not)", async () => {
  const committed = await readFile(new URL("ggml-type.ts", assemblyDir), "utf8");
  assert.equal(committed, ggmlTypeEnumSource());
});

test("no AssemblyScript kernel compares or switches on a bare type id", async () => {
  const bare = /\btype\s*[!=<>]=\s*\d|case\s+\d+\s*:|(?:storedRowDot|unpackedRowDot4?|kqPromptPath|matmulKPrompt)\(\d/;
  const found: string[] = [];
  for (const f of await readdir(assemblyDir)) {
    if (!f.endsWith(".ts")) continue;
    (await readFile(new URL(f, assemblyDir), "utf8")).split("\n").forEach((line, i) => {
      if (bare.test(line.replace(/\/\/.*$/, ""))) found.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});

test("every thread op's arguments decode to what the caller encoded, floats as f32", () => {
  const ctrl = new Int32Array(CTRL_INTS);
  const check = <F extends string>(layout: ops.OpArgs<F>, args: number[], shift = 0) => {
    assert.ok(layout.end + shift <= MAX_ARGS, `${layout.fields.join(",")} fits the control block`);
    assert.equal(new Set(layout.fields).size, layout.fields.length);
    args.forEach((v, i) => (ctrl[ARGS + i] = v | 0));
    return layout.decode(ctrl, layout.blank(), shift);
  };
  // Values that are not the positions, addresses above 2^31, and floats that need their bits.
  const value = (i: number) => 0x9000_0000 + 37 * i;
  for (const [name, kind] of Object.entries(ops)) {
    if (!(kind instanceof ops.RowsArgs)) continue;
    const v = Object.fromEntries(kind.body.fields.map((f: string, i: number) => [f, value(i)]));
    const floats: string[] = { RMSNORM: ["eps"], SCALE: ["s"] }[name as "RMSNORM"] ?? [];
    for (const f of floats) v[f] = 1e-6;
    const args = kind.encode(123, 64, v);
    assert.deepEqual({ ...check(ops.ROWS, args) }, { kind: kind.kind, items: 123, align: 64 }, name);
    const back = check(kind.body, args);
    for (const f of kind.body.fields) assert.equal(back[f], floats.includes(f) ? Math.fround(1e-6) : v[f], `${name}.${f}`);
  }
  const att = Object.fromEntries(ops.ATTENTION.fields.map((f, i) => [f, value(i)])) as ops.Args<(typeof ops.ATTENTION.fields)[number]>;
  att.scale = 0.125;
  assert.deepEqual({ ...check(ops.ATTENTION, ops.ATTENTION.encode([], att)) }, att);
  // A matmul of MULTI_MAX weights: its header, then each weight's four arguments.
  const args: number[] = [];
  ops.MATMUL.encode(args, { cols: 2048, xq: value(1), n: 37, tmp: value(2), tmpStride: 4160, count: MULTI_MAX });
  for (let i = 0; i < MULTI_MAX; i++) ops.MATMUL_WEIGHT.encode(args, { type: 12 + i, w: value(10 + i), rows: 100 + i, y: value(20 + i) }, ops.MATMUL_WEIGHT_ARGS * i);
  assert.equal(check(ops.MATMUL, args).count, MULTI_MAX);
  // The matmul path reads its slots directly (work.ts): they name the same places.
  for (const f of ops.MATMUL.fields) assert.equal(ctrl[ops.MATMUL.slot[f]]! >>> 0, ops.MATMUL.decode(ctrl, ops.MATMUL.blank())[f], `slot ${f}`);
  for (let i = 0; i < MULTI_MAX; i++) {
    assert.equal(ctrl[ops.MATMUL_WEIGHT.slot.y + ops.MATMUL_WEIGHT_ARGS * i]! >>> 0, value(20 + i), `weight ${i} y slot`);
  }
  for (let i = 0; i < MULTI_MAX; i++) {
    assert.deepEqual({ ...check(ops.MATMUL_WEIGHT, args, ops.MATMUL_WEIGHT_ARGS * i) }, { type: 12 + i, w: value(10 + i), rows: 100 + i, y: value(20 + i) });
  }
});
