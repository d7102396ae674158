/**
 * The chat page follows the answer: in Debian's Chromium, against `startServer` in upstream mode
 * in front of a scripted upstream whose every chunk the test releases (so nothing depends on
 * timing). After several long turns the newest answer is on screen; the reasoning box shows its
 * latest lines while it streams; a user who scrolled up to read is not pulled down, and is
 * followed again once back at the bottom; an answer stopped before the server's disclaimer still
 * gets one, as the CLI shows it under any text the model produced.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { startServer } from "../../src/server/index.ts";

const CHROMIUM = "/usr/bin/chromium";

/** A streaming upstream driven by the test: each request waits for the test's chunks. */
async function puppetUpstream() {
  const waiting: Array<(r: Reply) => void> = [];
  const ready: Reply[] = [];
  interface Reply {
    send(delta: Record<string, unknown>): void;
    end(finish?: "stop" | "length"): void;
    closed: Promise<void>;
  }
  const server = http.createServer((req, res) => {
    if (req.url === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: [{ id: "puppet", context_length: 8192 }] }));
      return;
    }
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const frame = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
      const reply: Reply = {
        send: (delta) => frame({ choices: [{ index: 0, delta, finish_reason: null }] }),
        end: (finish = "stop") => {
          frame({ choices: [{ index: 0, delta: {}, finish_reason: finish }] });
          res.end("data: [DONE]\n\n");
        },
        closed: new Promise<void>((r) => res.on("close", () => r())),
      };
      const w = waiting.shift();
      if (w) w(reply);
      else ready.push(reply);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    next: () => new Promise<Reply>((r) => (ready.length ? r(ready.shift()!) : waiting.push(r))),
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}

const lines = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag} line ${i + 1}.\n\n`);

/** Where the page and the newest turn stand. */
const view = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement!;
    const turns = document.querySelectorAll(".turn.assistant");
    const last = turns[turns.length - 1] as HTMLElement | undefined;
    const box = last?.querySelector(".reasoning-text") as HTMLElement | undefined;
    const answer = last?.querySelector(".answer") as HTMLElement | undefined;
    const composer = document.getElementById("composer")!.getBoundingClientRect();
    return {
      scrollTop: root.scrollTop,
      atBottom: root.scrollHeight - root.scrollTop - root.clientHeight <= 2,
      // The newest answer's last line is visible above the sticky composer.
      answerEndVisible: answer ? answer.getBoundingClientRect().bottom <= composer.top + 2 && answer.getBoundingClientRect().bottom > 0 : false,
      boxAtEnd: box ? box.scrollHeight - box.scrollTop - box.clientHeight <= 2 : false,
      boxScrolls: box ? box.scrollHeight > box.clientHeight : false,
      disclaimer: (last?.querySelector(".disclaimer") as HTMLElement | undefined)?.hidden === false ? last!.querySelector(".disclaimer")!.textContent : null,
      answerText: answer?.textContent ?? "",
    };
  });

/** Waits until the page's scroll position has stayed put for three frames (a wheel may scroll over several). */
const settled = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let last = -1;
        let still = 0;
        const step = () => {
          const top = document.scrollingElement!.scrollTop;
          still = top === last ? still + 1 : 0;
          last = top;
          if (still >= 3) resolve();
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );

/** Waits until the page shows `text` in the newest answer (the page paints once per frame). */
const shows = (page: Page, text: string) =>
  page.waitForFunction((t) => {
    const turns = document.querySelectorAll(".turn.assistant .answer");
    return (turns[turns.length - 1]?.textContent ?? "").includes(t);
  }, text);

test("the chat page follows the answer, shows the reasoning's latest lines, and respects a user who scrolled up", { timeout: 60_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`Debian's chromium is not installed at ${CHROMIUM} (apt-get install chromium); this test never downloads a browser`);
  const up = await puppetUpstream();
  const server = await startServer({ upstream: up.url, port: 0 });
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-smooth-scrolling"] });
  try {
    const page = await browser.newPage({ viewport: { width: 700, height: 600 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => document.getElementById("model-name")!.textContent === "puppet");

    // Three long turns: after each, the newest answer's end is on screen.
    for (let turn = 1; turn <= 3; turn++) {
      await page.fill("#question", `question ${turn}`);
      await page.click("#send");
      const reply = await up.next();
      reply.send({ reasoning_content: "thinking it over\n" });
      for (const l of lines(`answer ${turn}`, 30)) reply.send({ content: l });
      reply.end();
      await page.waitForFunction(() => !(document.getElementById("send") as HTMLButtonElement).disabled);
      const v = await view(page);
      assert.ok(v.atBottom && v.answerEndVisible, `turn ${turn}: the newest answer is on screen ${JSON.stringify(v)}`);
      assert.match(v.disclaimer ?? "", /not a clinician/);
    }

    // A fourth turn: long reasoning fills its box, which keeps showing the latest lines.
    await page.fill("#question", "question 4");
    await page.click("#send");
    const reply = await up.next();
    for (const l of lines("thought", 60)) reply.send({ reasoning_content: l });
    reply.send({ reasoning_content: "last thought\n" });
    await page.waitForFunction(() => [...document.querySelectorAll(".reasoning-text")].at(-1)!.textContent!.includes("last thought"));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    let v = await view(page);
    assert.ok(v.boxScrolls && v.boxAtEnd, `the reasoning box shows its latest lines: ${JSON.stringify(v)}`);
    assert.ok(v.atBottom, "the page follows the growing box");

    // The user scrolls up to read: more answer text does not pull the page down.
    reply.send({ content: "First part of the answer.\n\n" });
    await shows(page, "First part");
    await page.mouse.move(350, 300);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(() => document.scrollingElement!.scrollHeight - document.scrollingElement!.scrollTop - document.scrollingElement!.clientHeight > 100);
    await settled(page);
    const readingAt = (await view(page)).scrollTop;
    for (const l of lines("more", 20)) reply.send({ content: l });
    await shows(page, "more line 20.");
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    v = await view(page);
    assert.equal(v.scrollTop, readingAt, "left where the user was reading");
    assert.equal(v.atBottom, false);

    // Back at the bottom, the page follows again.
    await page.mouse.wheel(0, 100_000);
    await page.waitForFunction(() => document.scrollingElement!.scrollHeight - document.scrollingElement!.scrollTop - document.scrollingElement!.clientHeight <= 2);
    await settled(page);
    for (const l of lines("tail", 20)) reply.send({ content: l });
    await shows(page, "tail line 20.");
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    v = await view(page);
    assert.ok(v.atBottom && v.answerEndVisible, `following again: ${JSON.stringify(v)}`);

    // Stop before the server's disclaimer came: the partial answer still gets the disclaimer.
    await page.click("#stop");
    await reply.closed;
    await page.waitForFunction(() => !(document.getElementById("send") as HTMLButtonElement).disabled);
    v = await view(page);
    assert.match(v.disclaimer ?? "", /not a clinician/, "a stopped answer keeps its disclaimer");

    // Cut off while reasoning, under the default budget: the hint names the budget, not only "raise max tokens".
    await page.fill("#question", "question 5");
    await page.click("#send");
    const cut = await up.next();
    cut.send({ reasoning_content: "still thinking\n" });
    cut.end("length");
    const error = page.locator(".turn.assistant").last().locator(".error");
    await error.waitFor();
    assert.match((await error.textContent()) ?? "", /The reasoning budget \(3000\) could not close the reasoning: closing it adds about 20 tokens of text/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
    await up.close();
  }
});
