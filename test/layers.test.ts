/**
 * The import direction, checked on every TypeScript file under src/. Data flows
 * file → formats → model → engine → generate → sdk → cli/server; code may import its own layer
 * and the layers below it, never one above. A failure names the file and the import.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

/** Lowest first. A member is a folder or a file directly under src/. */
const LAYERS: { name: string; members: string[] }[] = [
  { name: "shared", members: ["errors.ts", "event-loop.ts", "version.ts"] },
  { name: "tensor types and quantization", members: ["tensor"] },
  { name: "files", members: ["formats", "hub"] },
  { name: "text", members: ["tokenizer", "chat", "grammar", "sampling"] },
  { name: "kernels", members: ["kernels"] },
  // The architectures implement the engine's forward pass; the engine reaches them only through
  // the registry (see the seam rule below).
  { name: "engine and architectures", members: ["engine", "model"] },
  { name: "generate", members: ["generate"] },
  { name: "safety", members: ["safety"] },
  { name: "sdk", members: ["sdk"] },
  { name: "surfaces", members: ["server", "evals", "bench", "testmodel"] },
  { name: "cli", members: ["cli"] },
  { name: "package entries", members: ["index.ts", "browser.ts"] },
];

/** Who may import src/sdk/ (the goal: the SDK is a top layer, used only by the surfaces). */
const SDK_USERS = ["sdk", "cli", "server", "evals", "index.ts", "browser.ts"];
/** The model files the engine may import: an opened file and the architecture registry. */
const ENGINE_SEAM = ["model/registry.ts", "model/source.ts"];
/** Folders under src/model/ that are not an architecture. */
const MODEL_SHARED = ["common"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "assembly" ? [] : sourceFiles(path); // AssemblyScript: kernels-internal
    return e.name.endsWith(".ts") ? [path] : [];
  });
}

/** Relative specifiers of static imports/exports (statements at line start) and dynamic import()s. */
function importsOf(text: string): string[] {
  const found = [
    ...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm),
    ...text.matchAll(/^import\s*["']([^"']+)["']/gm),
    ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]!);
  return found.filter((s) => s.startsWith("."));
}

/** "sdk", "index.ts", … : the top-level member of src/ a path belongs to. */
const memberOf = (rel: string) => rel.split("/")[0]!;

function layerOf(rel: string): number {
  const i = LAYERS.findIndex((l) => l.members.includes(memberOf(rel)));
  assert.notEqual(i, -1, `src/${rel}: '${memberOf(rel)}' is in no layer of test/layers.test.ts; add it to the layer it belongs to`);
  return i;
}

/** The architecture folder a path is in (model/<arch>/…), or undefined. */
function architectureOf(rel: string): string | undefined {
  const [top, folder, file] = rel.split("/");
  return top === "model" && file !== undefined && !MODEL_SHARED.includes(folder!) ? folder : undefined;
}

/** Every import edge inside src/, as paths relative to src/. */
const edges = sourceFiles(SRC).flatMap((path) => {
  const from = relative(SRC, path).split("\\").join("/");
  return importsOf(readFileSync(path, "utf8")).map((spec) => ({ from, to: relative(SRC, resolve(dirname(path), spec)).split("\\").join("/") }));
});

test("the import scan sees the imports it checks", () => {
  // Guards the scanner itself: known edges of each kind (multi-line, type-only, dynamic) are found.
  const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
  assert.ok(edges.length > 500, `only ${edges.length} imports found under src/`);
  assert.ok(has("sdk/types.ts", "chat/types.ts"), "type-only import");
  assert.ok(has("engine/open.ts", "model/registry.ts"), "value import");
  assert.ok(edges.some((e) => e.from.startsWith("cli/") && e.to.startsWith("evals/")), "dynamic import from the CLI");
  assert.deepEqual(importsOf('import {\n  a,\n  b,\n} from "../x.ts";\nconst y = await import("./y.ts");\nimport "./z.ts";'), ["../x.ts", "./z.ts", "./y.ts"]);
});

test("no layer imports a layer above it", () => {
  const upward = edges
    .filter((e) => !e.to.startsWith(".."))
    .filter((e) => layerOf(e.to) > layerOf(e.from))
    .map((e) => `src/${e.from} (${LAYERS[layerOf(e.from)]!.name}) imports src/${e.to} (${LAYERS[layerOf(e.to)]!.name})`);
  assert.deepEqual(upward, [], `imports against the data flow:\n${upward.join("\n")}`);
});

test("only the CLI, server and evals (and the package entries) import the SDK", () => {
  const outside = edges.filter((e) => memberOf(e.to) === "sdk" && !SDK_USERS.includes(memberOf(e.from))).map((e) => `src/${e.from} imports src/${e.to}`);
  assert.deepEqual(outside, [], `the SDK imported from below it; import from the folder that owns the type instead:\n${outside.join("\n")}`);
});

test("an architecture is one folder under src/model/ that only the registry imports", () => {
  // A new architecture needs no edit in the engine, SDK or server: nothing outside src/model/
  // names one, and the engine reaches model/ only through its seam.
  const wrong = edges
    .filter((e) => {
      const arch = architectureOf(e.to);
      if (arch !== undefined) return e.from !== "model/registry.ts" && architectureOf(e.from) === undefined;
      return memberOf(e.from) === "engine" && memberOf(e.to) === "model" && !ENGINE_SEAM.includes(e.to);
    })
    .map((e) => `src/${e.from} imports src/${e.to}`);
  assert.deepEqual(wrong, [], `architecture specifics outside their folder:\n${wrong.join("\n")}`);
});
