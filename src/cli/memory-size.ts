/** Memory sizes as users type them: "4GB", "3.5 GiB", "512MB", or bytes. */
import { InvalidArgumentError } from "../errors.ts";

const UNITS: Record<string, number> = { "": 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

export function parseMemorySize(flag: string, text: string | number): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(text));
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined || !(Number(m[1]) > 0)) {
    throw new InvalidArgumentError(`${flag} is not a memory size`, { expected: "a size such as 4GB, 3.5GiB or 512MB", found: String(text) });
  }
  return Number(m[1]) * unit;
}
