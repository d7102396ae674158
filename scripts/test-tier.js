// Runs one tier of the test suite: `node scripts/test-tier.js fast|parity|browser|e2e|all [--list] [node --test flags]`.
// A test file's tier follows from what it uses, so a new file lands in the right one without a list:
//   parity   compares with llama.cpp (imports test/helpers/llama.ts or node-llama-cpp)
//   browser  drives Chromium (imports playwright-core)
//   e2e      runs the built CLI or package (bin/medpsy.js, dist/, `import … from "medpsy"`): needs `npm run build`
//   fast     everything else: unit and in-process integration tests, no build needed
// The first tier that matches wins, in that order.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

const TIERS = ["parity", "browser", "e2e", "fast"];
const RULES = {
  parity: /helpers\/llama(\.ts)?["']|from "node-llama-cpp"/,
  browser: /playwright-core/,
  e2e: /bin\/medpsy\.js|["'`]\.\.\/\.\.\/dist\/|from "medpsy"|import\("medpsy"\)/,
};

export function tierOf(source) {
  for (const tier of ["parity", "browser", "e2e"]) if (RULES[tier].test(source)) return tier;
  return "fast";
}

export function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith(".") || e.name === "node_modules" ? [] : testFiles(p);
    return e.name.endsWith(".test.ts") ? [p] : [];
  });
}

function main() {
  const [tier = "fast", ...rest] = process.argv.slice(2);
  if (tier !== "all" && !TIERS.includes(tier)) {
    process.stderr.write(`unknown tier "${tier}": expected ${TIERS.join(", ")} or all\n`);
    process.exit(2);
  }
  const files = testFiles("test").sort().filter((f) => tier === "all" || tierOf(readFileSync(f, "utf8")) === tier);
  if (rest.includes("--list")) {
    for (const f of files) process.stdout.write(`${tierOf(readFileSync(f, "utf8")).padEnd(8)} ${f}\n`);
    process.exit(0);
  }
  const flags = rest.length ? rest : ["--test-concurrency=2"];
  const r = spawnSync(process.execPath, ["--test", ...flags, ...files], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
