/**
 * The web chat page in Debian's Chromium (playwright-core, headless, no sandbox, no background
 * networking) against a real `startServer` on a generated model: reasoning then answer stream,
 * the disclaimer and token readout appear, an emergency shows the referral banner before the
 * answer, Stop ends a long generation, New conversation clears, a phone-sized screen does not
 * scroll sideways, the keyboard reaches the controls. A screenshot is kept in test/artifacts/.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tinyServer } from "../server/helpers.ts";

const CHROMIUM = "/usr/bin/chromium";
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));

test("chat page: stream, reasoning panel, emergency banner, stop, new conversation, phone width, keyboard", { skip: !existsSync(CHROMIUM) && "Debian's chromium is not installed", timeout: 120_000 }, async () => {
  const t = await tinyServer({ parallel: 1 });
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(t.server.url)) external.push(r.url());
    });
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    await page.goto(`${t.server.url}/`);
    await page.waitForFunction(() => document.getElementById("model-name")!.textContent !== "connecting…");
    assert.equal(await page.textContent("#model-name"), t.server.modelName);

    // Short answers for the test; the settings persist in localStorage.
    await page.click("#open-settings");
    await page.fill("input[name=max_tokens]", "24");
    await page.fill("input[name=seed]", "7");
    await page.dispatchEvent("#settings-form", "change");
    await page.click("#settings-form button[type=submit]");

    // 1. An ordinary question: reasoning streams, then the turn finishes with stats and the disclaimer.
    await page.fill("#question", "What is a normal resting heart rate?");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".turn.assistant .stats:not(:empty)", { timeout: 60_000 });
    const first = page.locator(".turn.assistant").first();
    assert.ok(((await first.locator(".reasoning-text").textContent()) ?? "").length > 0, "reasoning text streamed");
    assert.match((await first.locator(".stats").textContent()) ?? "", /24 tokens/);
    assert.match((await first.locator(".disclaimer").textContent()) ?? "", /not a clinician/);
    assert.equal(await first.locator(".triage").isHidden(), true);
    assert.equal(await page.isEnabled("#send"), true);

    // 2. An emergency: the referral banner (role=alert) comes before the model's text.
    await page.fill("#question", "My father has crushing chest pain spreading to his left arm and he is sweating");
    await page.click("#send");
    const second = page.locator(".turn.assistant").nth(1);
    await second.locator(".triage").waitFor({ state: "visible" });
    assert.match((await second.locator(".triage").textContent()) ?? "", /medical emergency[^]*Call 911/);
    assert.equal(await second.locator(".triage").getAttribute("role"), "alert");
    await page.waitForSelector(".turn.assistant:nth-of-type(4) .stats:not(:empty)", { timeout: 60_000 });

    // 3. Stop a long generation: the partial turn is marked stopped and Send works again.
    await page.click("#open-settings");
    await page.fill("input[name=max_tokens]", "4000");
    await page.dispatchEvent("#settings-form", "change");
    await page.click("#settings-form button[type=submit]");
    await page.fill("#question", "Explain everything about hypertension");
    await page.click("#send");
    const third = page.locator(".turn.assistant").nth(2);
    await third.locator(".reasoning-text").filter({ hasText: /\S/ }).waitFor();
    await page.click("#stop");
    await page.waitForFunction(() => !(document.getElementById("send") as HTMLButtonElement).disabled);
    assert.match((await third.locator(".stats").textContent()) ?? "", /stopped/);
    assert.equal(await page.isHidden("#stop"), true);

    // 4. Phone width: nothing scrolls sideways. Screenshot for humans.
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(widths[0]! <= widths[1]!, `page is ${widths[0]} px wide on a ${widths[1]} px screen`);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}chat-page.png`, fullPage: true });

    // 5. New conversation clears; the keyboard reaches the question box and Send.
    await page.click("#new-chat");
    assert.equal(await page.locator(".turn").count(), 0);
    await page.focus("#new-chat");
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName ?? ""));
    }
    assert.ok(order.includes("question") && order.includes("send"), `tab order: ${order.join(" → ")}`);

    assert.deepEqual(external, [], "the page loads nothing from outside the server");
    assert.deepEqual(consoleErrors, []);
  } finally {
    await browser.close();
    await t.close();
  }
});
