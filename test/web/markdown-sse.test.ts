/** The page's pure modules in Node: safe Markdown (escape first, a few constructs) and the SSE reader. */
import { test } from "node:test";
import assert from "node:assert/strict";
// @ts-expect-error plain browser JavaScript without type declarations
import { renderMarkdown } from "../../src/server/web/markdown.js";
// @ts-expect-error plain browser JavaScript without type declarations
import { readEvents } from "../../src/server/web/sse.js";

test("markdown: model text cannot become markup", () => {
  const hostile = [
    `<script>alert(1)</script>`,
    `<img src=x onerror="alert(1)">`,
    `**<b onclick='x'>bold</b>**`,
    "`<svg onload=alert(1)>`",
    "```html\n<iframe src=//evil></iframe>\n```",
    `[link](javascript:alert(1)) ![img](http://example.com/x.png)`,
    `- <a href="http://example.com">x</a>`,
  ];
  for (const text of hostile) {
    const html = renderMarkdown(text);
    const tags = [...html.matchAll(/<\/?([a-z0-9]+)[^>]*>/gi)].map((m) => m[0]);
    for (const tag of tags) assert.match(tag, /^<\/?(p|ul|ol|li|strong|em|code|pre)>$/, `${JSON.stringify(text)} → ${html}`);
    assert.ok(!/<(script|img|svg|iframe|a|b)\b/i.test(html), html);
  }
  assert.equal(renderMarkdown(`a < b & "c"`), "<p>a &lt; b &amp; &quot;c&quot;</p>");
});

test("markdown: paragraphs, lists, bold, italics, inline code, code blocks", () => {
  assert.equal(renderMarkdown("First line\n\nSecond **bold** and *soft* and `x<1`"), "<p>First line</p><p>Second <strong>bold</strong> and <em>soft</em> and <code>x&lt;1</code></p>");
  assert.equal(renderMarkdown("Steps:\n1. rest\n2. fluids\n- note"), "<p>Steps:</p><ol><li>rest</li><li>fluids</li></ol><ul><li>note</li></ul>");
  assert.equal(renderMarkdown("## Summary\ntext"), "<p><strong>Summary</strong></p><p>text</p>");
  assert.equal(renderMarkdown("```js\nlet a = 1 * 2 * 3;\n```"), "<pre><code>let a = 1 * 2 * 3;\n</code></pre>");
  assert.equal(renderMarkdown(""), "");
  // Unclosed markers while streaming stay literal text.
  assert.equal(renderMarkdown("**half"), "<p>**half</p>");
});

function response(parts: string[]): Response {
  const enc = new TextEncoder();
  return new Response(new ReadableStream({ start(c) { for (const p of parts) c.enqueue(enc.encode(p)); c.close(); } }));
}

test("sse: frames split across reads, multi-byte characters split, [DONE] ends the stream", async () => {
  const body = 'data: {"a":1}\n\ndata: {"t":"héllo ⚠"}\n\n: comment\n\ndata: [DONE]\n\ndata: {"after":true}\n\n';
  const bytes = new TextEncoder().encode(body);
  // Every split point, byte by byte, including inside "é" and "⚠".
  const all: unknown[][] = [];
  for (const cut of [1, 7, 15, 20, 23, 30, bytes.length - 1]) {
    const enc = [bytes.slice(0, cut), bytes.slice(cut)];
    const res = new Response(new ReadableStream({ start(c) { for (const p of enc) c.enqueue(p); c.close(); } }));
    const got = [];
    for await (const e of readEvents(res)) got.push(e);
    all.push(got);
  }
  for (const got of all) assert.deepEqual(got, [{ a: 1 }, { t: "héllo ⚠" }]);
  const got = [];
  for await (const e of readEvents(response(['data: {"x":', "2}\n", "\n"]))) got.push(e);
  assert.deepEqual(got, [{ x: 2 }]);
});
