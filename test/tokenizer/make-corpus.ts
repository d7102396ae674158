/**
 * Writes test/tokenizer/corpus/corpus.jsonl: ≥ 1,000 labelled strings for tokenizer parity.
 * Deterministic (seeded); regenerate with `node test/tokenizer/make-corpus.ts`, never edit by hand.
 */
import { writeFileSync } from "node:fs";
import { Rng } from "../../src/sampling/rng.ts";

const rng = new Rng(2026, "corpus");
const pick = <T>(xs: readonly T[]): T => xs[rng.nextU32() % xs.length]!;

const MEDICAL = [
  "A 58-year-old man presents with crushing substernal chest pain radiating to the left arm.",
  "Metformin 500 mg PO BID; titrate to 1000 mg BID as tolerated.",
  "HbA1c 8.2% (ref < 5.7%), eGFR 54 mL/min/1.73m², K+ 5.6 mmol/L.",
  "Amoxicillin-clavulanate 875/125 mg q12h × 7 days.",
  "ICD-10 I21.4 (NSTEMI); CPT 93458.",
  "BP 142/91 mmHg, HR 112 bpm, SpO₂ 91% on RA, T 38.9 °C.",
  "Differential: pulmonary embolism vs. pneumonia vs. ACS.",
  "Pt denies SOB, N/V/D; + photophobia, neck stiffness.",
  "Administer epinephrine 0.3 mg IM (1:1000) into the anterolateral thigh.",
  "Troponin I 0.45 ng/mL → 2.1 ng/mL at 3 h.",
  "Warfarin: target INR 2.0–3.0; check INR weekly.",
  "CT head w/o contrast: no acute intracranial hemorrhage.",
  "Salbutamol 2.5 mg nebulised every 20 min ×3.",
  "Child, 18 kg: paracetamol 15 mg/kg = 270 mg q6h (max 4 doses/24h).",
  "Ventricular fibrillation → defibrillate 200 J biphasic; CPR 30:2.",
  "MRI: T2/FLAIR hyperintensity in the left MCA territory.",
  "Hyperkalemia (K⁺ 6.8) with peaked T waves — give calcium gluconate 10%.",
  "Dx: Type 2 diabetes mellitus with diabetic nephropathy (E11.21).",
];
const NUMBERS = ["0", "7", "42", "1234567890", "3.14159", "-0.001", "1e-6", "2,500,000", "1/2", "100%", "99.9th", "24/7", "0x1F", "10⁻³", "٣٤٥", "१२३", "１２３", "Ⅻ", "½"];
const SPACES = [" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n ", "\u00a0", "\u3000", "\u2003", "\t\t\n"];
const CODE = [
  "def dose(weight_kg: float) -> float:\n    return 15 * weight_kg",
  "const bmi = weight / (height ** 2);",
  "SELECT * FROM patients WHERE age > 65;",
  "if (x != null && x.length >= 3) { return x[0]; }",
  "<div class=\"alert\">Allergy: penicillin</div>",
  "{\"hr\": 72, \"bp\": [120, 80]}",
  "for i in range(10):\n\tprint(i)",
  "#include <stdio.h>\nint main(void){return 0;}",
];
const CJK = ["患者主诉头痛三天。", "糖尿病患者应定期检查血糖。", "高血圧の患者さん", "심근경색 증상", "請立即撥打急救電話", "血压 140/90 mmHg"];
const OTHER = ["مرحبا، كيف حالك؟", "ألم في الصدر", "कृपया डॉक्टर से संपर्क करें", "Здравствуйте, у меня болит голова", "Γεια σου", "שלום", "ภาษาไทย", "Xin chào bác sĩ"];
const EMOJI = ["👍", "👍🏽", "👨‍👩‍👧", "❤️", "🤒🤕", "🇺🇸", "🫀🫁", "😷 mask", "🏥🚑"];
const COMBINING = ["café", "cafe\u0301", "e\u0301\u0302", "A\u030a", "Å", "ﬁ", "ǅ", "ẞ", "n\u0303o"];
const BROKEN = ["\ud800", "a\udc00b", "\ud83d", "x\ud83dy", "\uffff", "\ufeffBOM"];
const SPECIAL = ["<|im_start|>", "<|im_end|>", "<think>", "</think>", "<|endoftext|>", "<tool_call>", "</s>", "<|im_st", "<think", "<|fim_prefix|>", "[PAD151700]"];
const CONTRACTIONS = ["don't", "DON'T", "it'S", "we'll", "I'M", "they've", "she'd", "y'all", "o'clock", "'s", "rock 'n' roll"];

const cases: Array<{ label: string; text: string }> = [];
const add = (label: string, text: string) => cases.push({ label, text });

for (const m of MEDICAL) add("medical", m);
for (const n of NUMBERS) add("numbers", n);
for (const s of SPACES) add("whitespace", s), add("whitespace", `a${s}b`), add("whitespace", `${s}lead`), add("whitespace", `trail${s}`);
for (const c of CODE) add("code", c);
for (const c of CJK) add("cjk", c);
for (const o of OTHER) add("scripts", o);
for (const e of EMOJI) add("emoji", e), add("emoji", `pain ${e} level`);
for (const c of COMBINING) add("non-nfc", c), add("non-nfc", `The ${c} test`);
for (const b of BROKEN) add("broken-utf8", b);
for (const s of SPECIAL) add("special", s), add("special", `before ${s} after`), add("special", `x${s}${s}y`);
for (const c of CONTRACTIONS) add("contractions", c), add("contractions", `I said ${c} twice`);

// Seeded mixtures of the fragments above, so the corpus covers their boundaries too.
const pools: Array<[string, readonly string[]]> = [
  ["medical", MEDICAL], ["numbers", NUMBERS], ["whitespace", SPACES], ["code", CODE], ["cjk", CJK], ["scripts", OTHER],
  ["emoji", EMOJI], ["non-nfc", COMBINING], ["broken-utf8", BROKEN], ["special", SPECIAL], ["contractions", CONTRACTIONS],
];
while (cases.length < 1100) {
  const parts = 2 + (rng.nextU32() % 4);
  const labels = new Set<string>();
  let text = "";
  for (let i = 0; i < parts; i++) {
    const [label, pool] = pick(pools);
    labels.add(label);
    text += pick(pool) + pick(["", " ", "\n", "  ", "\t", ", "]);
  }
  add(`mixed:${[...labels].sort().join("+")}`, text);
}
// A long run (whitespace and digits) to exercise long pre-tokens.
add("long", "9".repeat(500) + " ".repeat(300) + "a".repeat(400));

const out = new URL("./corpus/corpus.jsonl", import.meta.url);
writeFileSync(out, cases.map((c) => JSON.stringify(c)).join("\n") + "\n");
console.log(`wrote ${cases.length} cases to ${out.pathname}`);
