/**
 * A small, strict argument parser shared by every CLI command: unknown flags and missing
 * values are errors (with the list of accepted flags), never silently ignored.
 */
import { InvalidArgumentError } from "../errors.ts";

export interface FlagSpec {
  /** "string" takes a value, "boolean" does not; "number" takes a value parsed as a finite number. */
  type: "string" | "number" | "boolean";
  /** One-letter alias, e.g. "m" for --model. */
  short?: string;
  /** May be given several times; values collect into an array. */
  multiple?: boolean;
  description?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedArgs {
  flags: Record<string, string | number | boolean | Array<string | number>>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], specs: FlagSpecs, command: string): ParsedArgs {
  const flags: ParsedArgs["flags"] = {};
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) byShort.set(spec.short, name);
  const accepted = () => Object.keys(specs).map((n) => `--${n}`).join(", ") || "(none)";

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else {
      const long = byShort.get(arg.slice(1));
      if (!long) throw unknownFlag(arg, command, accepted());
      name = long;
    }
    const spec = specs[name];
    if (!spec) throw unknownFlag(arg, command, accepted());
    let value: string | number | boolean;
    if (spec.type === "boolean") {
      if (inline !== undefined && inline !== "true" && inline !== "false") {
        throw new InvalidArgumentError(`--${name} is a switch`, { expected: "no value, or =true/=false", found: inline });
      }
      value = inline !== "false";
    } else {
      const raw = inline ?? argv[++i];
      if (raw === undefined) {
        throw new InvalidArgumentError(`--${name} needs a value`, {
          found: "the end of the command line",
          hint: `${command} --${name} <${spec.type}>`,
        });
      }
      if (spec.type === "number") {
        const n = Number(raw);
        if (raw.trim() === "" || !Number.isFinite(n)) {
          throw new InvalidArgumentError(`--${name} takes a number`, { found: JSON.stringify(raw) });
        }
        value = n;
      } else value = raw;
    }
    if (spec.multiple) {
      const list = (flags[name] as Array<string | number> | undefined) ?? [];
      list.push(value as string | number);
      flags[name] = list;
    } else flags[name] = value;
  }
  return { flags, positionals };
}

function unknownFlag(arg: string, command: string, accepted: string): InvalidArgumentError {
  return new InvalidArgumentError(`unknown option ${arg} for \`medpsy ${command}\``, {
    expected: `one of ${accepted}`,
    found: arg,
    hint: `run \`medpsy ${command} --help\``,
  });
}

/** The flags and their descriptions, one per line, for a command's --help. */
export function flagHelp(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => [`${s.short ? `-${s.short}, ` : "    "}--${name}${s.type === "boolean" ? "" : ` <${s.type === "number" ? "N" : "value"}>`}`, s.description ?? ""] as const);
  const width = Math.min(34, Math.max(...rows.map(([f]) => f.length)));
  return rows.map(([f, d]) => (d ? `  ${f.padEnd(width)}  ${d}` : `  ${f}`)).join("\n") + "\n";
}
