/** Line-oriented readers with errors that name file, line and field. */
import { readFileSync, existsSync } from "node:fs";
import { basename, join } from "node:path";
import { DatasetError, DatasetNotFoundError } from "../errors.ts";

export function firstExisting(benchmark: string, dir: string, candidates: string[]): string {
  for (const c of candidates) {
    const p = join(dir, c);
    if (existsSync(p)) return p;
  }
  throw new DatasetNotFoundError(benchmark, candidates.map((c) => join(dir, c)));
}

export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new DatasetError(path, `cannot read: ${(err as Error).message}`);
  }
}

/** JSON Lines: one object per non-empty line. */
export function readJsonl(path: string): Array<{ line: number; value: Record<string, unknown> }> {
  const out: Array<{ line: number; value: Record<string, unknown> }> = [];
  readText(path)
    .split("\n")
    .forEach((raw, i) => {
      const text = raw.trim();
      if (!text) return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new DatasetError(basename(path), `not valid JSON (${(err as Error).message})`, { line: i + 1 });
      }
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new DatasetError(basename(path), "expected a JSON object", { line: i + 1, found: Array.isArray(value) ? "an array" : typeof value });
      out.push({ line: i + 1, value: value as Record<string, unknown> });
    });
  return out;
}

export function readJson(path: string): unknown {
  try {
    return JSON.parse(readText(path));
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(basename(path), `not valid JSON (${(err as Error).message})`);
  }
}

/** A string field, or a DatasetError naming it. */
export function str(file: string, line: number, obj: Record<string, unknown>, field: string): string {
  const v = obj[field];
  if (typeof v !== "string" || v.trim() === "") throw new DatasetError(basename(file), "missing or empty text", { line, field, found: v === undefined ? "nothing" : JSON.stringify(v).slice(0, 60) });
  return v;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes); rows with their line numbers. */
export function parseCsv(path: string): Array<{ line: number; cells: string[] }> {
  const text = readText(path);
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        cell += c;
      }
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      cells.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      if (cells.some((x) => x !== "")) rows.push({ line: rowLine, cells });
      cells = [];
      cell = "";
      line++;
      rowLine = line;
    } else cell += c;
  }
  if (quoted) throw new DatasetError(basename(path), "a quoted field is never closed", { line: rowLine });
  cells.push(cell);
  if (cells.some((x) => x !== "")) rows.push({ line: rowLine, cells });
  return rows;
}

export const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
