/**
 * The listening query language: what a brand wants to hear about, as monitoring tools write it.
 *
 *   "северный кофе" OR (north AND coffee*) -job lang:ru site:vc.ru #кофе from:barista_anna
 *
 * - words match whole words, case- and accent-insensitively (ё = е); `coff*` matches words
 *   starting with "coff";
 * - "exact phrases" match those words in that order;
 * - #hashtag matches the hashtag; from:handle the author (with or without @, any server for
 *   Mastodon-style handles when none is given); site:domain a link on that domain or a subdomain;
 *   lang:xx the detected language;
 * - terms next to each other must all match (AND is implied); OR offers alternatives; NOT and
 *   -term exclude; parentheses group. AND, OR and NOT are operators only in capitals: "and" is a
 *   word. AND binds tighter than OR.
 *
 * parseQuery answers the tree or a QuerySyntaxError with the position of the mistake (an offset
 * in the query, in UTF-16 units as JavaScript strings count) for the editor to point at.
 */

export type QueryNode =
  | { type: "word"; value: string; prefix: boolean }
  | { type: "phrase"; words: string[] }
  | { type: "hashtag"; value: string }
  | { type: "field"; field: QueryField; value: string }
  | { type: "and"; items: QueryNode[] }
  | { type: "or"; items: QueryNode[] }
  | { type: "not"; item: QueryNode };

export const queryFields = ["lang", "from", "site"] as const;
export type QueryField = (typeof queryFields)[number];

export class QuerySyntaxError extends Error {
  /** Offset of the mistake in the query. */
  readonly position: number;
  /** How many characters the mistake spans (at least 1, for the editor's underline). */
  readonly length: number;

  constructor(message: string, position: number, length = 1) {
    super(message);
    this.name = "QuerySyntaxError";
    this.position = position;
    this.length = Math.max(1, length);
  }
}

export const maxQueryLength = 2000;

type Token =
  | { kind: "word"; value: string; prefix: boolean; at: number; length: number }
  | { kind: "phrase"; value: string; at: number; length: number }
  | { kind: "hashtag"; value: string; at: number; length: number }
  | { kind: "field"; field: string; value: string; at: number; length: number }
  | { kind: "and" | "or" | "not" | "minus" | "open" | "close"; at: number; length: number };

/**
 * Lower case, compatibility forms folded, accents of Latin letters dropped (café = cafe), ё as е:
 * how both queries and texts are compared. Other scripts keep their letters (й is not и, ї is not і).
 */
export function normalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/(\p{Script=Latin})\p{M}+/gu, "$1")
    .normalize("NFC")
    .toLowerCase()
    .replace(/ё/g, "е");
}

const wordRe = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** The words of a text (letters and digits, with inner apostrophes; a hyphen separates), normalized. */
export function wordsOf(text: string): string[] {
  return normalize(text).match(wordRe) ?? [];
}

const isSpace = (ch: string) => /\s/u.test(ch);
const stops = new Set(["(", ")", '"']);

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i] as string;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")") {
      tokens.push({ kind: ch === "(" ? "open" : "close", at: i, length: 1 });
      i++;
      continue;
    }
    if (ch === '"') {
      const end = query.indexOf('"', i + 1);
      if (end === -1) throw new QuerySyntaxError("This quote is never closed: add the closing \".", i);
      tokens.push({ kind: "phrase", value: query.slice(i + 1, end), at: i, length: end - i + 1 });
      i = end + 1;
      continue;
    }
    // A minus right before a term excludes it ("-job"); elsewhere it belongs to the word.
    if (ch === "-" && i + 1 < query.length && !isSpace(query[i + 1] as string) && query[i + 1] !== ")") {
      tokens.push({ kind: "minus", at: i, length: 1 });
      i++;
      continue;
    }
    let end = i;
    while (end < query.length && !isSpace(query[end] as string) && !stops.has(query[end] as string)) end++;
    const raw = query.slice(i, end);
    if (raw === "AND" || raw === "OR" || raw === "NOT") {
      tokens.push({ kind: raw.toLowerCase() as "and" | "or" | "not", at: i, length: raw.length });
    } else if (raw.startsWith("#")) {
      tokens.push({ kind: "hashtag", value: raw.slice(1), at: i, length: raw.length });
    } else if (/^[A-Za-z]+:/.test(raw) && !/^https?:/i.test(raw)) {
      const colon = raw.indexOf(":");
      tokens.push({ kind: "field", field: raw.slice(0, colon).toLowerCase(), value: raw.slice(colon + 1), at: i, length: raw.length });
    } else {
      const prefix = raw.endsWith("*");
      tokens.push({ kind: "word", value: prefix ? raw.slice(0, -1) : raw, prefix, at: i, length: raw.length });
    }
    i = end;
  }
  return tokens;
}

function term(t: Token): QueryNode {
  switch (t.kind) {
    case "word": {
      const words = wordsOf(t.value);
      if (words.length === 0) throw new QuerySyntaxError(`"${t.value}${t.prefix ? "*" : ""}" has no letters or digits to look for.`, t.at, t.length);
      if (t.prefix && words.length > 1) throw new QuerySyntaxError("Put * at the end of a single word, e.g. coff*.", t.at, t.length);
      if (t.prefix && (words[0] as string).length < 2) throw new QuerySyntaxError("A word with * needs at least two letters before it.", t.at, t.length);
      // "e-mail" or "кофе-бар" written without quotes: its words in order.
      if (words.length > 1) return { type: "phrase", words };
      return { type: "word", value: words[0] as string, prefix: t.prefix };
    }
    case "phrase": {
      const words = wordsOf(t.value);
      if (words.length === 0) throw new QuerySyntaxError("This phrase is empty: write words between the quotes.", t.at, t.length);
      return words.length === 1 ? { type: "word", value: words[0] as string, prefix: false } : { type: "phrase", words };
    }
    case "hashtag": {
      const words = wordsOf(t.value);
      if (words.length !== 1 || words[0] !== normalize(t.value)) throw new QuerySyntaxError("A hashtag is # followed by letters, digits or _ only, e.g. #coffee.", t.at, t.length);
      return { type: "hashtag", value: words[0] as string };
    }
    case "field": {
      if (!(queryFields as readonly string[]).includes(t.field)) {
        throw new QuerySyntaxError(`"${t.field}:" is not a field: use lang:, from: or site:, or put the text in quotes.`, t.at, t.field.length + 1);
      }
      const field = t.field as QueryField;
      const value = t.value.trim();
      const valueAt = t.at + t.field.length + 1;
      if (!value) throw new QuerySyntaxError(`Write a value after ${field}:, e.g. ${field === "lang" ? "lang:ru" : field === "from" ? "from:handle" : "site:example.com"}.`, t.at, t.length);
      if (field === "lang" && !/^[a-z]{2,3}$/i.test(value)) throw new QuerySyntaxError("Use a two- or three-letter language code, e.g. lang:ru.", valueAt, value.length);
      if (field === "site" && !/^([a-z0-9-]+\.)+[a-z0-9-]{2,}$/i.test(value.replace(/^https?:\/\//i, "").replace(/\/.*$/, ""))) {
        throw new QuerySyntaxError("Use a domain name, e.g. site:vc.ru.", valueAt, value.length);
      }
      if (field === "from" && !/^@?[\p{L}\p{N}_.-]+(@[\p{L}\p{N}_.-]+)?$/u.test(value)) throw new QuerySyntaxError("Use an account handle, e.g. from:barista_anna.", valueAt, value.length);
      const normalized =
        field === "site" ? value.replace(/^https?:\/\//i, "").replace(/\/.*$/, "").replace(/^www\./i, "").toLowerCase() : field === "from" ? value.replace(/^@/, "").toLowerCase() : value.toLowerCase();
      return { type: "field", field, value: normalized };
    }
    default:
      throw new QuerySyntaxError("Expected a word, a \"phrase\", a #hashtag or a field here.", t.at, t.length);
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly query: string,
  ) {}

  parse(): QueryNode {
    if (this.tokens.length === 0) throw new QuerySyntaxError("The query is empty: write the words to look for.", 0);
    const node = this.or();
    const extra = this.tokens[this.i];
    if (extra) throw new QuerySyntaxError(extra.kind === "close" ? "This ) has no ( to close." : "Unexpected here.", extra.at, extra.length);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private or(): QueryNode {
    const items = [this.and()];
    while (this.peek()?.kind === "or") {
      const op = this.tokens[this.i++] as Token;
      if (!this.startsTerm(this.peek())) throw new QuerySyntaxError("OR needs something on both sides.", op.at, op.length);
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as QueryNode) : { type: "or", items };
  }

  private and(): QueryNode {
    const items = [this.unary()];
    for (;;) {
      const next = this.peek();
      if (next?.kind === "and") {
        this.i++;
        if (!this.startsTerm(this.peek())) throw new QuerySyntaxError("AND needs something on both sides.", next.at, next.length);
        items.push(this.unary());
      } else if (this.startsTerm(next)) {
        items.push(this.unary());
      } else break;
    }
    return items.length === 1 ? (items[0] as QueryNode) : { type: "and", items };
  }

  private startsTerm(t: Token | undefined): boolean {
    return t !== undefined && t.kind !== "and" && t.kind !== "or" && t.kind !== "close";
  }

  private unary(): QueryNode {
    const t = this.peek();
    if (!t) throw new QuerySyntaxError("The query ends too early.", this.query.length);
    if (t.kind === "not" || t.kind === "minus") {
      this.i++;
      const next = this.peek();
      if (!this.startsTerm(next)) throw new QuerySyntaxError(`${t.kind === "not" ? "NOT" : "-"} needs a term after it.`, t.at, t.length);
      return { type: "not", item: this.unary() };
    }
    if (t.kind === "open") {
      this.i++;
      if (this.peek()?.kind === "close") throw new QuerySyntaxError("These parentheses are empty.", t.at, 2);
      const inner = this.or();
      const close = this.peek();
      if (close?.kind !== "close") throw new QuerySyntaxError("This ( is never closed: add a ).", t.at);
      this.i++;
      return inner;
    }
    if (t.kind === "and" || t.kind === "or") throw new QuerySyntaxError(`${t.kind.toUpperCase()} needs something on both sides.`, t.at, t.length);
    if (t.kind === "close") throw new QuerySyntaxError("This ) has no ( to close.", t.at);
    this.i++;
    return term(t);
  }
}

/** True when the node can match something by itself (not only exclude). */
function positive(node: QueryNode): boolean {
  switch (node.type) {
    case "not":
      return false;
    case "and":
      return node.items.some(positive);
    case "or":
      return node.items.every(positive);
    default:
      return true;
  }
}

export function parseQuery(query: string): QueryNode {
  if (query.length > maxQueryLength) throw new QuerySyntaxError(`The query is ${query.length} characters long; ${maxQueryLength} is the most.`, maxQueryLength);
  const node = new Parser(tokenize(query), query).parse();
  if (!positive(node)) throw new QuerySyntaxError("A query cannot only exclude: say what to look for too, e.g. coffee -job.", 0, query.trimEnd().length);
  return node;
}

/** What a query is matched against: a mention, a comment, a post. `url` is the post's own address; `links` the addresses in it. */
export type Matchable = {
  text: string;
  lang?: string | null | undefined;
  authorHandle?: string | null | undefined;
  url?: string | null | undefined;
  links?: readonly string[] | undefined;
};

/** A text prepared once for matching many queries. */
export type PreparedText = { words: string[]; wordSet: Set<string>; hashtags: Set<string>; lang: string | null; handle: string | null; hosts: Set<string> };

const urlInText = /\bhttps?:\/\/[^\s<>"']+/giu;

/** The host of a URL, lower case and without "www.", as site: compares it; null when it is not a URL. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, "");
  } catch {
    return null;
  }
}

export function prepare(m: Matchable): PreparedText {
  // Normalized once for the words and the hashtags: it is most of the cost of matching a post.
  const normalized = normalize(m.text);
  const words = normalized.match(wordRe) ?? [];
  const hashtags = new Set((normalized.match(/#[\p{L}\p{N}_]+/gu) ?? []).map((h) => h.slice(1)));
  const hosts = new Set<string>();
  for (const u of [m.url, ...(m.links ?? []), ...(m.text.match(urlInText) ?? [])]) {
    const h = u ? hostOf(u) : null;
    if (h) hosts.add(h);
  }
  return { words, wordSet: new Set(words), hashtags, lang: m.lang?.toLowerCase() ?? null, handle: m.authorHandle?.replace(/^@/, "").toLowerCase() ?? null, hosts };
}

function hasPhrase(words: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

export function matchesPrepared(node: QueryNode, p: PreparedText): boolean {
  switch (node.type) {
    case "word":
      return node.prefix ? p.words.some((w) => w.startsWith(node.value)) : p.wordSet.has(node.value);
    case "phrase":
      return hasPhrase(p.words, node.words);
    case "hashtag":
      return p.hashtags.has(node.value);
    case "field":
      if (node.field === "lang") return p.lang === node.value;
      if (node.field === "from") return p.handle !== null && (p.handle === node.value || (!node.value.includes("@") && p.handle.startsWith(`${node.value}@`)));
      for (const h of p.hosts) if (h === node.value || h.endsWith(`.${node.value}`)) return true;
      return false;
    case "and":
      return node.items.every((n) => matchesPrepared(n, p));
    case "or":
      return node.items.some((n) => matchesPrepared(n, p));
    case "not":
      return !matchesPrepared(node.item, p);
  }
}

/** Whether a text matches a parsed query. */
export const matches = (node: QueryNode, m: Matchable): boolean => matchesPrepared(node, prepare(m));

/**
 * What to ask a network's search for so that every post the query matches is among the answers:
 * one term per alternative — a word, a "quoted phrase" or a #hashtag. Chorus then applies the whole
 * query to what comes back. For AND the narrowest side is enough (fewest terms); NOT, lang:, from:
 * and site: narrow nothing a search box understands, so a query made only of them (or a prefix
 * word, which networks do not expand) cannot be searched: null. Prefix words are sent without the
 * star — most networks then match the whole word only, which the docs say.
 */
export function searchTerms(node: QueryNode): string[] | null {
  switch (node.type) {
    case "word":
      return [node.value];
    case "phrase":
      return node.words.length === 1 ? [node.words[0] as string] : [`"${node.words.join(" ")}"`];
    case "hashtag":
      return [`#${node.value}`];
    case "field":
    case "not":
      return null;
    case "or": {
      const all: string[] = [];
      for (const item of node.items) {
        const terms = searchTerms(item);
        if (!terms) return null;
        all.push(...terms);
      }
      return [...new Set(all)];
    }
    case "and": {
      let best: string[] | null = null;
      for (const item of node.items) {
        const terms = searchTerms(item);
        if (terms && (!best || terms.length < best.length)) best = terms;
      }
      return best;
    }
  }
}
