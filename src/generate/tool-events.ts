/** With tools: the answer's content events split into content and `tool_call` events (chat/tool-calls.ts). */
import { ToolCallParser } from "../chat/tool-calls.ts";
import type { ChatEvent, ChatOptions } from "./types.ts";

/** Whether this call parses tool calls out of the answer (and lists the tools in the prompt). */
export const usesTools = (o: ChatOptions): boolean => (o.tools?.length ?? 0) > 0 && o.toolChoice !== "none";

const newCallId = () => `call_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;

/** `incremental`: stream the arguments as tool_call_delta events (calls a grammar guarantees; see ToolCallParser). */
export async function* withToolCalls(events: AsyncIterable<ChatEvent>, newId: () => string = newCallId, incremental = false): AsyncGenerator<ChatEvent> {
  const parser = new ToolCallParser(newId, incremental);
  for await (const ev of events) {
    if (ev.type === "content") yield* parser.push(ev.text);
    else if (ev.type === "done") {
      yield* parser.finish();
      yield ev;
    } else yield ev;
  }
}
