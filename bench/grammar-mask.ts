/**
 * Constrained decoding's cost per token against a decode step, in one process: the grammar mask
 * (src/grammar: the vocabulary trie walked with the matcher) for each token of a realistic JSON
 * answer, interleaved with decode steps of the model on the same tokens, so both see the same
 * load. Prints the trie build time, the mask's median / p90 / max per token, the decode step's
 * median, and the ratio. Run on a quiet machine:
 *   node bench/grammar-mask.ts [--model FILE.gguf] [--threads 2] [--rounds 3] [--gbnf]
 * --gbnf: the same answer under a GBNF grammar for JSON (llama.cpp's json.gbnf, written out
 * below) instead of the schema, i.e. the GBNF path's cost (character classes, nullable ws, rules).
 * Without --model: the tiny generated model (its vocabulary is Qwen3's, so the mask cost is the
 * real one; its decode step is far cheaper than a MedPsy shape's).
 */
import { parseArgs } from "node:util";
import { loadModel, compileGrammar } from "../src/index.ts";
import { GrammarMatcher, tokenTrie } from "../src/grammar/index.ts";
import type { Tokenizer } from "../src/tokenizer/index.ts";
import { testModel } from "../test/helpers/models.ts";

const { values } = parseArgs({ options: { model: { type: "string" }, threads: { type: "string", default: "2" }, rounds: { type: "string", default: "3" }, gbnf: { type: "boolean", default: false } } });
const path = values.model ?? (await testModel({ shape: "tiny", dtype: "q8_0" }));
const model = await loadModel(path, { threads: Number(values.threads), contextLength: 1024 });
const tokenizer = (model as unknown as { core: { tokenizer: Tokenizer } }).core.tokenizer;

const schema = {
  type: "object",
  properties: {
    patient: { type: "string", maxLength: 60 },
    age: { type: "integer", minimum: 0, maximum: 120 },
    triage: { enum: ["routine", "urgent", "emergency"] },
    vitals: { type: "object", properties: { temp_c: { type: "number" }, hr: { type: "integer" } }, required: ["temp_c", "hr"], additionalProperties: false },
    meds: { type: "array", items: { type: "string" } },
    summary: { type: "string" },
  },
  required: ["patient", "age", "triage", "vitals", "meds", "summary"],
  additionalProperties: false,
};
const answer = JSON.stringify({
  patient: "Ann Lee",
  age: 67,
  triage: "emergency",
  vitals: { temp_c: 38.4, hr: 112 },
  meds: ["metformin 500 mg", "ramipril 5 mg"],
  summary: "Sudden weakness of the left arm and slurred speech for 40 minutes; suspected stroke, call emergency services now.",
}, null, 2);
const ids = tokenizer.encode(answer);

let t0 = performance.now();
const trie = tokenTrie(tokenizer);
const buildMs = performance.now() - t0;
const JSON_GBNF = String.raw`root   ::= object
value  ::= object | array | string | number | ("true" | "false" | "null") ws
object ::= "{" ws ( string ":" ws value ("," ws string ":" ws value)* )? "}" ws
array  ::= "[" ws ( value ("," ws value)* )? "]" ws
string ::= "\"" ( [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4}) )* "\"" ws
number ::= ("-"? ([0-9] | [1-9] [0-9]{0,15})) ("." [0-9]+)? ([eE] [-+]? [0-9] [1-9]{0,15})? ws
ws ::= | " " | "\n" [ \t]{0,20}
`;
const grammar = values.gbnf ? compileGrammar(JSON_GBNF) : compileGrammar({ type: "json_schema", schema });
const allowed = new Uint8Array(tokenizer.vocabSize);
const mask: number[] = [];
const decode: number[] = [];
const seqModel = model.createSession();
for (let round = 0; round < Number(values.rounds); round++) {
  const matcher = new GrammarMatcher(grammar, trie);
  // Interleaved: a mask, then a decode step of the model on the same token.
  const it = seqModel.generate(await seqModel.prepare("Patient record:"), { maxTokens: ids.length, temperature: 0 })[Symbol.asyncIterator]();
  for (const id of ids) {
    t0 = performance.now();
    matcher.fillAllowed(allowed);
    mask.push(performance.now() - t0);
    if (!matcher.accept(id)) throw new Error(`the answer's token ${id} does not fit the grammar`);
    t0 = performance.now();
    const r = await it.next();
    decode.push(performance.now() - t0);
    if (r.done) break;
  }
  await it.return?.(undefined);
}
const q = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!;
console.log(`model: ${path} (vocabulary ${tokenizer.vocabSize}), ${ids.length} answer tokens x ${values.rounds} rounds, grammar: ${values.gbnf ? "GBNF json" : "JSON Schema"}`);
console.log(`trie build (once per tokenizer): ${buildMs.toFixed(0)} ms, ${trie.byte.length} nodes`);
console.log(`mask per token: median ${q(mask, 0.5).toFixed(2)} ms, p90 ${q(mask, 0.9).toFixed(2)} ms, max ${Math.max(...mask).toFixed(2)} ms`);
console.log(`decode step (event to event): median ${q(decode, 0.5).toFixed(2)} ms`);
console.log(`mask / decode (medians): ${(q(mask, 0.5) / q(decode, 0.5)).toFixed(3)}`);
await model.close();
