// Copies the non-TypeScript files the build needs (the web chat page) from src/ into dist/.
import { cpSync, existsSync } from "node:fs";

const ASSETS = [["src/server/web", "dist/server/web"]];
for (const [from, to] of ASSETS) {
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}
