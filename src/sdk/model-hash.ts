/**
 * The sha256 of a model's file(s), computed once per path on first use (the audit trail records
 * it). A safetensors folder hashes its files in name order, each file's hash fed to an outer hash.
 */
import { createHash } from "node:crypto";
import { createReadStream, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const cache = new Map<string, Promise<string>>();

async function fileSha256(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) h.update(chunk as Buffer);
  return h.digest("hex");
}

async function compute(path: string): Promise<string> {
  if (!statSync(path).isDirectory()) return fileSha256(path);
  const outer = createHash("sha256");
  for (const name of readdirSync(path).sort()) {
    const p = join(path, name);
    if (statSync(p).isFile()) outer.update(`${name}\0${await fileSha256(p)}\n`);
  }
  return outer.digest("hex");
}

export function modelSha256(path: string): Promise<string> {
  let p = cache.get(path);
  if (!p) {
    p = compute(path);
    cache.set(path, p);
  }
  return p;
}
