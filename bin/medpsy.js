#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built from src/cli by `npm run build`).
import { main } from "../dist/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`medpsy: ${err?.message ?? err}\n`);
    if (err?.hint) process.stderr.write(`hint: ${err.hint}\n`);
    process.exitCode = 1;
  },
);
