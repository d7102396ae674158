/** A GGUF file as a ModelSource: metadata → config and tokenizer, tensor infos → readers. */
import { mdNumber, mdString, type GgufFile } from "../formats/gguf/open.ts";
import { Tokenizer } from "../tokenizer/index.ts";
import { InvalidModelConfigError } from "./errors.ts";
import { architectureFor } from "./registry.ts";
import type { TensorEntry } from "./tensor-table.ts";
import type { ModelSource } from "./source.ts";

/** A GGUF file on disk (Node). */
export async function openGgufSource(path: string): Promise<ModelSource> {
  const { openGguf } = await import("../formats/gguf/file.ts");
  return ggufModelSource(await openGguf(path));
}

/**
 * An opened GGUF (from a file, a Blob or bytes) as a ModelSource, which owns it from here: closes
 * it on failure, and moves its tokenizer arrays out of `g.metadata` into the Tokenizer.
 */
export async function ggufModelSource(g: GgufFile): Promise<ModelSource> {
  const path = g.path;
  try {
    const get = (key: string) => g.metadata.get(key);
    const tokens = get("tokenizer.ggml.tokens");
    const vocabSize = Array.isArray(tokens) ? tokens.length : 0;
    const arch = get("general.architecture");
    if (typeof arch !== "string") throw new InvalidModelConfigError('missing "general.architecture"', { expected: "a string", found: String(arch) });
    const config = architectureFor(arch).configFromGguf(get, { vocabSize, hasOutput: g.tensors.some((t) => t.name === "output.weight") });
    const tokenizer = Tokenizer.fromGgufMetadata(get);
    // The tokenizer holds its own compact copy; the parsed arrays (~300k JS strings) can go.
    for (const key of ["tokenizer.ggml.tokens", "tokenizer.ggml.merges", "tokenizer.ggml.token_type"]) g.metadata.delete(key);
    const tensors = new Map<string, TensorEntry>();
    for (const info of g.tensors) {
      tensors.set(info.name, {
        name: info.name,
        type: info.type,
        dims: info.dims,
        byteLength: info.byteLength,
        read: (into) => g.readTensor(info, into),
      });
    }
    // Sampling defaults some converters store (llama.cpp's general.sampling.* keys).
    const sampling = {
      temperature: mdNumber(g.metadata, "general.sampling.temp"),
      topK: mdNumber(g.metadata, "general.sampling.top_k"),
      topP: mdNumber(g.metadata, "general.sampling.top_p"),
      minP: mdNumber(g.metadata, "general.sampling.min_p"),
    };
    return {
      format: "gguf",
      path,
      fileSize: g.fileSize,
      name: mdString(g.metadata, "general.name"),
      config,
      tensors,
      tokenizer,
      chatTemplate: mdString(g.metadata, "tokenizer.chat_template"),
      sampling,
      extraEndTokens: [],
      close: () => g.close(),
    };
  } catch (err) {
    await g.close();
    throw err;
  }
}
