/**
 * `response_format` (chat completions) and `text.format` (responses): OpenAI's structured-output
 * shapes turned into the SDK's ResponseFormat, the schema compiled here so that a keyword the
 * grammar engine cannot honour is a 400 naming it, before a slot is taken.
 */
import { compileGrammar, GrammarSchemaError, GrammarSyntaxError, type Grammar } from "../grammar/index.ts";
import type { ResponseFormat } from "../sdk/types.ts";
import { badRequest, HttpError } from "./errors.ts";

/**
 * `{type: "text"}`, `{type: "json_object"}` or `{type: "json_schema", json_schema: {name, schema, strict}}`
 * (chat); the Responses API flattens the last one to `{type: "json_schema", name, schema, strict}`.
 */
export function parseResponseFormat(v: unknown, param: string, flat = false): ResponseFormat | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw badRequest(`'${param}' must be an object such as {"type": "json_object"}`, param);
  const o = v as Record<string, unknown>;
  if (o.type === "text") return undefined;
  if (o.type === "json_object") return { type: "json_object" };
  if (o.type !== "json_schema") {
    throw badRequest(`'${param}.type' must be "text", "json_object" or "json_schema", found ${JSON.stringify(o.type)?.slice(0, 40)}`, `${param}.type`);
  }
  const spec = flat ? o : o.json_schema;
  const where = flat ? param : `${param}.json_schema`;
  if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw badRequest(`'${where}' must be an object with a 'schema'`, where);
  const schema = (spec as Record<string, unknown>).schema;
  // OpenAI allows a json_schema without a schema: then any JSON value.
  const format: ResponseFormat = { type: "json_schema", schema: schema === undefined ? {} : schema };
  compileChecked(format, `${where}.schema`);
  return format;
}

/** Compiles now (the pipeline reuses the compiled grammar); a schema error becomes a 400 naming the keyword. */
export function compileChecked(format: ResponseFormat, param: string): void {
  if (format.type === "text") return;
  try {
    compileGrammar(format);
  } catch (err) {
    if (err instanceof GrammarSchemaError) {
      throw new HttpError(400, `${param}: ${err.message}`, { param, code: err.keyword === "schema" ? "invalid_schema" : "unsupported_schema_keyword" });
    }
    throw err;
  }
}

/** The OpenAI chat shape of a format, for an upstream server. */
export function responseFormatBody(f: ResponseFormat): Record<string, unknown> {
  if (f.type === "json_schema") return { type: "json_schema", json_schema: { name: "response", schema: f.schema, strict: true } };
  return { type: f.type };
}

/**
 * llama-server's `grammar` field: a GBNF grammar for the answer (chat and completions), compiled
 * now so that a syntax error, an undefined rule or left recursion is a 400 naming the rule and line.
 */
export function parseGbnfField(v: unknown, format: ResponseFormat | undefined): Grammar | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw badRequest(`'grammar' must be a GBNF grammar as a string (llama.cpp's syntax, start rule root), found ${Array.isArray(v) ? "an array" : typeof v}`, "grammar");
  if (format !== undefined) throw badRequest("'grammar' and 'response_format' constrain the same answer: send one of them", "grammar", "invalid_value");
  try {
    return compileGrammar(v);
  } catch (err) {
    if (err instanceof GrammarSyntaxError) throw new HttpError(400, `grammar: ${err.message}`, { param: "grammar", code: "invalid_grammar" });
    throw err;
  }
}
