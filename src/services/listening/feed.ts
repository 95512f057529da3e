/**
 * Reading an RSS, Atom, RDF or JSON Feed for social listening: fetched with safeFetch (a feed's
 * address is user-given, so private addresses are refused unless an admin allows them, and size
 * and time are capped), conditionally (If-None-Match / If-Modified-Since, so an unchanged feed
 * costs a 304), decoded in its declared charset (many Russian sites still serve windows-1251),
 * parsed with feedsmith, and turned into plain items.
 *
 * Item text is plain text: descriptions and contents are HTML by convention, and are read with
 * htmlparser2 for their text only (scripts, styles and embeds dropped, paragraphs and line breaks
 * kept, entities decoded once). Nothing from a feed is ever handed on as markup; whoever shows it
 * escapes it. Links other than http(s) (javascript:, data:) are dropped.
 *
 * Failures are FeedErrors with a `reason` and a message a person can act on. The commonest mistake,
 * pasting a site's address instead of its feed's, is answered with the feed address the page
 * itself names (<link rel="alternate" type="application/rss+xml" href="…">) when it names one.
 */
import crypto from "node:crypto";
import { type AnyFeed, parseFeed } from "feedsmith";
import { Parser } from "htmlparser2";
import { SafeFetchError, type SafeFetchResult, safeFetch } from "../../net/safe-fetch.js";

export type FeedItem = {
  /** The item's guid (RSS), id (Atom, JSON Feed) or rdf:about, else its link, else a hash of what it says. */
  id: string;
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  /** ISO 8601; null when the feed gives no date Chorus can read. */
  publishedAt: string | null;
};

export type FeedResult = {
  /** "not_modified": the server answered 304 to the conditional request; there are no items then. */
  status: "ok" | "not_modified";
  etag: string | null;
  lastModified: string | null;
  title: string | null;
  items: FeedItem[];
};

export type FeedErrorReason = "not_a_feed" | "invalid_url" | "private_address" | "timeout" | "http_status" | "too_large" | "network";

export class FeedError extends Error {
  readonly reason: FeedErrorReason;
  /** The HTTP status, for "http_status". */
  readonly status: number | undefined;
  /** For "not_a_feed" on a web page that names its feeds: their addresses, the first one in the message. */
  readonly alternates: string[];

  constructor(reason: FeedErrorReason, message: string, opts: { status?: number; alternates?: string[]; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "FeedError";
    this.reason = reason;
    this.status = opts.status;
    this.alternates = opts.alternates ?? [];
  }
}

export type ReadFeedOptions = {
  /** From the previous reading: sent as If-None-Match / If-Modified-Since. */
  etag?: string | undefined;
  lastModified?: string | undefined;
  allowPrivate?: boolean | undefined;
  timeoutMs?: number | undefined;
  maxBytes?: number | undefined;
  /** safeFetch, or a stand-in with its signature (tests). */
  fetchImpl?: typeof safeFetch | undefined;
};

const defaultTimeoutMs = 10_000;
/** Feeds with many full-text items (podcasts, news) run to a few megabytes. */
const defaultMaxBytes = 5 * 1024 * 1024;
const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

export async function readFeed(url: string, opts: ReadFeedOptions = {}): Promise<FeedResult> {
  const fetchImpl = opts.fetchImpl ?? safeFetch;
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  const maxBytes = opts.maxBytes ?? defaultMaxBytes;
  const conditional = { ...(opts.etag ? { "if-none-match": opts.etag } : {}), ...(opts.lastModified ? { "if-modified-since": opts.lastModified } : {}) };
  let res: SafeFetchResult;
  try {
    res = await fetchImpl(url, { allowPrivate: opts.allowPrivate ?? false, timeoutMs, maxBytes, headers: { "user-agent": "ChorusBot/1.0 (feed reader)", accept, ...conditional } });
  } catch (err) {
    throw fetchError(err, url, maxBytes);
  }
  const etag = res.headers.etag ?? null;
  const lastModified = res.headers["last-modified"] ?? null;
  // A 304 only answers a conditional request; to any other it is a broken server.
  if (res.status === 304 && Object.keys(conditional).length > 0) {
    return { status: "not_modified", etag: etag ?? opts.etag ?? null, lastModified: lastModified ?? opts.lastModified ?? null, title: null, items: [] };
  }
  if (res.status < 200 || res.status >= 300) throw statusError(res.status, res.url);
  const { title, items } = parseFeedDocument(res.body, { url: res.url, contentType: res.contentType });
  return { status: "ok", etag, lastModified, title, items };
}

function fetchError(err: unknown, url: string, maxBytes: number): FeedError {
  if (err instanceof FeedError) return err;
  if (!(err instanceof SafeFetchError)) return new FeedError("network", `The feed at ${url} could not be read (${(err as Error)?.message ?? err}). Chorus tries again later.`, { cause: err });
  switch (err.reason) {
    case "private_address":
      return new FeedError("private_address", err.message, { cause: err });
    case "invalid_url":
    case "scheme":
      return new FeedError("invalid_url", err.message, { cause: err });
    case "timeout":
      return new FeedError("timeout", `${err.message} Check that the feed address is right; Chorus tries again later.`, { cause: err });
    case "too_large":
      return new FeedError("too_large", `The feed at ${url} is larger than ${sizeOf(maxBytes)}, more than Chorus reads. Use a feed with fewer or shorter items (many sites offer one per category).`, { cause: err });
    default:
      return new FeedError("network", `${err.message} Chorus tries again later.`, { cause: err });
  }
}

const sizeOf = (bytes: number): string => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`);

function statusError(status: number, url: string): FeedError {
  const why =
    status === 401 || status === 403
      ? "the feed needs a login or refuses Chorus. Use the address of a public feed."
      : status === 404 || status === 410
        ? "there is no feed at this address (any more). Check the address, or find the feed's new one on the site."
        : status === 429
          ? "the site asks Chorus to read less often. Chorus tries again later."
          : status >= 500
            ? "the site failed to answer. Chorus tries again later."
            : "Chorus cannot read the feed there.";
  return new FeedError("http_status", `${url} answered HTTP ${status}: ${why}`, { status });
}

// ---- Parsing ------------------------------------------------------------------------------

/**
 * A fetched document as a feed: its title and items. Throws FeedError "not_a_feed" when it is
 * none of RSS, Atom, RDF or JSON Feed, naming the feed a web page links to when it links one.
 */
export function parseFeedDocument(body: Buffer | string, source: { url: string; contentType?: string | null }): { title: string | null; items: FeedItem[] } {
  const text = typeof body === "string" ? body : decodeBody(body, source.contentType ?? null);
  let parsed: AnyFeed;
  try {
    parsed = parseFeed(text);
  } catch (err) {
    throw notAFeed(text, source, err);
  }
  return itemsOf(parsed, source.url);
}

function notAFeed(text: string, source: { url: string; contentType?: string | null }, cause: unknown): FeedError {
  const head = text.slice(0, 2048);
  const isHtml = /html/i.test(source.contentType ?? "") || /<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]/i.test(head);
  if (!isHtml) {
    const type = source.contentType ? ` (${source.contentType.split(";")[0]})` : "";
    return new FeedError("not_a_feed", `${source.url} does not answer with an RSS, Atom or JSON feed${type}. Check the address: it should be the feed's, not the site's.`, { cause });
  }
  const alternates = feedLinksIn(text, source.url);
  if (alternates.length > 0) {
    return new FeedError("not_a_feed", `${source.url} is a web page, not a feed. The page names its feed: ${alternates[0]} — add that address instead.`, { alternates, cause });
  }
  return new FeedError(
    "not_a_feed",
    `${source.url} is a web page, not an RSS, Atom or JSON feed, and it names no feed. Look on the site for the feed's address (often ending in /feed, /rss or .xml) and add that instead.`,
    { cause },
  );
}

const feedTypes = new Set(["application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml", "application/json"]);

/** The feeds an HTML page names with <link rel="alternate" type="…">, absolute, http(s) only, in page order. */
export function feedLinksIn(html: string, pageUrl: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attribs) {
      if (name !== "link" || !attribs.href) return;
      const rel = (attribs.rel ?? "").toLowerCase().split(/\s+/);
      const type = (attribs.type ?? "").toLowerCase().split(";")[0]!.trim();
      if (!rel.includes("alternate") || !feedTypes.has(type)) return;
      const url = absoluteHttp(attribs.href, pageUrl);
      if (url && !found.includes(url)) found.push(url);
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

/** The body as text in its charset: a byte-order mark, the Content-Type charset, the XML declaration, else UTF-8. */
export function decodeBody(body: Buffer, contentType: string | null): string {
  const bom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? "utf-8" : body[0] === 0xfe && body[1] === 0xff ? "utf-16be" : body[0] === 0xff && body[1] === 0xfe ? "utf-16le" : undefined;
  const fromHeader = /charset=["']?([\w.:-]+)/i.exec(contentType ?? "")?.[1];
  const fromDeclaration = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([\w.:-]+)["']/i.exec(body.subarray(0, 512).toString("latin1"))?.[1];
  for (const label of [bom, fromHeader, fromDeclaration, "utf-8"]) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(body);
    } catch {
      // An unknown label: try the next one.
    }
  }
  return body.toString("utf8");
}

// ---- Items ---------------------------------------------------------------------------------

type Draft = { id?: string | undefined; url?: string | undefined; title?: string | null | undefined; text?: string | undefined; author?: string | undefined; date?: unknown };

function itemsOf(parsed: AnyFeed, feedUrl: string): { title: string | null; items: FeedItem[] } {
  switch (parsed.format) {
    case "rss": {
      const f = parsed.feed;
      const base = absoluteHttp(f.link ?? "", feedUrl) ?? feedUrl;
      const feedAuthor = f.managingEditor?.name ?? f.dc?.creators?.[0] ?? f.managingEditor?.email;
      const drafts = (f.items ?? []).map((i) => ({
        id: i.guid?.value,
        url: i.link ?? (i.guid && i.guid.isPermaLink !== false ? i.guid.value : undefined),
        title: i.title ?? i.dc?.titles?.[0],
        text: i.content?.encoded ?? i.description ?? i.dc?.descriptions?.[0],
        author: i.authors?.[0]?.name ?? i.authors?.[0]?.email ?? i.dc?.creators?.[0] ?? feedAuthor,
        date: i.pubDate ?? i.dc?.dates?.[0] ?? i.dcterms?.created ?? i.dcterms?.issued,
      }));
      return { title: plainTitle(f.title), items: drafts.map((d) => itemOf({ ...d, title: plainTitle(d.title) }, base)) };
    }
    case "rdf": {
      const f = parsed.feed;
      const base = absoluteHttp(f.link ?? "", feedUrl) ?? feedUrl;
      const drafts = (f.items ?? []).map((i) => ({
        id: i.rdf?.about,
        url: i.link,
        title: plainTitle(i.title),
        text: i.content?.encoded ?? i.description ?? i.dc?.descriptions?.[0],
        author: i.dc?.creators?.[0],
        date: i.dc?.dates?.[0] ?? i.dcterms?.created ?? i.dcterms?.issued,
      }));
      return { title: plainTitle(f.title), items: drafts.map((d) => itemOf(d, base)) };
    }
    case "atom": {
      const f = parsed.feed;
      const feedAuthor = f.authors?.[0]?.name;
      const drafts = (f.entries ?? []).map((e) => {
        const links = e.links ?? [];
        const alternate = links.find((l) => (!l.rel || l.rel === "alternate") && (!l.type || /html/i.test(l.type))) ?? links.find((l) => !l.rel || l.rel === "alternate") ?? links[0];
        const body = e.content?.value !== undefined && !e.content.src ? e.content : e.summary;
        return {
          id: e.id,
          url: alternate?.href,
          title: atomText(e.title),
          text: atomText(body ?? undefined) ?? undefined,
          author: e.authors?.[0]?.name ?? feedAuthor,
          date: e.published ?? e.updated ?? e.dc?.dates?.[0],
        };
      });
      return { title: atomText(f.title), items: drafts.map((d) => itemOf({ ...d, text: d.text, html: false }, feedUrl)) };
    }
    case "json": {
      const f = parsed.feed;
      const feedAuthor = f.authors?.[0]?.name;
      const drafts = (f.items ?? []).map((i) => ({
        id: i.id,
        url: i.url ?? i.external_url,
        title: i.title?.trim() || null,
        text: i.content_text ?? (i.content_html !== undefined ? htmlToPlainText(i.content_html) : i.summary),
        author: i.authors?.[0]?.name ?? feedAuthor,
        date: i.date_published ?? i.date_modified,
      }));
      return { title: f.title?.trim() || null, items: drafts.map((d) => itemOf({ ...d, html: false }, feedUrl)) };
    }
  }
}

/**
 * One item. `html` (RSS and RDF, whose descriptions are HTML by convention) says whether `text`
 * is still HTML; Atom and JSON Feed items come here already as plain text.
 */
function itemOf(d: Draft & { html?: boolean }, base: string): FeedItem {
  const url = d.url ? absoluteHttp(d.url.trim(), base) : null;
  const text = d.text === undefined ? "" : d.html === false ? normalizeText(d.text) : htmlToPlainText(d.text);
  const title = d.title?.trim() || null;
  const id = d.id?.trim() || url || `sha256:${crypto.createHash("sha256").update(`${title ?? ""}\n${text}`).digest("hex")}`;
  return { id, url, title, text, author: d.author?.trim() || null, publishedAt: isoDate(d.date) };
}

/** RSS titles may carry markup or escaped markup; they are read for their text. */
const plainTitle = (title: string | undefined): string | null => (title === undefined ? null : htmlToPlainText(title).replace(/\s+/g, " ").trim() || null);

/** An Atom text construct: type "html" and "xhtml" are markup, "text" (the default) is text as it is. */
function atomText(t: { value?: string | undefined; type?: string | undefined } | undefined): string | null {
  if (t?.value === undefined) return null;
  const text = t.type === "html" || t.type === "xhtml" ? htmlToPlainText(t.value) : normalizeText(t.value);
  return text || null;
}

function absoluteHttp(href: string, base: string): string | null {
  if (!href || !URL.canParse(href, base)) return null;
  const url = new URL(href, base);
  return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
}

/** Zone names RFC 822 dates carry that Date.parse does not know (it knows GMT, UT and the US zones). */
const zones: Record<string, string> = { MSK: "+0300", MSD: "+0400", CET: "+0100", CEST: "+0200", EET: "+0200", EEST: "+0300", WET: "+0000", WEST: "+0100", BST: "+0100" };

export function isoDate(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.trim() === "") return null;
  const s = raw.trim().replace(/\b([A-Z]{3,4})$/, (z) => zones[z] ?? z);
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

// ---- HTML → text ---------------------------------------------------------------------------

/** Elements whose content is not text a reader sees. */
const skipped = new Set(["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head", "lj-embed", "button", "select", "textarea"]);
/** Elements that stand on lines of their own (a list item starts one with a bullet). */
const blocks = new Set([
  "p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd",
  "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "figure", "figcaption", "hr", "address", "details", "summary",
]);

const normalizeText = (text: string): string =>
  text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();

/**
 * The text of an HTML fragment: tags dropped, the content of scripts, styles and embeds dropped,
 * entities decoded once, whitespace collapsed as a browser would, paragraphs, list items and <br>
 * kept as line breaks. LiveJournal's <lj user="name"> reads as the name.
 */
export function htmlToPlainText(html: string): string {
  let out = "";
  let skip = 0;
  let pre = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (skipped.has(name)) skip++;
        if (skip > 0) return;
        if (name === "pre") pre++;
        if (name === "br") out += "\n";
        else if (name === "li") out += "\n• ";
        else if (blocks.has(name)) out += "\n";
        if (name === "lj" && (attribs.user || attribs.comm)) out += attribs.user || attribs.comm;
      },
      ontext(text) {
        if (skip > 0) return;
        out += pre > 0 ? text : text.replace(/[ \t\n\r\f]+/g, " ");
      },
      onclosetag(name) {
        if (skipped.has(name)) {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip > 0) return;
        if (name === "pre") pre = Math.max(0, pre - 1);
        if (blocks.has(name)) out += "\n";
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return normalizeText(out);
}
