/**
 * What listening derives from a mention's text besides sentiment: a fingerprint that is the same
 * for copies and reposts of one text, a sketch that finds near-copies (a hashtag or a sentence
 * added, a typo, a word changed), and the terms (words and two-word phrases) counted per day for
 * "what is trending".
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
 * The words copies are compared by: without a repost's "RT @anna:" or "via @anna", links and
 * @handles, normalized (case, accents, punctuation gone), the first 40 — a long text with something
 * added at its end is still the same text.
 */
export function comparedWords(text: string): string[] {
  const body = text.replace(repostPrefixRe, "").replace(urlRe, " ").replace(handleRe, " ").replace(/\s(rt|via)\s*$/iu, " ");
  return wordsOf(body)
    .filter((w) => w !== "rt" && w !== "via")
    .slice(0, 40);
}

/**
 * The same for a text and its copies: reposts ("RT @anna: …"), the same text with another link or
 * other mentions, different case or punctuation. Short texts ("Love it!") are common to unrelated
 * people, so below five words the author is part of the fingerprint and only their own repeats match.
 * `words` is comparedWords(text), when the caller has it already.
 */
export function fingerprint(text: string, authorHandle: string, words: readonly string[] = comparedWords(text)): string {
  const key = words.length < 5 ? `${authorHandle.toLowerCase()}|${words.join(" ")}` : words.join(" ");
  return createHash("sha1").update(key).digest("hex").slice(0, 20);
}

// --- Near-copies ---------------------------------------------------------------------------------
//
// Two texts are near-copies when at least 70% of their character 4-grams are shared (Jaccard
// similarity of the sets, over the compared words one space apart). Character grams rather than
// words, so a typo costs a few grams and not a whole word. On texts of 8 to 40 words: an added
// hashtag, emoji or word, a typo, one word changed, or "+1 same here" appended keep 75% or more; two
// words changed keep 60–66%; two people's own sentences on the same subject share under 60%,
// usually under 45%. Below 8 words a change of one word is a different message and short phrases
// are common to unrelated people: only exact copies fold there.
//
// Finding the candidates without reading a brand's mentions: MinHash with locality-sensitive
// bands. The chance that two sets have the same least element under a random order is their
// similarity; one-permutation hashing gets 18 such minima from one hash per gram (the grams are
// split into 18 bins by their hash and each bin keeps its least; an empty bin borrows the least of
// the first filled bin on a fixed probe sequence, the same for every text). Three minima make a
// band, hashed with the band's number and what the text matched (`scope`) to one 32-bit integer;
// texts that share any of the 6 band values are candidates, and the candidates' similarity is then
// computed exactly. A pair at 75% shares a band with probability about 1 − (1 − 0.75³)⁶ ≈ 96%, at
// 80% ≈ 98.6%, at 70% ≈ 92%; at 50% ≈ 55% and at 30% ≈ 15% (checked and refused). Each band is a
// row to write per original and keys to read per post, the main cost of near-copies when storing:
// more bands would find a few more of the pairs near 70%.

/** The least share of shared character 4-grams between near-copies. */
export const nearCopySimilarity = 0.7;
/** Fewer words than this: only exact copies fold. */
export const nearCopyMinWords = 8;
const bandRows = 3;
/** How many band values a text has (and an original stores). */
export const bandCount = 6;
const bins = bandRows * bandCount;

/** murmur3's finalizer: a bijection of 32-bit integers that spreads every input bit over the output. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a, 32 bits, over UTF-16 units. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Where an empty bin looks for a filled one: `bins` pseudo-random bins for each, then the next ones in turn. */
const probes = Uint8Array.from({ length: bins * bins }, (_, k) => mix(Math.imul(k + 1, 0x9e3779b9)) % bins);

/**
 * A text's character 4-grams as sorted distinct 32-bit hashes, from comparedWords(text); null below
 * nearCopyMinWords words (only exact copies fold).
 */
export function shinglesOf(words: readonly string[]): Int32Array | null {
  if (words.length < nearCopyMinWords) return null;
  const t = ` ${words.join(" ")} `;
  const grams = new Int32Array(t.length - 3);
  // A gram is four UTF-16 units, two to each 32-bit half: the halves combined (the odd multiplier
  // keeps them apart) and mixed.
  let a = t.charCodeAt(0);
  let b = t.charCodeAt(1);
  let c = t.charCodeAt(2);
  for (let i = 0; i < grams.length; i++) {
    const d = t.charCodeAt(i + 3);
    grams[i] = mix(((a << 16) | b) ^ Math.imul((c << 16) | d, 0x9e3779b1));
    a = b;
    b = c;
    c = d;
  }
  grams.sort();
  let n = 0;
  for (let i = 0; i < grams.length; i++) if (n === 0 || grams[i] !== grams[n - 1]) grams[n++] = grams[i] as number;
  return grams.subarray(0, n);
}

/** The share of grams two texts have in common (Jaccard similarity), from shinglesOf. */
export function similarity(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}

export const isNearCopy = (a: Int32Array, b: Int32Array): boolean => similarity(a, b) >= nearCopySimilarity;

/**
 * The band values of a text (see above): bandCount signed 32-bit integers, the i-th for band i.
 * `scope` keys them — texts of different scopes never share a band (listening passes the queries
 * the text matched, so a text naming a competitor instead of the brand is not a near-copy of it).
 */
export function bandsOf(shingles: Int32Array, scope = ""): Int32Array {
  const least = new Int32Array(bins);
  const filled = new Uint8Array(bins);
  // The grams are hashes already: the high bits pick the bin, the whole value orders the bin.
  for (let g = 0; g < shingles.length; g++) {
    const v = shingles[g] as number;
    const bin = (((v >>> 0) * bins) / 4294967296) | 0;
    if (filled[bin] === 0 || v < (least[bin] as number)) {
      least[bin] = v;
      filled[bin] = 1;
    }
  }
  const minima = new Int32Array(bins);
  for (let i = 0; i < bins; i++) {
    if (filled[i] === 1) {
      minima[i] = least[i] as number;
      continue;
    }
    let j = probes[i * bins] as number;
    for (let a = 1; filled[j] === 0 && a < 2 * bins; a++) j = a < bins ? (probes[i * bins + a] as number) : (j + 1) % bins;
    minima[i] = least[j] as number;
  }
  const bands = new Int32Array(bandCount);
  const salt = hashString(scope);
  for (let band = 0; band < bandCount; band++) {
    let h = mix(salt ^ Math.imul(band + 1, 0x9e3779b9));
    for (let r = 0; r < bandRows; r++) h = mix(h ^ (minima[band * bandRows + r] as number));
    bands[band] = h | 0;
  }
  return bands;
}

/** Whether two texts of 8 words or more are near-copies (exact copies included); shorter ones fold only by fingerprint. */
export function nearCopies(a: string, b: string): boolean {
  const x = shinglesOf(comparedWords(a));
  const y = shinglesOf(comparedWords(b));
  return x !== null && y !== null && isNearCopy(x, y);
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
