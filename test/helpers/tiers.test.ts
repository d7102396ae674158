/** The test tiers (scripts/test-tier.js): each file's tier follows from what it uses. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { testFiles, tierOf } from "../../scripts/test-tier.js";

const tier = (f: string) => tierOf(readFileSync(f, "utf8"), f) as string;

test("files land in the tier of what they use; every test file is in exactly one", () => {
  assert.equal(tier("test/parity/greedy.test.ts"), "parity");
  assert.equal(tier("test/tokenizer/parity.test.ts"), "parity");
  assert.equal(tier("test/web/chat-page.test.ts"), "browser");
  // Through a shared helper: the runner in test/helpers/browser.ts, llama.cpp in tokenizer-reference.ts.
  assert.equal(tier("test/web/engine-browser.test.ts"), "browser");
  assert.equal(tier("test/tokenizer/gemma-parity.test.ts"), "parity");
  assert.equal(tier("test/e2e/first-hour.test.ts"), "e2e");
  assert.equal(tier("test/cli/first-steps.test.ts"), "e2e");
  assert.equal(tier("test/evals/report.test.ts"), "fast");
  assert.equal(tier("test/server/api.test.ts"), "fast");
  const all = testFiles("test") as string[];
  assert.ok(all.includes("test/helpers/tiers.test.ts") && all.length > 40);
  assert.ok(all.every((f) => ["parity", "browser", "e2e", "fast"].includes(tier(f))));
});
