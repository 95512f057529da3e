/**
 * What listening derives from a mention's text besides sentiment: a fingerprint that is the same
 * for copies and reposts of one text, and the terms (words and two-word phrases) counted per day
 * for "what is trending".
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { wordsOf } from "../../domain/listening-query.js";

const require = createRequire(import.meta.url);

/** Stop words of the languages Chorus's users write in most (the nlp.js lists) plus social filler. */
const stopWords: ReadonlySet<string> = (() => {
  const words = new Set<string>();
  for (const [pkg, name] of [
    ["@nlpjs/lang-en", "StopwordsEn"],
    ["@nlpjs/lang-ru", "StopwordsRu"],
    ["@nlpjs/lang-uk", "StopwordsUk"],
  ] as const) {
    const Stopwords = (require(pkg) as Record<string, new () => { dictionary: Record<string, unknown> }>)[name];
    if (Stopwords) for (const w of Object.keys(new Stopwords().dictionary)) words.add(w.replace(/ё/g, "е"));
  }
  for (const w of ["rt", "via", "http", "https", "www", "com", "ru", "это", "всё", "все", "ещё", "еще", "очень", "just", "like", "get", "got", "one", "the", "and", "they", "their", "have", "has", "was", "were", "are", "але", "це", "дуже", "вже"]) {
    words.add(w);
  }
  return words;
})();

const urlRe = /\bhttps?:\/\/\S+|\bwww\.\S+/giu;
const handleRe = /(^|\s)@[\p{L}\p{N}_.-]+/gu;
const repostPrefixRe = /^\s*(rt|via)\b[^:]*:\s*/iu;

/**
 * The same for a text and its copies: reposts ("RT @anna: …"), the same text with another link or
 * other mentions, different case or punctuation. Short texts ("Love it!") are common to unrelated
 * people, so below five words the author is part of the fingerprint and only their own repeats match.
 */
export function fingerprint(text: string, authorHandle: string): string {
  const body = text.replace(repostPrefixRe, "").replace(urlRe, " ").replace(handleRe, " ").replace(/\s(rt|via)\s*$/iu, " ");
  const words = wordsOf(body).filter((w) => w !== "rt" && w !== "via").slice(0, 40);
  const key = words.length < 5 ? `${authorHandle.toLowerCase()}|${words.join(" ")}` : words.join(" ");
  return createHash("sha1").update(key).digest("hex").slice(0, 20);
}

const minTermLength = 3;
const isTermWord = (w: string) => w.length >= minTermLength && !stopWords.has(w) && !/^\d+$/.test(w);

/** Distinct words and two-word phrases of a text worth counting (no stop words, numbers, links or handles). */
export function termsOf(text: string): string[] {
  const words = wordsOf(text.replace(urlRe, " ").replace(handleRe, " "));
  const terms = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (!isTermWord(w)) continue;
    terms.add(w);
    const next = words[i + 1];
    if (next !== undefined && isTermWord(next)) terms.add(`${w} ${next}`);
  }
  return [...terms];
}
