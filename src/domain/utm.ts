/**
 * Links in post text and their UTM tags. Pure: no I/O.
 *
 * Tagging edits the link as written rather than re-serialising it through URL: `new URL()` would
 * turn an IDN host into punycode and percent-encode a Cyrillic path, and the reader would see a
 * different link from the one the author wrote.
 *
 * Conventions (docs DOMAIN.md): utm_source = the network ("vk", "telegram", "bluesky"),
 * utm_medium = "social", utm_campaign = the post's campaign slug (omitted without one),
 * utm_content = the post id, utm_term only when given.
 */

export type UtmParams = {
  source: string;
  medium: string;
  campaign?: string | null | undefined;
  content?: string | null | undefined;
  term?: string | null | undefined;
};

export type FoundUrl = { url: string; start: number; end: number };

// A scheme, then a host of anything that is not space, a slash or a delimiter, then the rest up to
// whitespace or characters that never belong to a link in prose (quotes, angle brackets, «»).
// The lookbehind keeps "xhttp://" and e-mail-like text out.
const candidate = /(?<![\p{L}\p{N}_@.\-/])https?:\/\/[^\s/?#<>"'«»“”„`]+(?:[/?#][^\s<>"'«»“”„`]*)?/giu;
const trailingPunct = /[.,:;!?…'"»”)\]}>*_~]$/u;
const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

const count = (s: string, ch: string) => s.split(ch).length - 1;

/** Trims what prose puts after a link: sentence punctuation, and closing brackets it did not open. */
function trimUrl(raw: string): string {
  let url = raw;
  while (trailingPunct.test(url)) {
    const last = url.slice(-1);
    const open = pairs[last];
    // "https://en.wikipedia.org/wiki/Go_(game)" keeps its balanced ")"; "(see https://x.io)" loses it.
    if (open && count(url, open) >= count(url, last)) break;
    url = url.slice(0, -1);
  }
  return url;
}

/** Every http(s) link in a text, in order, with its position. */
export function findUrls(text: string): FoundUrl[] {
  const found: FoundUrl[] = [];
  for (const m of text.matchAll(candidate)) {
    const url = trimUrl(m[0]);
    const host = /^https?:\/\/([^/?#]*)/i.exec(url)?.[1] ?? "";
    // A host needs a dot or to be an IP literal/localhost, or it is prose like "http://" alone.
    if (!host || (!host.includes(".") && !host.startsWith("[") && !/^localhost(:\d+)?$/i.test(host))) continue;
    if (!URL.canParse(url)) continue;
    const start = m.index ?? 0;
    found.push({ url, start, end: start + url.length });
  }
  return found;
}

const utmKeys = ["source", "medium", "campaign", "content", "term"] as const;

/**
 * Adds UTM parameters to one link, keeping its other parameters and fragment. Existing utm_*
 * values win unless `override`: someone tagged that link on purpose.
 */
export function withUtm(url: string, params: UtmParams, opts: { override?: boolean } = {}): string {
  const hashAt = url.indexOf("#");
  const fragment = hashAt >= 0 ? url.slice(hashAt) : "";
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = beforeHash.indexOf("?");
  const base = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;
  let pairsIn = queryAt >= 0 ? beforeHash.slice(queryAt + 1).split("&").filter((p) => p !== "") : [];
  const keyOf = (pair: string) => {
    const raw = pair.split("=")[0] ?? "";
    try {
      return decodeURIComponent(raw.replaceAll("+", " ")).toLowerCase();
    } catch {
      return raw.toLowerCase();
    }
  };
  const wanted = utmKeys.flatMap((k) => {
    const v = params[k];
    return v === undefined || v === null || v === "" ? [] : [[`utm_${k}`, v] as const];
  });
  if (opts.override) {
    const replaced = new Set<string>(wanted.map(([k]) => k));
    pairsIn = pairsIn.filter((p) => !replaced.has(keyOf(p)));
  }
  const present = new Set(pairsIn.map(keyOf));
  const added = wanted.filter(([k]) => !present.has(k)).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  if (added.length === 0 && !opts.override) return url;
  const query = [...pairsIn, ...added].join("&");
  return `${base}${query ? `?${query}` : ""}${fragment}`;
}

/** The text with every link in it tagged. */
export function tagText(text: string, params: UtmParams, opts: { override?: boolean; skip?: (url: string) => boolean } = {}): string {
  return replaceUrls(text, (url) => (opts.skip?.(url) ? url : withUtm(url, params, opts)));
}

/** Replaces every link in a text by what `fn` makes of it (used for tagging and shortening). */
export function replaceUrls(text: string, fn: (url: string) => string): string {
  let out = "";
  let at = 0;
  for (const f of findUrls(text)) {
    out += text.slice(at, f.start) + fn(f.url);
    at = f.end;
  }
  return out + text.slice(at);
}

// Russian and Ukrainian letters in Latin, so campaign names read well in analytics reports.
const translit: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", ґ: "g", д: "d", е: "e", ё: "e", є: "ye", ж: "zh", з: "z", и: "i", і: "i", ї: "yi", й: "y",
  к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch",
  ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
};

/** "Весенняя распродажа 2026!" → "vesennyaya-rasprodazha-2026". */
export function slugify(s: string): string {
  const latin = [...s.toLowerCase()].map((ch) => translit[ch] ?? ch).join("");
  return latin
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

/** The UTM parameters Chorus puts on a post's links on one network. */
export function utmFor(input: { network: string; campaign: string | null | undefined; postId: string }): UtmParams {
  const campaign = input.campaign ? slugify(input.campaign) : "";
  return { source: input.network, medium: "social", campaign: campaign || undefined, content: input.postId };
}
