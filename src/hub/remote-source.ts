/**
 * A file on the hub read in byte ranges (HTTP `Range`), as a ByteSource: enough to parse a GGUF's
 * header without downloading its weights (`pull --fit` sizes each quantization this way).
 * Redirects are followed by hand, the token sent to the hub's own host only.
 */
import type { ByteSource } from "../formats/bytes.ts";
import { HubDownloadError } from "./errors.ts";
import { getFollowing } from "./download.ts";
import { resolveUrl, type HubFile, type HubOptions } from "./hub-api.ts";

export function remoteSource(hub: HubOptions, repo: string, file: HubFile): ByteSource {
  const url = resolveUrl(hub, repo, file.path);
  return {
    size: file.size,
    async read(into, offset, length, position) {
      const n = Math.max(0, Math.min(length, file.size - position));
      if (n === 0) return 0;
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(new Error("no response for 30 s")), 30_000);
      try {
        const { res } = await getFollowing(url, hub, { range: `bytes=${position}-${position + n - 1}` }, ac.signal, repo);
        if (res.status !== 206 && !(res.status === 200 && position === 0)) throw new Error(`HTTP ${res.status} for a byte range`);
        const body = new Uint8Array(await res.arrayBuffer());
        const got = Math.min(n, body.length);
        into.set(body.subarray(0, got), offset);
        return got;
      } catch (err) {
        throw new HubDownloadError(`${repo}/${file.path} (bytes ${position}-${position + n - 1})`, 1, err);
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {},
  };
}
