/** The prompts and (shape, dtype) cases of the logits parity test, shared with scripts/llama-cpu-builds.ts. */
import type { Dtype, Shape } from "../helpers/models.ts";

export const PROMPTS = [
  "<|im_start|>user\nA 58-year-old man has crushing chest pain radiating to his left arm. What should he do?<|im_end|>\n<|im_start|>assistant\n<think>\n",
  "Metformin 500 mg twice daily; HbA1c 8.2% → 7.1% over 3 months.",
  "The patient's BP was 142/91 mmHg.  \n\n\tNo known drug allergies (NKDA).",
];

export const CASES: Array<{ shape: Shape; dtype: Dtype }> = [
  { shape: "tiny", dtype: "f32" },
  { shape: "tiny", dtype: "f16" },
  { shape: "tiny", dtype: "bf16" },
  { shape: "tiny", dtype: "q8_0" },
  { shape: "tiny", dtype: "q4_k_m" },
  { shape: "small", dtype: "f32" },
  { shape: "small", dtype: "q4_k_m" },
  { shape: "odd", dtype: "f32" },
  { shape: "odd", dtype: "q8_0" },
];
