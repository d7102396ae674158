/**
 * Our tokenizer and llama.cpp's (node-llama-cpp, vocabulary-only load) of the same GGUF, for the
 * tokenizer parity tests, and the one comparison they all make: detokenizing single ids.
 */
import type { LlamaModel } from "node-llama-cpp";
import { Tokenizer } from "../../src/tokenizer/index.ts";
import { openGguf } from "../../src/formats/gguf/file.ts";
import { testModel, type TestModelSpec } from "./models.ts";
import { referenceLlama } from "./llama.ts";

/** Our tokenizer from a GGUF's metadata. */
export async function tokenizerFromGguf(path: string): Promise<Tokenizer> {
  const g = await openGguf(path);
  try {
    return Tokenizer.fromGgufMetadata((k) => g.metadata.get(k));
  } finally {
    await g.close();
  }
}

/** llama.cpp's vocabulary-only load of a GGUF (dispose it). */
export async function llamaVocab(path: string): Promise<LlamaModel> {
  const llama = await referenceLlama();
  return llama.loadModel({ modelPath: path, vocabOnly: true } as never);
}

/** Both tokenizers of a generated test model. */
export async function bothFromGguf(spec: TestModelSpec): Promise<{ ours: Tokenizer; model: LlamaModel }> {
  const path = await testModel(spec);
  const ours = await tokenizerFromGguf(path);
  return { ours, model: await llamaVocab(path) };
}

/** Each id decoded alone, special pieces shown and skipped: where ours and llama.cpp's differ. */
export function detokenizeMismatches(ours: Tokenizer, model: LlamaModel, ids: readonly number[]): string[] {
  const bad: string[] = [];
  for (const id of ids) {
    for (const special of [false, true]) {
      const a = ours.decode([id], { skipSpecial: !special });
      const b = model.detokenize([id] as never, special);
      if (a !== b) bad.push(`${id} special=${special}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
  return bad;
}

/**
 * One text tokenized by both, special parsing off and on, and (special on) detokenized back by
 * both: where they differ, and our ids with special parsing on.
 */
export function encodeMismatches(ours: Tokenizer, model: LlamaModel, label: string, text: string): { bad: string[]; specialIds: number[] } {
  const bad: string[] = [];
  let specialIds: number[] = [];
  for (const special of [false, true]) {
    const a = ours.encode(text, { special });
    const b = Array.from(model.tokenize(text, special)) as number[];
    if (JSON.stringify(a) !== JSON.stringify(b)) bad.push(`${label} special=${special} ${JSON.stringify(text)}: ${a} vs ${b}`);
    if (!special) continue;
    specialIds = a;
    const d1 = ours.decode(a);
    const d2 = model.detokenize(b as never, true);
    if (d1 !== d2) bad.push(`detokenize ${label} ${JSON.stringify(text)}: ${JSON.stringify(d1)} vs ${JSON.stringify(d2)}`);
  }
  return { bad, specialIds };
}
