/**
 * A newcomer's first hour, in a fresh clone of this repository: the README's commands, then the
 * CLI steps that once stopped or misled a new user (issue 24), each checked on what it prints.
 * The clone gets this checkout's node_modules by a symlink instead of `npm ci` (no network here)
 * and ../shared (datasets, the card's results) beside it as this checkout has it,
 * builds with `npm run build` as `npm ci` would, and commands run as the README says: `npm run …`
 * and `npx medpsy …`, so the Node they get is the pinned one. `npm test` itself is not run again
 * from inside the suite. Nothing is timed; long generations are cut short with Ctrl-C once they
 * have shown what is checked. The clone holds committed files only: commit before running this.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a shell command line in `cwd` with node_modules/.bin first on PATH (what npm scripts and
 * npx give). `until` sends Ctrl-C (SIGINT) to the command once it says true of the output so far.
 */
function sh(cwd: string, line: string, o: { until?: (stdout: string, stderr: string) => boolean } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env, PATH: [join(cwd, "node_modules", ".bin"), process.env.PATH].join(delimiter), NO_COLOR: "1", npm_config_update_notifier: "false" };
    const child = spawn("/bin/sh", ["-c", o.until ? `exec ${line}` : line], { cwd, env });
    let stdout = "";
    let stderr = "";
    let sent = false;
    const check = () => {
      if (o.until && !sent && o.until(stdout, stderr)) {
        sent = true;
        child.kill("SIGINT");
      }
    };
    child.stdout.on("data", (d) => ((stdout += d), check()));
    child.stderr.on("data", (d) => ((stderr += d), check()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const noStack = (r: Run) => assert.doesNotMatch(r.stdout + r.stderr, /^\s+at |node:internal|Unhandled/m, r.stderr);

test("first hour in a fresh clone: README commands, then the CLI steps of a new user", { timeout: 900_000 }, async (t) => {
  if (!existsSync(join(root, ".git"))) return t.skip("not a git checkout: nothing to clone");
  if ((await sh(root, "npm --version")).code !== 0) return t.skip("npm is not installed: the README's commands need it");
  const home = mkdtempSync(join(tmpdir(), "medpsy-first-hour-"));
  const clone = join(home, "medpsy");
  try {
    const cloned = await sh(home, `git clone --quiet --no-hardlinks "${root}" medpsy`);
    assert.equal(cloned.code, 0, cloned.stderr);
    symlinkSync(join(root, "node_modules"), join(clone, "node_modules"), "dir");
    // The datasets and the card's results live beside the repository, as they do beside this one.
    if (existsSync(join(root, "..", "shared"))) symlinkSync(realpathSync(join(root, "..", "shared")), join(home, "shared"), "dir");

    // README: `npm ci && npm run demo` (npm ci = install + the prepare script, which builds).
    const build = await sh(clone, "npm run build");
    assert.equal(build.code, 0, build.stdout + build.stderr);
    const demo = await sh(clone, "npm run demo");
    assert.equal(demo.code, 0, demo.stderr);
    assert.match(demo.stdout, /wrote \.demo\/medpsy-tiny-q8_0\.gguf: (qwen3 )?tiny q8_0 gguf, seed 1/);
    assert.match(demo.stdout, /architecture\s+qwen3/);
    assert.match(demo.stderr, /\[(stop|length); prompt \d+, reasoning \d+, answer \d+ tokens; [\d.]+ tok\/s\]/);
    assert.doesNotMatch(demo.stderr, /use --max-tokens|left for the answer/, "the demo's own flags raise no warning");
    noStack(demo);
    const model = ".demo/medpsy-tiny-q8_0.gguf";

    // `medpsy` is not on PATH in a clone; `npx medpsy` is, on the pinned Node (no version warning).
    const npx = await sh(clone, "npx --no-install medpsy --version");
    assert.equal(npx.code, 0, npx.stderr);
    assert.match(npx.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.doesNotMatch(npx.stderr, /medpsy: warning: this is Node/);

    const medpsy = (args: string, o?: Parameters<typeof sh>[2]) => sh(clone, `node bin/medpsy.js ${args}`, o);

    // ask with no limits: bounded defaults, said before the answer; Ctrl-C once it is writing.
    const ask = await medpsy(`ask -m ${model} --threads 1 "side effects of metformin?"`, { until: (out, err) => /\[up to /.test(err) && out.length > 20 });
    assert.match(ask.stderr, /\[up to 4,0\d\d new tokens \(default; --max-tokens changes it\), reasoning closed after [\d,]+ \(default; --reasoning-budget changes it\)\]/);
    assert.equal(ask.code, 130, ask.stderr);
    assert.ok(ask.stdout === "" || ask.stdout.endsWith("\n"), "Ctrl-C leaves a fresh line");
    noStack(ask);

    // A budget whose closing sentence cannot fit: </think> alone closes it (said before), and the model answers.
    const tight = await medpsy(`ask -m ${model} --max-tokens 30 --reasoning-budget 10 --seed 1 "side effects of metformin?"`);
    assert.equal(tight.code, 0, tight.stderr);
    assert.match(tight.stderr, /closing the reasoning after 10 tokens: its closing sentence \(\d+ tokens\) does not fit in 30 new tokens, so <\/think> alone closes it/);
    assert.doesNotMatch(tight.stderr, /could not close|no answer was produced|set --reasoning-budget/);

    // eval on a short context: the limit, the results folder and progress are said; the report
    // carries the card's numbers; nothing lands in the clone's tracked files.
    const ev = await medpsy(`eval mmlu_health --limit 1 --runs 1 --threads 1 -m ${model} --context 320`);
    assert.equal(ev.code, 0, ev.stderr);
    assert.match(ev.stderr, /\[results go to medpsy-eval\/medpsy-tiny-q8_0 \(default; --out DIR changes it\)\]/);
    assert.match(ev.stderr, /\[16,384 new tokens per answer do not fit the 320-token context/);
    assert.match(ev.stderr, /eval [^:]+: 6\/6 \(100%\)/);
    assert.match(ev.stdout, /\| MMLU \(health, 6 subsets\) \| \d+\.\d\d \| 89\.70 \| 90\.48 \| 85\.92 \| 67\.69 \| — \|/);
    const report = await medpsy("eval report medpsy-eval/medpsy-tiny-q8_0");
    assert.match(report.stdout, /\| Closed-ended average \| — \| 70\.54 \|/);

    // Failures a user causes: one line and a hint. A reader that goes away is not a crash.
    const triage = await sh(clone, `node bin/medpsy.js triage "my dad's face is drooping and he can't lift his arm" | head -1`);
    assert.equal(triage.stdout, "emergency\n");
    assert.equal(triage.stderr, "");
    const audit = await medpsy("audit verify /nonexistent");
    assert.equal(audit.code, 1);
    assert.match(audit.stderr, /^medpsy: \/nonexistent does not exist\nhint: .+\n$/);
    writeFileSync(join(clone, "empty.gguf"), "");
    const empty = await medpsy("info empty.gguf");
    assert.match(empty.stderr, /^medpsy: empty\.gguf is neither a GGUF file nor a safetensors folder;.* found an empty file \(0 bytes\)\nhint: .+\n$/);
    const help = await medpsy("serve --help");
    assert.match(help.stdout, /--redact-upstream +.*OFF when the upstream is on this machine/);
    for (const r of [audit, empty, help]) noStack(r);

    // What the first hour left behind (demo model, results, node_modules) is ignored by git.
    const status = await sh(clone, "git status --porcelain --untracked-files=all");
    assert.deepEqual(status.stdout.split("\n").filter(Boolean).sort(), ["?? empty.gguf"], "only the file this test made itself");
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
