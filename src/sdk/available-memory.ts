/** Memory this process may still take (Node): free memory within any cgroup limit, bytes. */
import { freemem } from "node:os";

export function availableMemory(): number {
  const p = process as { availableMemory?: () => number };
  // process.availableMemory (Node ≥ 22) honours a container's limit; os.freemem does not.
  return typeof p.availableMemory === "function" ? p.availableMemory() : freemem();
}
