/** The chat vocabulary: who speaks and what a message holds. Rendered by ./template.ts. */

export type Role = "system" | "user" | "assistant" | "tool";

export interface ChatMessage {
  role: Role;
  content: string;
  /** Earlier reasoning of an assistant turn; templates decide whether it is kept. */
  reasoning_content?: string;
}

export interface RenderOptions {
  addGenerationPrompt?: boolean;
  enableThinking?: boolean;
}
