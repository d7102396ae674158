#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built from src/cli by `npm run build`).
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(
    `medpsy: warning: this is Node ${process.versions.node}; medpsy needs Node 22 or newer, and some commands may fail\n` +
      "hint: install Node 22+, or inside a clone of the repository run `npx medpsy …` (it uses the Node 24 pinned there)\n",
  );
}
let cli;
try {
  cli = await import("../dist/cli/main.js");
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.message).includes("dist/cli/main.js")) throw err;
  process.stderr.write("medpsy: the CLI is not built (dist/ is missing)\nhint: run `npm run build` (or `npm ci`, which builds) in the repository first\n");
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
