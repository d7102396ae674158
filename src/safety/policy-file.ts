/** A safety policy from a JSON file (Node). */
import { readFileSync } from "node:fs";
import { InvalidArgumentError } from "../errors.ts";
import { resolveSafetyPolicy, type SafetyPolicy } from "./policy.ts";

/** A policy from a JSON file. */
export function loadSafetyPolicy(path: string): SafetyPolicy {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new InvalidArgumentError(`cannot read the safety policy ${path}`, { expected: "a JSON file", found: (err as Error).message });
  }
  return resolveSafetyPolicy(json);
}
