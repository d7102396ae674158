/**
 * A small JSON Schema validator for the subset the grammar engine supports, written from the
 * spec independently of src/grammar (it checks parsed values, not bytes), so the tests compare
 * the engine's output against a second reading of the schema.
 */
export function schemaErrors(value: unknown, schema: unknown, root: unknown = schema, path = "$"): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${path}: schema false`];
  const s = schema as Record<string, any>;
  if (s.$ref) {
    const target = (s.$ref as string).slice(2).split("/").reduce((o: any, k: string) => o[k], root);
    return schemaErrors(value, target, root, path);
  }
  const errs: string[] = [];
  if (s.allOf) for (const sub of s.allOf) errs.push(...schemaErrors(value, sub, root, path));
  for (const key of ["anyOf", "oneOf"]) {
    if (!s[key]) continue;
    const base = { ...s };
    delete base[key];
    if (!s[key].some((sub: object) => schemaErrors(value, { ...base, ...sub }, root, path).length === 0)) errs.push(`${path}: matches no branch of ${key}`);
    return errs;
  }
  if (s.const !== undefined && JSON.stringify(s.const) !== JSON.stringify(value)) errs.push(`${path}: not the const`);
  if (s.enum && !s.enum.some((v: unknown) => JSON.stringify(v) === JSON.stringify(value))) errs.push(`${path}: not in enum`);
  const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : typeof v);
  if (s.type) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === "integer" && types.includes("number"))) errs.push(`${path}: type ${t}, expected ${types}`);
  }
  if (typeof value === "string") {
    const n = [...value].length;
    if (s.minLength !== undefined && n < s.minLength) errs.push(`${path}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && n > s.maxLength) errs.push(`${path}: longer than ${s.maxLength}`);
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum) errs.push(`${path}: below minimum`);
    if (s.maximum !== undefined && value > s.maximum) errs.push(`${path}: above maximum`);
    if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum) errs.push(`${path}: not above exclusiveMinimum`);
    if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum) errs.push(`${path}: not below exclusiveMaximum`);
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) errs.push(`${path}: fewer than ${s.minItems} items`);
    if (s.maxItems !== undefined && value.length > s.maxItems) errs.push(`${path}: more than ${s.maxItems} items`);
    // Tuples: prefixItems then items (2020-12), or items as an array then additionalItems (draft 7).
    const prefix: unknown[] = s.prefixItems ?? (Array.isArray(s.items) ? s.items : []);
    const rest = s.prefixItems ? s.items : Array.isArray(s.items) ? s.additionalItems : s.items;
    value.forEach((v, i) => {
      const sub = i < prefix.length ? prefix[i] : rest;
      if (sub !== undefined) errs.push(...schemaErrors(v, sub, root, `${path}[${i}]`));
    });
    if (s.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) errs.push(`${path}: repeated items`);
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const props = s.properties ?? {};
    for (const r of s.required ?? []) if (!Object.hasOwn(value, r)) errs.push(`${path}: missing ${r}`);
    for (const [k, v] of Object.entries(value)) {
      if (Object.hasOwn(props, k)) errs.push(...schemaErrors(v, props[k], root, `${path}.${k}`));
      else if (s.additionalProperties === false) errs.push(`${path}: extra key ${k}`);
      else if (s.additionalProperties && typeof s.additionalProperties === "object") errs.push(...schemaErrors(v, s.additionalProperties, root, `${path}.${k}`));
    }
  }
  return errs;
}
