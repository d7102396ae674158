/**
 * JSON Schema → grammar nodes. The subset that structured-output clients send (OpenAI strict
 * schemas, zod, pydantic): types, properties in the schema's order, required,
 * additionalProperties (absent means none, as strict mode and llama.cpp's converter read it),
 * items with minItems/maxItems, tuples (prefixItems, or items as an array with additionalItems),
 * uniqueItems over literal items (enum, const, boolean), enum, const, string min/maxLength and pattern (./regex.ts; a
 * patterned string is written without escapes), number bounds, anyOf / oneOf
 * (generated as anyOf), allOf of one schema, local $ref, propertyNames as a string type or a
 * closed list of keys (zod records). Any other keyword is refused by name,
 * so a caller never gets output that silently ignores part of the schema.
 */
import { GrammarSchemaError } from "./errors.ts";
import { ANY_MAX_DEPTH, bytesOf, type GNode, type GProp } from "./nodes.ts";
import { Regex } from "./regex.ts";

/** Keywords that describe rather than constrain. */
const ANNOTATIONS = new Set([
  "title", "description", "$schema", "$id", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly",
  "format", "discriminator", "$defs", "definitions", "strict", "contentMediaType", "contentEncoding",
]);
const HANDLED = new Set([
  "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "enum", "const",
  "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "anyOf", "oneOf", "allOf", "$ref", "nullable", "propertyNames",
  "prefixItems", "additionalItems", "uniqueItems",
]);
const TYPES = ["object", "array", "string", "number", "integer", "boolean", "null"] as const;
/** Caps that keep a schema from expanding without bound. */
const MAX_NODES = 100_000;
const MAX_ENUM = 10_000;

const anyNodes: GNode[] = Array.from({ length: ANY_MAX_DEPTH + 1 }, (_, depth) => ({ k: "any", depth }));

/** A free-form JSON value (nesting up to ANY_MAX_DEPTH). */
export function anyJson(depth = 0): GNode {
  return anyNodes[Math.min(depth, ANY_MAX_DEPTH)]!;
}

/** Any JSON object (json_object mode). */
export function anyObject(): GNode {
  return { k: "obj", props: [], additional: anyJson(1), keyIndex: new Map() };
}

export function compileJsonSchema(schema: unknown): GNode {
  const root = schema;
  const refs = new Map<string, { node: GNode | undefined; name: string }>();
  let count = 0;

  const fail = (keyword: string, path: string, message: string, hint?: string): never => {
    throw new GrammarSchemaError(keyword, path, message, hint);
  };

  function resolvePointer(ref: string, path: string): unknown {
    if (!ref.startsWith("#")) fail("$ref", path, `$ref: only local references (#/...) are supported, found ${JSON.stringify(ref).slice(0, 80)}`);
    let at: unknown = root;
    for (const raw of ref.slice(1).split("/").slice(1)) {
      const part = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
      if (!at || typeof at !== "object" || !Object.hasOwn(at as object, part)) fail("$ref", path, `$ref ${JSON.stringify(ref).slice(0, 80)} does not resolve`);
      at = (at as Record<string, unknown>)[part];
    }
    return at;
  }

  function compile(s: unknown, path: string, depth: number): GNode {
    if (++count > MAX_NODES) fail("schema", path, `the schema expands to more than ${MAX_NODES} nodes`);
    if (depth > 64) fail("schema", path, "the schema nests more than 64 levels deep");
    if (s === true) return anyJson();
    if (s === false) fail("false", path, "the schema `false` admits no value");
    if (!s || typeof s !== "object" || Array.isArray(s)) fail("schema", path, `a schema must be an object or a boolean, found ${Array.isArray(s) ? "an array" : typeof s}`);
    const o = s as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (!HANDLED.has(key) && !ANNOTATIONS.has(key)) fail(key, path, `the JSON Schema keyword '${key}' is not supported by the grammar engine`);
    }
    if (o.$ref !== undefined) {
      if (typeof o.$ref !== "string") fail("$ref", path, "$ref must be a string");
      const others = Object.keys(o).filter((k) => k !== "$ref" && !ANNOTATIONS.has(k));
      if (others.length) fail(others[0]!, path, `'${others[0]}' beside $ref is not supported`);
      const name = o.$ref as string;
      let target = refs.get(name);
      if (!target) {
        target = { node: undefined, name };
        refs.set(name, target);
        target.node = compile(resolvePointer(name, path), name, depth + 1);
      }
      return { k: "ref", target };
    }
    if (o.allOf !== undefined) {
      if (!Array.isArray(o.allOf) || o.allOf.length !== 1) fail("allOf", path, "allOf is supported with exactly one schema");
      const rest = { ...o };
      delete rest.allOf;
      if (Object.keys(rest).some((k) => !ANNOTATIONS.has(k))) fail("allOf", path, "allOf beside other constraints is not supported");
      return compile((o.allOf as unknown[])[0], `${path}/allOf/0`, depth + 1);
    }
    for (const key of ["anyOf", "oneOf"] as const) {
      if (o[key] === undefined) continue;
      const list = o[key];
      if (!Array.isArray(list) || list.length === 0) fail(key, path, `${key} must be a non-empty array of schemas`);
      const rest = { ...o };
      delete rest[key];
      const base = Object.keys(rest).some((k) => !ANNOTATIONS.has(k)) ? rest : undefined;
      // Shared keywords beside anyOf apply to every branch (e.g. {type: "object", anyOf: [...]}).
      const options = (list as unknown[]).map((b, i) => compile(base && b && typeof b === "object" ? { ...base, ...(b as object) } : b, `${path}/${key}/${i}`, depth + 1));
      return options.length === 1 ? options[0]! : { k: "alt", options };
    }
    if (o.const !== undefined) return { k: "lit", values: [literal(o.const, path, "const")] };
    if (o.enum !== undefined) {
      if (!Array.isArray(o.enum) || o.enum.length === 0) fail("enum", path, "enum must be a non-empty array");
      if ((o.enum as unknown[]).length > MAX_ENUM) fail("enum", path, `enum has more than ${MAX_ENUM} values`);
      return { k: "lit", values: [...new Set((o.enum as unknown[]).map((v) => literal(v, path, "enum")))] };
    }
    let types: string[];
    if (o.type === undefined) types = inferTypes(o);
    else if (typeof o.type === "string") types = [o.type];
    else if (Array.isArray(o.type) && o.type.length > 0 && o.type.every((t) => typeof t === "string")) types = o.type as string[];
    else return fail("type", path, "type must be a type name or a non-empty array of them");
    if (o.nullable === true && !types.includes("null")) types = [...types, "null"];
    for (const t of types) if (!(TYPES as readonly string[]).includes(t)) fail("type", path, `unknown type ${JSON.stringify(t).slice(0, 40)}; expected one of ${TYPES.join(", ")}`);
    if (types.length === TYPES.length || (types.length === 0)) return anyJson();
    const nodes = types.map((t) => typed(t, o, path, depth));
    return nodes.length === 1 ? nodes[0]! : { k: "alt", options: nodes };
  }

  /** With no `type`, the keywords present say which types are meant; none at all means any value. */
  function inferTypes(o: Record<string, unknown>): string[] {
    const t: string[] = [];
    if (o.properties !== undefined || o.required !== undefined || o.additionalProperties !== undefined || o.propertyNames !== undefined) t.push("object");
    if (["items", "prefixItems", "minItems", "maxItems", "uniqueItems"].some((k) => o[k] !== undefined)) t.push("array");
    if (o.minLength !== undefined || o.maxLength !== undefined || o.pattern !== undefined) t.push("string");
    if (["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"].some((k) => o[k] !== undefined)) t.push("number");
    return t;
  }

  function typed(t: string, o: Record<string, unknown>, path: string, depth: number): GNode {
    switch (t) {
      case "null": return { k: "lit", values: ["null"] };
      case "boolean": return { k: "lit", values: ["true", "false"] };
      case "string": {
        const min = count0(o, "minLength", path) ?? 0;
        const max = count0(o, "maxLength", path) ?? Infinity;
        if (min > max) fail("minLength", path, `minLength ${min} is above maxLength ${max}`);
        if (o.pattern === undefined) return { k: "str", min, max };
        if (typeof o.pattern !== "string") return fail("pattern", path, "pattern must be a string");
        return { k: "str", min, max, re: new Regex(o.pattern, path, "pattern", true) };
      }
      case "integer":
      case "number": {
        const integer = t === "integer";
        const num = (k: string) => {
          const v = o[k];
          if (v === undefined || typeof v === "boolean") return undefined;
          if (typeof v !== "number" || !Number.isFinite(v)) return fail(k, path, `${k} must be a finite number`);
          return v;
        };
        let lo = num("minimum") ?? -Infinity;
        let hi = num("maximum") ?? Infinity;
        let loEx = false;
        let hiEx = false;
        // Draft 4 writes exclusiveMinimum: true beside minimum; later drafts give the bound itself.
        const exMin = o.exclusiveMinimum, exMax = o.exclusiveMaximum;
        if (exMin === true) loEx = true;
        else if (exMin !== undefined && exMin !== false) { const v = num("exclusiveMinimum")!; if (v >= lo) { lo = v; loEx = true; } }
        if (exMax === true) hiEx = true;
        else if (exMax !== undefined && exMax !== false) { const v = num("exclusiveMaximum")!; if (v <= hi) { hi = v; hiEx = true; } }
        if (integer) {
          // Integer bounds are inclusive integers.
          lo = loEx ? Math.floor(lo) + 1 : Math.ceil(lo);
          hi = hiEx ? Math.ceil(hi) - 1 : Math.floor(hi);
          loEx = hiEx = false;
        }
        if (lo > hi || (lo === hi && (loEx || hiEx))) fail("minimum", path, `no ${t} lies between minimum/exclusiveMinimum and maximum/exclusiveMaximum (${lo} … ${hi})`);
        return { k: "num", integer, lo, hi, loEx, hiEx };
      }
      case "array": {
        const min = count0(o, "minItems", path) ?? 0;
        const max = count0(o, "maxItems", path) ?? Infinity;
        if (min > max) fail("minItems", path, `minItems ${min} is above maxItems ${max}`);
        // Tuples: prefixItems (2020-12) then items for the rest, or items as an array (drafts 4–2019) then additionalItems.
        let prefixSchemas: unknown[] | undefined;
        let rest: unknown = o.items;
        let restKey = "items";
        if (o.prefixItems !== undefined) {
          if (!Array.isArray(o.prefixItems)) fail("prefixItems", path, "prefixItems must be an array of schemas");
          if (Array.isArray(o.items)) fail("items", path, "items must be a schema beside prefixItems");
          prefixSchemas = o.prefixItems as unknown[];
        } else if (Array.isArray(o.items)) {
          prefixSchemas = o.items;
          rest = o.additionalItems;
          restKey = "additionalItems";
        } // (without a tuple, additionalItems has no effect: the spec ignores it)
        const prefix = prefixSchemas?.map((sub, i) => compile(sub, `${path}/${restKey === "items" ? "prefixItems" : "items"}/${i}`, depth + 1));
        const items = rest === undefined ? anyJson(1) : rest === false ? null : compile(rest, `${path}/${restKey}`, depth + 1);
        let upper = max;
        if (items === null) upper = Math.min(max, prefix?.length ?? 0);
        if (min > upper) fail("minItems", path, `minItems ${min} is above the ${prefix?.length ?? 0} items the tuple allows (${restKey} is false)`);
        const node: GNode = { k: "arr", items: items ?? anyJson(1), min, max: upper, ...(prefix ? { prefix } : {}) };
        const unique = o.uniqueItems;
        if (unique !== undefined && typeof unique !== "boolean") fail("uniqueItems", path, "uniqueItems must be a boolean");
        if (unique === true) {
          // Exact only where each item is one of a set of literals (enum, const, boolean): the array
          // then holds each at most once. Other item schemas would need whole values compared.
          const lits = !prefix && node.items.k === "lit";
          if (!lits) fail("uniqueItems", path, "the JSON Schema keyword 'uniqueItems' is supported only for arrays whose items are an enum, a const or booleans (no tuples)", "drop uniqueItems and check for duplicates after parsing, or list the allowed values as an enum");
          const distinct = (node.items as Extract<GNode, { k: "lit" }>).values.length;
          if (min > distinct) fail("minItems", path, `minItems ${min} is above the ${distinct} distinct values uniqueItems allows`);
          return { ...node, max: Math.min(upper, distinct), unique: true };
        }
        return node;
      }
      case "object": {
        const props: GProp[] = [];
        const keyIndex = new Map<string, number>();
        const p = o.properties;
        if (p !== undefined && (!p || typeof p !== "object" || Array.isArray(p))) fail("properties", path, "properties must be an object");
        const req = o.required ?? [];
        if (!Array.isArray(req) || req.some((r) => typeof r !== "string")) fail("required", path, "required must be an array of property names");
        const required = new Set(req as string[]);
        for (const [name, sub] of Object.entries((p ?? {}) as Record<string, unknown>)) {
          const key = bytesOf(JSON.stringify(name).slice(1, -1));
          keyIndex.set(key, props.length);
          props.push({ key, node: compile(sub, `${path}/properties/${name}`, depth + 1), required: required.has(name) });
        }
        const ap = o.additionalProperties;
        const named = propertyNames(o.propertyNames, path);
        if (named) {
          // Keys from a closed list (zod's record of an enum): the listed properties that are in it,
          // then each other listed key with additionalProperties as its schema; no other key.
          const declared = Object.keys((p ?? {}) as object);
          for (const r of required) if (!named.has(r)) fail("propertyNames", path, `required property ${JSON.stringify(r).slice(0, 60)} is not allowed by propertyNames`);
          const kept = props.filter((_, i) => named.has(declared[i]!));
          const value = ap === undefined ? true : ap;
          if (value !== false) {
            for (const name of named) {
              if (declared.includes(name)) continue;
              kept.push({ key: bytesOf(JSON.stringify(name).slice(1, -1)), node: compile(value, `${path}/additionalProperties`, depth + 1), required: required.has(name) });
            }
          }
          return { k: "obj", props: kept, additional: null, keyIndex: new Map(kept.map((prop, i) => [prop.key, i])) };
        }
        for (const r of required) if (!Object.hasOwn((p ?? {}) as object, r)) fail("required", path, `required property ${JSON.stringify(r).slice(0, 60)} is not in properties`, "list it under properties with its schema");
        let additional: GNode | null = null;
        if (ap === true) additional = anyJson(1);
        else if (ap && typeof ap === "object") additional = compile(ap, `${path}/additionalProperties`, depth + 1);
        else if (ap === undefined && p === undefined) additional = anyJson(1);
        else if (ap !== undefined && ap !== false) fail("additionalProperties", path, "additionalProperties must be a boolean or a schema");
        return { k: "obj", props, additional, keyIndex };
      }
    }
    return fail("type", path, `unknown type ${t}`);
  }

  /**
   * propertyNames as clients send it: {type: "string"} (zod's record of strings; every JSON key
   * is a string, so nothing to enforce), or an enum / const of key names (zod's record of an enum),
   * returned as that set. Other key constraints are refused by name.
   */
  function propertyNames(pn: unknown, path: string): Set<string> | undefined {
    if (pn === undefined || pn === true) return undefined;
    const unsupported = () => fail("propertyNames", path, "the JSON Schema keyword 'propertyNames' is supported only as {type: \"string\"} or an enum/const of key names", "list the allowed keys under properties instead");
    if (!pn || typeof pn !== "object" || Array.isArray(pn)) return unsupported();
    const n = pn as Record<string, unknown>;
    if (n.type !== undefined && n.type !== "string") return unsupported();
    const constraints = Object.keys(n).filter((k) => k !== "type" && !ANNOTATIONS.has(k));
    if (constraints.length === 0) return undefined;
    if (constraints.length !== 1) return unsupported();
    const names = constraints[0] === "enum" ? n.enum : constraints[0] === "const" ? [n.const] : undefined;
    if (!Array.isArray(names) || names.length === 0 || names.some((v) => typeof v !== "string")) return unsupported();
    if (names.length > MAX_ENUM) fail("propertyNames", path, `propertyNames lists more than ${MAX_ENUM} keys`);
    return new Set(names as string[]);
  }

  function count0(o: Record<string, unknown>, k: string, path: string): number | undefined {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) return fail(k, path, `${k} must be a non-negative integer`);
    return v;
  }

  function literal(v: unknown, path: string, keyword: string): string {
    let text: string | undefined;
    try {
      text = JSON.stringify(v);
    } catch {}
    if (text === undefined) fail(keyword, path, `${keyword} value is not JSON`);
    return bytesOf(text!);
  }

  const node = compile(schema, "#", 0);
  for (const r of refs.values()) if (!r.node) fail("$ref", r.name, "$ref did not resolve");
  return node;
}
