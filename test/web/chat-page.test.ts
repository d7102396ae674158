/**
 * The web chat page in Debian's Chromium (playwright-core, headless, no sandbox, no background
 * networking) against a real `startServer` on the generated tiny model, with an API key, one slot
 * and no queue. A MutationObserver in the page records each step of the streaming turn, so the
 * order is checked, not just the end state: reasoning streams into an open panel, the panel folds
 * when the answer starts, an emergency's referral banner is up before any model text. Also: the
 * disclaimer and token readout, the request the page sends (multi-turn without notices or
 * reasoning, settings, key), a real 429 shown as "retry in N s", Stop, New conversation, a
 * 375 px screen, the keyboard. A screenshot is kept in test/artifacts/.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadModel } from "../../src/index.ts";
import { testModel } from "../helpers/models.ts";
import { tinyServer } from "../server/helpers.ts";
import { recordTurns, setSettings, turnStates, type TurnState } from "./page-helpers.ts";

const CHROMIUM = "/usr/bin/chromium";
const KEY = "web-test-key-1234";
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));

test("chat page against the real server: stream order, safety banners, key, 429, stop, new conversation, phone, keyboard", { timeout: 60_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`Debian's chromium is not installed at ${CHROMIUM} (apt-get install chromium); this test never downloads a browser`);
  // A longer context than the helper's default, so a generation that holds the slot lasts seconds.
  const model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 2048, threads: 1 });
  const srv = await tinyServer({ parallel: 1, queue: 0, apiKey: KEY }, model);
  const url = srv.server.url;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    const external: string[] = [];
    const requests: { body: any; auth: string | undefined }[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(url)) external.push(r.url());
      if (r.url().endsWith("/v1/chat/completions")) requests.push({ body: r.postDataJSON(), auth: r.headers().authorization });
    });
    // The expected 401 (before the key) and 429 show up as console errors of the browser itself.
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && !/status of (401|429)\b/.test(m.text()) && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    const prompts: string[] = [];
    page.on("dialog", (d) => {
      prompts.push(d.type());
      void d.accept(KEY);
    });

    // The key is asked for once, then the model name shows.
    await page.goto(`${url}/`);
    await page.waitForFunction(() => document.getElementById("model-name")!.textContent !== "connecting…");
    assert.equal(await page.textContent("#model-name"), srv.server.modelName);
    assert.deepEqual(prompts, ["prompt"]);
    await recordTurns(page);

    // 1. An ordinary question, sent with Enter: reasoning streams into the open panel, then the
    //    answer streams and the panel folds; the disclaimer and the token readout follow.
    await setSettings(page, { max_tokens: "40", reasoning_budget: "8", seed: "7" });
    await page.fill("#question", "What is a normal resting heart rate?");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".turn.assistant .stats:not(:empty)", { timeout: 30_000 });
    const first = page.locator(".turn.assistant").nth(0);
    const s1 = await turnStates(page, 1);
    assert.ok(s1.some((s) => s.reasoning > 0 && s.open && s.answer === 0), "reasoning streamed while the panel was open");
    const last1 = s1.at(-1)!;
    assert.ok(last1.answer > 0 && !last1.open, `the answer got text and the panel folded: ${JSON.stringify(last1)}`);
    assert.match((await first.locator(".reasoning-count").textContent()) ?? "", /^\(\d+ tokens\)$/);
    assert.match((await first.locator(".stats").textContent()) ?? "", /\d+ tokens · [\d.]+ tok\/s/);
    const disclaimer = (await first.locator(".disclaimer").textContent()) ?? "";
    assert.match(disclaimer, /not a clinician/);
    assert.equal(await first.locator(".triage").isHidden(), true);
    assert.equal(await page.isEnabled("#send"), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "question", "focus returns to the question box");
    const req1 = requests[0]!;
    assert.equal(req1.auth, `Bearer ${KEY}`);
    assert.deepEqual(
      { stream: req1.body.stream, opts: req1.body.stream_options, medpsy: req1.body.medpsy, max: req1.body.max_tokens, budget: req1.body.reasoning_budget, seed: req1.body.seed },
      { stream: true, opts: { include_usage: true }, medpsy: { notices_in_content: false }, max: 40, budget: 8, seed: 7 },
    );

    // 2. An emergency: the referral banner (role=alert) is up before any model text appears. The
    //    request carries the first exchange: the answer only, no notices, no reasoning.
    await page.fill("#question", "crushing chest pain spreading to my left arm, sweating");
    await page.click("#send");
    const second = page.locator(".turn.assistant").nth(1);
    await page.waitForSelector(".turn.assistant:nth-of-type(4) .stats:not(:empty)", { timeout: 30_000 });
    assert.match((await second.locator(".triage").textContent()) ?? "", /medical emergency[^]*Call \d+/);
    assert.equal(await second.locator(".triage").getAttribute("role"), "alert");
    assert.equal(await second.locator(".triage").evaluate((el) => el.classList.contains("urgent")), false);
    const withText = (await turnStates(page, 2)).filter((s: TurnState) => s.reasoning > 0 || s.answer > 0);
    assert.ok(withText.length > 0 && withText.every((s) => s.triage), "the banner precedes the model's text");
    const msgs = requests[1]!.body.messages as { role: string; content: string }[];
    assert.deepEqual(msgs.map((m) => m.role), ["user", "assistant", "user"]);
    const earlier = msgs[1]!.content;
    assert.ok(earlier.length > 0 && !earlier.includes(disclaimer) && !earlier.includes("<think>") && !earlier.includes((await first.locator(".reasoning-text").textContent())!));

    // 3. Busy server: another client holds the only slot, the page gets a real 429 and says when
    //    to retry, with the question back in the box.
    await setSettings(page, { max_tokens: "4000", reasoning_budget: "" });
    const holder = new AbortController();
    const held = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      signal: holder.signal,
      headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ messages: [{ role: "user", content: "hello" }], stream: true, max_tokens: 2000 }),
    });
    const reader = held.body!.getReader();
    for (let seen = ""; !seen.includes("reasoning_content"); ) seen += new TextDecoder().decode((await reader.read()).value);
    await page.fill("#question", "Explain everything about hypertension");
    await page.click("#send");
    const busy = page.locator(".turn.assistant").nth(2).locator(".error");
    await busy.waitFor();
    assert.match((await busy.textContent()) ?? "", /Server busy, retry in \d+ s/);
    assert.equal(await page.inputValue("#question"), "Explain everything about hypertension");
    holder.abort();
    await reader.cancel().catch(() => {});
    // Until the held request's slot is back (the test's timeout bounds the wait, not a count of sleeps).
    while ((await (await fetch(`${url}/health`)).json()).slots_busy > 0) await new Promise((r) => setTimeout(r, 25));

    // 4. Stop a long generation (the restored question, sent again): the partial turn is marked
    //    stopped and Send works again.
    await page.focus("#question");
    await page.keyboard.press("Enter");
    const fourth = page.locator(".turn.assistant").nth(3);
    await fourth.locator(".reasoning-text").filter({ hasText: /\S/ }).waitFor();
    assert.equal(await page.isDisabled("#send"), true);
    await page.click("#stop");
    await page.waitForFunction(() => !(document.getElementById("send") as HTMLButtonElement).disabled);
    assert.match((await fourth.locator(".stats").textContent()) ?? "", /stopped/);
    assert.equal(await page.isHidden("#stop"), true);

    // 5. Phone width: nothing scrolls sideways. Screenshot for humans.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the page is ${width} px wide on a 375 px screen`);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}chat-page.png`, fullPage: true });

    // 6. New conversation clears; the keyboard reaches the question box and Send in order.
    await page.click("#new-chat");
    assert.equal(await page.locator(".turn").count(), 0);
    await page.focus("#new-chat");
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => document.activeElement?.id ?? ""));
    }
    assert.ok(order.indexOf("question") >= 0 && order.indexOf("question") < order.indexOf("send"), `tab order: ${order.join(" → ")}`);

    assert.deepEqual(prompts, ["prompt"], "the key was asked for once");
    assert.deepEqual(external, [], "the page loads nothing from outside the server");
    assert.deepEqual(consoleErrors, []);
  } finally {
    await browser.close();
    await srv.close();
    await model.close();
  }
});
