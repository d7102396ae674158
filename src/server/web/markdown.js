// Minimal, safe Markdown for model answers: the text is HTML-escaped first, then a few constructs
// (code blocks, inline code, bold, italics, headings, lists, paragraphs) become tags. No links,
// images or raw HTML: nothing the model writes can run, load or leave the page.

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function inline(s) {
  return s
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");
}

export function renderMarkdown(text) {
  const out = [];
  const blocks = escapeHtml(text).split(/```/);
  blocks.forEach((block, i) => {
    if (i % 2 === 1) {
      out.push(`<pre><code>${block.replace(/^[\w-]*\n/, "")}</code></pre>`);
      return;
    }
    let list = null;
    const close = () => {
      if (list) out.push(`</${list}>`);
      list = null;
    };
    for (const line of block.split("\n")) {
      const bullet = line.match(/^\s*[-*•]\s+(.*)$/);
      const numbered = line.match(/^\s*\d+[.)]\s+(.*)$/);
      const heading = line.match(/^(#{1,4})\s+(.*)$/);
      if (bullet || numbered) {
        const kind = bullet ? "ul" : "ol";
        if (list !== kind) {
          close();
          out.push(`<${kind}>`);
          list = kind;
        }
        out.push(`<li>${inline((bullet ?? numbered)[1])}</li>`);
      } else if (heading) {
        close();
        out.push(`<p><strong>${inline(heading[2])}</strong></p>`);
      } else if (line.trim() === "") {
        close();
      } else {
        close();
        out.push(`<p>${inline(line)}</p>`);
      }
    }
    close();
  });
  return out.join("");
}
