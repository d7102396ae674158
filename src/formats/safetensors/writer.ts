/** Writes safetensors files (one, or shards with model.safetensors.index.json). */
import { open, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface SafetensorsToWrite {
  name: string;
  dtype: "F32" | "F16" | "BF16";
  shape: number[];
  byteLength: number;
  data: () => Uint8Array | Promise<Uint8Array>;
}

/** One file: header (padded to 8 bytes with spaces, as the reference writer does), then data. */
export async function writeSafetensors(path: string, tensors: SafetensorsToWrite[], metadata: Record<string, string> = {}): Promise<void> {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.byteLength] };
    offset += t.byteLength;
  }
  let json = JSON.stringify(header);
  while ((8 + Buffer.byteLength(json)) % 8 !== 0) json += " ";
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  const fh = await open(path, "w");
  try {
    await fh.write(len);
    await fh.write(Buffer.from(json, "utf8"));
    for (const t of tensors) {
      const bytes = await t.data();
      if (bytes.length !== t.byteLength) throw new RangeError(`${t.name}: ${bytes.length} bytes, expected ${t.byteLength}`);
      await fh.write(bytes);
    }
  } finally {
    await fh.close();
  }
}

/**
 * A folder's weights: one model.safetensors, or shards of at most `shardBytes` named
 * model-0000i-of-0000n.safetensors with an index, as transformers' save_pretrained does.
 */
export async function writeSafetensorsFolder(dir: string, tensors: SafetensorsToWrite[], shardBytes = Infinity): Promise<string[]> {
  const shards: SafetensorsToWrite[][] = [[]];
  let used = 0;
  for (const t of tensors) {
    if (used > 0 && used + t.byteLength > shardBytes) {
      shards.push([]);
      used = 0;
    }
    shards[shards.length - 1]!.push(t);
    used += t.byteLength;
  }
  if (shards.length === 1) {
    await writeSafetensors(join(dir, "model.safetensors"), tensors, { format: "pt" });
    return ["model.safetensors"];
  }
  const n = shards.length;
  const names = shards.map((_, i) => `model-${String(i + 1).padStart(5, "0")}-of-${String(n).padStart(5, "0")}.safetensors`);
  const weightMap: Record<string, string> = {};
  let total = 0;
  for (let i = 0; i < n; i++) {
    await writeSafetensors(join(dir, names[i]!), shards[i]!, { format: "pt" });
    for (const t of shards[i]!) {
      weightMap[t.name] = names[i]!;
      total += t.byteLength;
    }
  }
  await writeFile(join(dir, "model.safetensors.index.json"), JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }, null, 2));
  return names;
}
