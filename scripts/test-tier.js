// Runs one tier of the test suite: `node scripts/test-tier.js fast|parity|browser|e2e|all [--list] [node --test flags]`.
// A test file's tier follows from what it uses, so a new file lands in the right one without a list:
//   parity   compares with llama.cpp (imports test/helpers/llama.ts or node-llama-cpp)
//   browser  drives Chromium (imports playwright-core)
//   e2e      runs the built CLI or package (bin/medpsy.js, dist/, `import … from "medpsy"`): needs `npm run build`
//   fast     everything else: unit and in-process integration tests, no build needed
// A file uses what the test helpers it imports use (followed through relative imports under
// test/), so sharing setup in a helper does not move a test out of its tier.
// The first tier that matches wins, in that order.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

const TIERS = ["parity", "browser", "e2e", "fast"];
const RULES = {
  parity: /helpers\/llama(\.ts)?["']|from "node-llama-cpp"/,
  browser: /playwright-core/,
  e2e: /bin\/medpsy\.js|["'`]\.\.\/\.\.\/dist\/|from "medpsy"|import\("medpsy"\)/,
};

/** The tier of a source text, or of the file at `path` together with the test helpers it imports. */
export function tierOf(source, path) {
  const text = path ? usedSource(path, source) : source;
  for (const tier of ["parity", "browser", "e2e"]) if (RULES[tier].test(text)) return tier;
  return "fast";
}

/** A test file's text joined with that of every file under test/ it imports, transitively. */
function usedSource(path, source, seen = new Set()) {
  seen.add(resolve(path));
  let text = source;
  for (const [, spec] of source.matchAll(/from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
    const dep = resolve(dirname(path), spec);
    if (seen.has(dep) || !dep.startsWith(resolve("test")) || !existsSync(dep)) continue;
    text += "\n" + usedSource(dep, readFileSync(dep, "utf8"), seen);
  }
  return text;
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
  const files = testFiles("test").sort().filter((f) => tier === "all" || tierOf(readFileSync(f, "utf8"), f) === tier);
  if (rest.includes("--list")) {
    for (const f of files) process.stdout.write(`${tierOf(readFileSync(f, "utf8"), f).padEnd(8)} ${f}\n`);
    process.exit(0);
  }
  const flags = rest.length ? rest : ["--test-concurrency=2"];
  const r = spawnSync(process.execPath, ["--test", ...flags, ...files], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
