/** Dataset and evaluation errors: each names the file, line and field it is about. */
import { MedpsyError } from "../errors.ts";

export class DatasetError extends MedpsyError {
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;
  constructor(file: string, message: string, o: { line?: number; field?: string; expected?: string; found?: string; hint?: string } = {}) {
    const where = `${file}${o.line !== undefined ? `, line ${o.line}` : ""}${o.field ? `, field "${o.field}"` : ""}`;
    super("DATASET", `${where}: ${message}`, { expected: o.expected, found: o.found, hint: o.hint ?? "check the file against the schema in ../shared/datasets/README.md, or point --data at the official files" });
    this.file = file;
    this.line = o.line;
    this.field = o.field;
  }
}

export class DatasetNotFoundError extends MedpsyError {
  constructor(benchmark: string, tried: string[]) {
    super("DATASET_NOT_FOUND", `no data file for ${benchmark}`, {
      expected: `one of: ${tried.join(", ")}`,
      found: "none of them",
      hint: "pass --data DIR (a folder laid out like ../shared/datasets), or set MEDPSY_DATA",
    });
  }
}

export class EvalOutputError extends MedpsyError {
  constructor(message: string, hint: string) {
    super("EVAL_OUTPUT", message, { hint });
  }
}

/** One bad item in an otherwise sound file (e.g. a gold letter with no option): skipped, reported. */
export class ItemProblem extends DatasetError {}
