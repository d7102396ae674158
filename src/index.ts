/**
 * medpsy — the public API. Everything a user imports comes from here.
 *
 * @example
 * ```ts
 * import { loadModel } from "medpsy";
 *
 * const model = await loadModel("MedPsy-1.7B-Q4_K_M.gguf");
 * for await (const ev of model.chat([{ role: "user", content: "What are the signs of sepsis?" }])) {
 *   if (ev.type === "reasoning") process.stderr.write(ev.text);   // the think block
 *   if (ev.type === "content") process.stdout.write(ev.text);     // the answer
 *   if (ev.type === "triage" && ev.level === "emergency") console.warn(ev.reasons);
 *   if (ev.type === "done") console.log(ev.stopReason, ev.usage);
 * }
 * await model.close();
 * ```
 */
export { loadModel, inspectModel, DEFAULT_CONTEXT } from "./sdk/load.ts";
export { CARD_DEFAULTS, CARD_MAX_NEW_TOKENS } from "./sdk/model-core.ts";
// Every public SDK type (sdk/types.ts re-exports the vocabulary of the layers that own it).
export type * from "./sdk/types.ts";
export { MedpsyError, InvalidArgumentError, ContextOverflowError, ModelClosedError } from "./errors.ts";
export { compileGrammar, Grammar, GrammarSchemaError, GrammarDeadEndError, GrammarSyntaxError, GrammarAmbiguityError, type GrammarSpec } from "./grammar/index.ts";
export {
  UnsupportedArchitectureError,
  InvalidModelConfigError,
  MissingTensorError,
  TensorShapeMismatchError,
  UnsupportedTensorTypeError,
  UnexpectedTensorError,
} from "./model/errors.ts";
export { IncompleteModelFolderError, ModelNotFoundError, UnknownModelFormatError } from "./model/source.ts";
export { version } from "./version.ts";

// Building blocks, for integrators who need one piece without the whole engine.
export { Tokenizer, StreamDecoder } from "./tokenizer/index.ts";
export { UnsupportedTokenizerError, InvalidTokenizerError, TokenIdError } from "./tokenizer/errors.ts";
export { renderChatTemplate, promptEndsInsideThink, ChatTemplateError } from "./chat/template.ts";
export { ReasoningParser, splitReasoning } from "./chat/reasoning-parser.ts";
export { createSampler, type TokenSampler } from "./sampling/sampler.ts";
export { StopStringMatcher } from "./generate/stop-strings.ts";
export { openGguf, type GgufFile } from "./formats/gguf/file.ts";
export { writeGguf } from "./formats/gguf/writer.ts";
export {
  GgufBadMagicError,
  GgufUnsupportedVersionError,
  GgufTruncatedError,
  GgufLimitError,
  GgufInvalidValueError,
  GgufTensorError,
  GgufMetadataError,
} from "./formats/gguf/errors.ts";
export { SafetensorsHeaderError, SafetensorsDtypeError, SafetensorsIndexError } from "./formats/safetensors/errors.ts";
export { InvalidTensorDataError } from "./model/validate-data.ts";
export { estimateMemory, InsufficientMemoryError, type MemoryEstimate } from "./sdk/memory.ts";
export { makeTestModel, SHAPES, type TestModelOptions } from "./testmodel/index.ts";
export { createWasmKernels, WasmMemoryLimitError, WasmUnavailableError, WasmUnsupportedTypeError } from "./kernels/wasm/index.ts";
export { createRefKernels } from "./kernels/ref/index.ts";
export type { Kernels, WeightHandle } from "./kernels/types.ts";
export { triage, applySafety, resolveSafetyPolicy, loadSafetyPolicy, defaultSafetyPolicy, referralMessage, type SafetyPolicy, type TriageResult } from "./safety/index.ts";

// Surfaces: the OpenAI-compatible server, the model hub cache, the evaluation harness.
export { startServer, InsecureBindError, stripSafetyNotices, type ServerOptions, type RunningServer } from "./server/index.ts";
export {
  pullModel,
  listModelFiles,
  resolveModel,
  parseModelSpec,
  listCached,
  defaultCacheDir,
  KNOWN_MODELS,
  HubUnreachableError,
  HubNotFoundError,
  HubAuthError,
  HubIntegrityError,
  HubDownloadError,
  DiskSpaceError,
  type PullOptions,
  type PullResult,
  type RepoListing,
} from "./hub/index.ts";
export { runEvaluation, summarize, extractAnswer, extractFromRaw, scoreHealthBench, markdownReport, htmlReport, BENCHMARKS, CARD_SAMPLING, DatasetError, DatasetNotFoundError, type EvaluationOptions, type EvalSummary } from "./evals/index.ts";
export { redactPhi, restoreRedacted, AuditLog, verifyAuditLog, type AuditPolicy } from "./safety/index.ts";
