/**
 * The compiled grammar: a tree of value nodes the matcher (./matcher.ts) walks byte by byte.
 * Byte strings are held as "binary" JS strings (one char per byte, 0–255) so they compare and
 * index cheaply; see bytesOf().
 */

export type GNode =
  | { k: "any"; depth: number }
  | { k: "obj"; props: GProp[]; additional: GNode | null; keyIndex: Map<string, number> }
  /**
   * An array: item i follows prefix[i] while there is one (prefixItems / tuple items), then
   * `items`. `unique` (uniqueItems over literal items): each literal at most once.
   */
  | { k: "arr"; items: GNode; min: number; max: number; prefix?: GNode[]; unique?: boolean }
  /** A JSON string; with `re`, its characters must match it (JSON Schema `pattern`; no escapes then). */
  | { k: "str"; min: number; max: number; re?: Regex }
  /** Raw text (not JSON) matching a regular expression: the SDK's {type: "regex"}. */
  | { k: "re"; re: Regex }
  | { k: "num"; integer: boolean; lo: number; hi: number; loEx: boolean; hiEx: boolean }
  /** One of these exact byte strings (JSON literals, enum and const values). */
  | { k: "lit"; values: string[] }
  | { k: "alt"; options: GNode[] }
  /** These in order, nothing between them. */
  | { k: "seq"; items: GNode[] }
  /**
   * `item`, then `next` (e.g. a separator and the item again) until there are `max` in all; ends
   * once `min` are there. `skipEmpty`: the item can match nothing (a GBNF `(x?)*`), so an
   * iteration that consumed no byte is dropped (min is 0 then) — else it would loop forever.
   */
  | { k: "rep"; item: GNode; next: GNode; min: number; max: number; skipEmpty?: boolean }
  /** One character (code point, as UTF-8 bytes) of a set: a GBNF character class or `.`. */
  | { k: "cc"; set: CharSet }
  /** A `$ref`, resolved lazily so recursive schemas compile. */
  | { k: "ref"; target: { node: GNode | undefined; name: string } };

export interface GProp {
  /** The key as it is written between the quotes (JSON-escaped, UTF-8 bytes). */
  key: string;
  node: GNode;
  required: boolean;
}

import type { CharSet, Regex } from "./regex.ts";

const utf8 = new TextEncoder();

/** UTF-8 bytes of a text as a binary string. */
export function bytesOf(text: string): string {
  const b = utf8.encode(text);
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Nesting limit of free-form JSON values (json_object mode, `{}` schemas). */
export const ANY_MAX_DEPTH = 20;
