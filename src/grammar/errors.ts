/** What can go wrong with a grammar: a schema it cannot compile, and a grammar that admits no token. */
import { MedpsyError } from "../errors.ts";

/** A JSON Schema that is malformed or uses a keyword the grammar engine does not implement. */
export class GrammarSchemaError extends MedpsyError {
  /** The offending keyword (e.g. `pattern`), or the schema path when the shape itself is wrong. */
  readonly keyword: string;
  /** JSON pointer of the schema node, e.g. `#/properties/dose`. */
  readonly path: string;
  constructor(keyword: string, path: string, message: string, hint?: string) {
    super("GRAMMAR_SCHEMA", `${message} (at ${path})`, {
      hint: hint ?? "supported: type, properties, required, additionalProperties, items, prefixItems (tuples), additionalItems, uniqueItems (enum/const/boolean items), minItems, maxItems, enum, const, minLength, maxLength, pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, anyOf, oneOf (as anyOf), allOf of one schema, $ref to #/$defs or #/definitions, propertyNames as {type: string} or an enum of keys; annotations (title, description, default, examples, format) are ignored",
    });
    this.keyword = keyword;
    this.path = path;
  }
}

/** At some point of the output no token of the vocabulary continues the grammar: the request ends here. */
export class GrammarDeadEndError extends MedpsyError {
  constructor(output: string) {
    super("GRAMMAR_DEAD_END", "no token of the vocabulary can continue the constrained output", {
      found: `the output so far: ${JSON.stringify(output.slice(-200))}`,
      hint: "the grammar admits nothing this vocabulary can spell from here; check its bounds (e.g. minimum/maximum, minLength/maxLength)",
    });
  }
}

/** A GBNF grammar that does not parse, names an undefined rule, or is left-recursive: where, and which rule. */
export class GrammarSyntaxError extends MedpsyError {
  /** The rule the problem is in or about, when there is one. */
  readonly rule: string | undefined;
  /** 1-based line and column in the grammar text. */
  readonly line: number;
  readonly column: number;
  constructor(message: string, where: { rule?: string; line: number; column: number }, hint?: string) {
    super("GRAMMAR_SYNTAX", `grammar line ${where.line}, column ${where.column}${where.rule !== undefined ? ` (rule '${where.rule}')` : ""}: ${message}`, {
      hint: hint ?? "GBNF as llama.cpp reads it: name ::= alternatives | separated, \"literals\", [character classes], (groups), * + ? {m,n}, # comments; the start rule is root",
    });
    this.rule = where.rule;
    this.line = where.line;
    this.column = where.column;
  }
}

/** So many parses of the output are alive at once, or so many alternatives to try at one character, that following them would take unbounded memory or time. */
export class GrammarAmbiguityError extends MedpsyError {
  constructor(detail: string) {
    super("GRAMMAR_AMBIGUOUS", `the grammar is too ambiguous to follow: ${detail}`, {
      hint: "make the grammar less ambiguous (e.g. not two adjacent repetitions that can match the same characters)",
    });
  }
}
