/**
 * medpsy in the browser: the same engine, loaded from a File, Blob or bytes (no Node APIs).
 * Threads need a cross-origin isolated page (COOP: same-origin, COEP: require-corp).
 *
 * @example
 * ```ts
 * import { loadModelFromBytes } from "medpsy/browser";
 * const file = (document.querySelector("input[type=file]") as HTMLInputElement).files![0]!;
 * const model = await loadModelFromBytes(file, { threads: navigator.hardwareConcurrency });
 * for await (const ev of model.chat([{ role: "user", content: "What are the signs of dehydration?" }])) {
 *   if (ev.type === "content") output.append(ev.text);
 * }
 * ```
 */
export { loadModelFromBytes } from "./sdk/load-bytes.ts";
export { DEFAULT_CONTEXT } from "./sdk/build-model.ts";
export { CARD_DEFAULTS, CARD_MAX_NEW_TOKENS } from "./sdk/model-core.ts";
// The same public SDK types as the Node entry (src/index.ts).
export type * from "./sdk/types.ts";
export { MedpsyError, InvalidArgumentError, ContextOverflowError, ModelClosedError } from "./errors.ts";
export { triage } from "./safety/triage.ts";
export { resolveSafetyPolicy, defaultSafetyPolicy, type SafetyPolicy } from "./safety/policy.ts";
export { redactPhi, restoreRedacted } from "./safety/phi/redact.ts";
export { version } from "./version.ts";
