/**
 * The architectures beside Qwen3 (src/model/*) against llama.cpp: which generated files, and
 * which prompts. Gemma 3's small shapes slide a 16/32-position window with one global layer in
 * six (`small` adds linear RoPE scaling on it), so every prompt here is longer than the window
 * and the greedy runs move the window layers' caches on (test/parity/architecture.test.ts).
 */
import type { Dtype, Shape } from "../helpers/models.ts";

export type Arch = "qwen2" | "gemma3";

export const ARCH_CASES: Array<{ arch: Arch; shape: Shape; dtype: Dtype }> = [
  { arch: "gemma3", shape: "tiny", dtype: "f32" },
  { arch: "gemma3", shape: "small", dtype: "f32" },
  { arch: "gemma3", shape: "tiny", dtype: "q8_0" },
  { arch: "gemma3", shape: "tiny", dtype: "q4_k_m" },
  { arch: "qwen2", shape: "tiny", dtype: "f32" },
  { arch: "qwen2", shape: "tiny", dtype: "q8_0" },
  { arch: "qwen2", shape: "small", dtype: "q4_k_m" },
];

/** Raw prompts (the chat ones are rendered with each model's own template). */
export const RAW_PROMPTS = [
  "Metformin 500 mg twice daily; HbA1c 8.2% → 7.1% over 3 months. The patient's BP was 142/91 mmHg. No known drug allergies (NKDA).",
  "Differential diagnosis of acute abdominal pain in a 34-year-old woman: appendicitis, ectopic pregnancy, ovarian torsion, pyelonephritis, and",
];

export const CHAT = [
  { role: "system" as const, content: "You are a careful clinical assistant. Answer briefly and say when to seek urgent care." },
  { role: "user" as const, content: "A 58-year-old man has crushing chest pain radiating to his left arm and is sweating. What should he do right now?" },
];
