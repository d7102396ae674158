/**
 * `loadModelFromBytes(data)`: a GGUF model from a Blob/File (read in slices, never whole), an
 * ArrayBuffer or a Uint8Array → a `Model`. No Node APIs: this is how the engine runs in a browser
 * (cross-origin isolated for threads: COOP same-origin + COEP require-corp).
 */
import { blobSource, bytesSource } from "../formats/bytes.ts";
import { openGgufFrom } from "../formats/gguf/open.ts";
import { ggufModelSource } from "../model/source-gguf.ts";
import { buildModel, checkLoadOptions, defaultThreads } from "./build-model.ts";
import type { LoadOptions, Model } from "./types.ts";

export async function loadModelFromBytes(data: Blob | ArrayBuffer | Uint8Array, options: LoadOptions & { name?: string } = {}): Promise<Model> {
  checkLoadOptions(options);
  const isBlob = typeof Blob !== "undefined" && data instanceof Blob;
  const src = isBlob ? blobSource(data) : bytesSource(data as ArrayBuffer | Uint8Array);
  const name = options.name ?? (isBlob && "name" in (data as object) ? String((data as unknown as { name: unknown }).name) : "model.gguf");
  const source = await ggufModelSource(await openGgufFrom(src, name));
  try {
    return await buildModel(source, options, undefined, defaultThreads());
  } finally {
    await source.close();
  }
}
