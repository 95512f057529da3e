/**
 * A status's HTML (Mastodon sends `content` as sanitised HTML: <p>, <br>, <a>, <span>, and from
 * other servers lists, quotes, code) as plain text: paragraphs and line breaks kept, tags dropped,
 * entities decoded once. The result is text, never markup: whoever shows it escapes it.
 */
const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntity(entity: string, body: string): string {
  if (body[0] === "#") {
    const cp = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    const valid = Number.isInteger(cp) && cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
    return valid ? String.fromCodePoint(cp) : "\ufffd";
  }
  return named[body.toLowerCase()] ?? entity;
}

export function htmlToText(html: string): string {
  const text = html
    // Content that is not text at all.
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p\s*>\s*<p\b[^>]*>/gi, "\n\n")
    .replace(/<li\b[^>]*>/gi, "\n• ")
    .replace(/<\/(p|div|ul|ol|blockquote|pre|h[1-6])\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    // One pass: "&amp;lt;" becomes "&lt;", not "<".
    .replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, (entity, body: string) => decodeEntity(entity, body));
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+$/g, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
