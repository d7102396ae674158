/**
 * Constrained decoding: a grammar (JSON, or a JSON Schema compiled to one) and the matcher that
 * says which tokens may come next. The sampler masks the others (sampling/constrained.ts).
 *
 * @example
 * ```ts
 * const g = compileGrammar({ type: "json_schema", schema: { type: "object", properties: { dose_mg: { type: "number" } }, required: ["dose_mg"] } });
 * for await (const ev of model.chat(messages, { grammar: g })) ...
 * ```
 */
import { GrammarSchemaError } from "./errors.ts";
import { compileGbnf } from "./gbnf.ts";
import { anyObject, compileJsonSchema } from "./json-schema.ts";
import { advance, allowedTokens } from "./mask.ts";
import { canEnd, initialState, mustEnd, type State } from "./matcher.ts";
import type { GNode } from "./nodes.ts";
import { Regex } from "./regex.ts";
import type { TokenTrie } from "./token-trie.ts";

export { GrammarSchemaError, GrammarDeadEndError, GrammarSyntaxError, GrammarAmbiguityError } from "./errors.ts";
export { tokenTrie, TokenTrie } from "./token-trie.ts";

/**
 * What the answer must be: any JSON object, a value valid against a JSON Schema, text matching a
 * regular expression (whole), or text a GBNF grammar (llama.cpp's syntax, start rule `root`) derives.
 */
export type GrammarSpec = { type: "json_object" } | { type: "json_schema"; schema: unknown } | { type: "regex"; pattern: string } | { type: "gbnf"; grammar: string };

/** A compiled grammar (reusable across requests and models). */
export class Grammar {
  /** @internal */
  readonly root: GNode;
  /** @internal */
  constructor(root: GNode) {
    this.root = root;
  }
}

const compiled = new WeakMap<object, Grammar>();
/** GBNF texts compiled lately (a server sees the same grammar string on every request). */
const compiledText = new Map<string, Grammar>();
const TEXT_CACHE = 32;

/**
 * Compiles a grammar spec, or a string as GBNF; throws GrammarSchemaError naming the keyword it
 * cannot honour, GrammarSyntaxError naming the GBNF rule and line.
 */
export function compileGrammar(spec: GrammarSpec | Grammar | string): Grammar {
  if (spec instanceof Grammar) return spec;
  if (typeof spec === "string") return compileGbnfText(spec);
  if (!spec || typeof spec !== "object") throw new GrammarSchemaError("type", "#", "a grammar must be a GBNF string, {type: 'json_object'}, {type: 'json_schema', schema}, {type: 'regex', pattern} or {type: 'gbnf', grammar}");
  const hit = compiled.get(spec);
  if (hit) return hit;
  let g: Grammar;
  if (spec.type === "json_object") g = new Grammar(anyObject());
  else if (spec.type === "json_schema") g = new Grammar(compileJsonSchema(spec.schema));
  else if (spec.type === "regex") {
    if (typeof spec.pattern !== "string") throw new GrammarSchemaError("pattern", "#", "a regex grammar needs a pattern string");
    g = new Grammar({ k: "re", re: new Regex(spec.pattern, "#", "pattern") });
  } else if (spec.type === "gbnf") g = compileGbnfText(spec.grammar);
  else throw new GrammarSchemaError("type", "#", `unknown grammar type ${JSON.stringify((spec as { type?: unknown }).type)?.slice(0, 40)}; expected json_object, json_schema, regex or gbnf`);
  compiled.set(spec, g);
  return g;
}

function compileGbnfText(text: string): Grammar {
  const hit = compiledText.get(text);
  if (hit) return hit;
  const g = new Grammar(compileGbnf(text));
  if (compiledText.size >= TEXT_CACHE) compiledText.delete(compiledText.keys().next().value!);
  compiledText.set(text, g);
  return g;
}

/** One generation's progress through a grammar. */
export class GrammarMatcher {
  private state: State;
  private readonly trie: TokenTrie;
  /** The bytes accepted so far (for error messages). */
  private text = "";

  constructor(grammar: Grammar, trie: TokenTrie) {
    this.state = initialState(grammar.root);
    this.trie = trie;
  }

  /** Sets allowed[id] = 1 for every token that may come next (end tokens not included); returns the count. */
  fillAllowed(allowed: Uint8Array): number {
    return allowedTokens(this.trie, this.state, allowed);
  }

  /** The output is a complete value: the end may come now. */
  get canEnd(): boolean {
    return canEnd(this.state);
  }

  /** Nothing but the end may come. */
  get mustEnd(): boolean {
    return mustEnd(this.state);
  }

  /** Moves past a token; false (state unchanged) when the token does not fit. */
  accept(token: number): boolean {
    const t = this.trie.texts[token] ?? "";
    if (t.length === 0) return false;
    const next = advance(this.state, t);
    if (next.length === 0) return false;
    this.state = next;
    this.text += t;
    if (this.text.length > 4096) this.text = this.text.slice(-2048);
    return true;
  }

  /** The recent output, as text. */
  get output(): string {
    const bytes = Uint8Array.from(this.text, (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  }
}
