/**
 * The grammar of a forced tool call in Qwen3's (Hermes') format:
 * `<tool_call>\n{"name": "<function>", "arguments": <object valid against its parameters>}\n</tool_call>`,
 * once, or repeated on new lines for parallel calls. Used for tool_choice "required" and a named
 * function, so that even a weak model's call parses and its arguments match the schema.
 */
import type { ToolDefinition } from "../chat/types.ts";
import { GrammarSchemaError } from "./errors.ts";
import { Grammar } from "./index.ts";
import { compileJsonSchema } from "./json-schema.ts";
import { bytesOf, type GNode } from "./nodes.ts";

/** Calls in one answer at most with parallel calls on (a bound, so a weak model cannot call forever). */
export const MAX_PARALLEL_CALLS = 8;

const lit = (text: string): GNode => ({ k: "lit", values: [bytesOf(text)] });

/** One call of one of `tools`; with `parallel`, up to MAX_PARALLEL_CALLS of them. Throws GrammarSchemaError naming the tool. */
export function toolCallGrammar(tools: readonly ToolDefinition[], parallel: boolean): Grammar {
  const call: GNode = { k: "seq", items: [lit("<tool_call>\n"), callObject(tools), lit("\n</tool_call>")] };
  if (!parallel) return new Grammar(call);
  return new Grammar({ k: "rep", item: call, next: { k: "seq", items: [lit("\n"), call] }, min: 1, max: MAX_PARALLEL_CALLS });
}

/**
 * What follows a `<tool_call>` the model wrote of its own accord (tool_choice "auto"): the call's
 * JSON and the closing tag, so a call it starts always parses and matches its schema.
 */
export function toolCallRest(tools: readonly ToolDefinition[]): Grammar {
  return new Grammar({ k: "seq", items: [lit("\n"), callObject(tools), lit("\n</tool_call>")] });
}

/** `{"name": <one of the tools>, "arguments": <its parameters>}`. */
function callObject(tools: readonly ToolDefinition[]): GNode {
  const calls: GNode[] = tools.map((t, i) => {
    let args: GNode;
    try {
      args = compileJsonSchema(t.function.parameters ?? { type: "object" });
    } catch (err) {
      if (err instanceof GrammarSchemaError) throw new GrammarSchemaError(err.keyword, `tools[${i}].function.parameters${err.path.slice(1)}`, err.message.replace(/ \(at [^)]*\)$/, ""));
      throw err;
    }
    const keyIndex = new Map([[bytesOf("name"), 0], [bytesOf("arguments"), 1]]);
    return {
      k: "obj",
      props: [
        { key: bytesOf("name"), node: lit(JSON.stringify(t.function.name)), required: true },
        { key: bytesOf("arguments"), node: args, required: true },
      ],
      additional: null,
      keyIndex,
    };
  });
  return calls.length === 1 ? calls[0]! : { k: "alt", options: calls };
}
