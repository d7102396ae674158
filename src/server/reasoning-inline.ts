/**
 * `reasoning_format: "none"`: the reasoning stays in the answer text inside its think tags, as
 * llama-server leaves it, for clients that parse `<think>` themselves. The opening tag is written
 * even when the chat template opened the block in the prompt, so the text parses on its own.
 */
import type { ChatEvent } from "../sdk/types.ts";

export async function* reasoningInline(events: AsyncIterable<ChatEvent>): AsyncGenerator<ChatEvent> {
  let open = false;
  for await (const ev of events) {
    if (ev.type === "reasoning") {
      yield { type: "content", text: (open ? "" : "<think>\n") + ev.text };
      open = true;
    } else if (ev.type === "content" && open) {
      open = false;
      yield { type: "content", text: "</think>\n\n" + ev.text };
    } else {
      // Closed with no answer after it; a block cut short by the token limit stays open.
      if (ev.type === "done" && open && !ev.reasoningTruncated) yield { type: "content", text: "</think>" };
      yield ev;
    }
  }
}
