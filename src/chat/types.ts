/** The chat vocabulary: who speaks and what a message holds. Rendered by ./template.ts. */

export type Role = "system" | "user" | "assistant" | "tool";

export interface ChatMessage {
  role: Role;
  content: string;
  /** Earlier reasoning of an assistant turn; templates decide whether it is kept. */
  reasoning_content?: string;
  /** An assistant turn's calls of tools (rendered back by the template). */
  tool_calls?: ToolCall[];
  /** A tool turn: the call it answers. */
  tool_call_id?: string;
  /** A tool turn: the function's name. */
  name?: string;
}

/** A function the model may call, as OpenAI's API and Qwen3's template describe it. */
export interface ToolDefinition {
  type: "function";
  function: {
    name: string;
    description?: string;
    /** JSON Schema of the arguments object; absent means any object. */
    parameters?: Record<string, unknown>;
    strict?: boolean;
  };
}

/** A call the model made: `arguments` is JSON text (never executed here). */
export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** auto: the model decides; none: no call; required: at least one call; a name: that function. */
export type ToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

export interface RenderOptions {
  addGenerationPrompt?: boolean;
  enableThinking?: boolean;
  /** Tools the template lists for the model (Qwen3: a system section with their signatures). */
  tools?: ToolDefinition[];
}
