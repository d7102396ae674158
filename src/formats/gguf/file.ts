/** Opens a GGUF file on disk (Node): a file-handle ByteSource for openGgufFrom. */
import { open } from "node:fs/promises";
import type { ByteSource } from "../bytes.ts";
import { openGgufFrom, type GgufFile } from "./open.ts";

export { openGgufFrom, mdString, mdNumber, mdStringArray, mdNumberArray, type GgufFile } from "./open.ts";

export async function fileSource(path: string): Promise<ByteSource> {
  const fh = await open(path, "r");
  const size = (await fh.stat()).size;
  return {
    size,
    read: async (into, offset, length, position) => (await fh.read(into, offset, length, position)).bytesRead,
    close: () => fh.close(),
  };
}

export async function openGguf(path: string): Promise<GgufFile> {
  return openGgufFrom(await fileSource(path), path);
}
