/**
 * Text analysis shared by the inbox and social listening: language + sentiment of short social
 * comments, tuned for a Russian/Ukrainian/English-speaking audience, with Malay/Indonesian too.
 *
 * Design:
 * - `createAnalyzer()` is async only because the language database is loaded once; `analyze()` is
 *   synchronous and allocation-light, so ingesting 100k comments is a tight loop (see
 *   bench/analysis.ts: a few seconds per 100k on a 2-core machine).
 * - Language: eld (n-gram detector, "medium" database) restricted to the languages our users write
 *   in, plus a letter rule for the ru/uk/be confusion that n-grams get wrong on short text.
 * - Sentiment: the nlp.js lexicons, tokenizers and stemmers for en/ru/uk, scored here rather than
 *   through nlp.js's SentimentAnalyzer because that API is async (one Promise per comment) and its
 *   negation flips everything after "not" to the end of the text. On top of the lexicons sits a
 *   small layer (`rules.ts`) for what they miss in social comments: emoji, "!!!", negation scope
 *   ("не очень", "не рекомендую"), churn phrases ("ніколи більше") and domain words.
 * - Out of scope: sarcasm/irony ("Отличный сервис, ждал всего час 🙃" reads as positive), slang
 *   beyond the small domain list, aspect-level sentiment (one label per comment).
 */
import { createRequire } from "node:module";
import { eld } from "eld";
import {
  COMPLAINT_PHRASES,
  DOMAIN_WORDS,
  EMOJI,
  INTENSIFIERS,
  NEGATIONS,
  NEGATION_WEIGHT,
  NEUTRAL_WORDS,
  NOT_VERY_PENALTY,
  type LexLang,
} from "./rules.js";

export type TextAnalysis = {
  /** ISO 639-1 code, or null for empty, emoji-only or too-short text. */
  lang: string | null;
  sentiment: "positive" | "neutral" | "negative";
  /** −1 (very negative) … 1 (very positive). */
  score: number;
  /** 0 … 1: how much evidence the label rests on (not a calibrated probability). */
  confidence: number;
};

export type Analyzer = {
  analyze(text: string): TextAnalysis;
  analyzeMany(texts: Iterable<string>): TextAnalysis[];
};

/**
 * Languages the detector may answer. Restricting the set is the biggest accuracy win on short text:
 * without it, a three-word Russian comment is easily "bg" or "sr". eld has no Kazakh model, so kk
 * comments (Cyrillic) will come out as ru; the list keeps the other neighbours of the region. It has
 * one model for Malay and Indonesian: both come out as "ms".
 */
export const LANGUAGES = ["ru", "uk", "en", "be", "de", "pl", "lv", "lt", "et", "ms"] as const;

/**
 * "medium": the README's figures for short input (word pairs 88.4 % vs 90.4 % for "large") cost half
 * the memory (≈71 MB vs 138 MB) and a quarter of the load time; on our evaluation set both score the
 * same. "extrasmall"/"small" drop a few points on word pairs, which is what many comments are.
 */
const ELD_DATABASE = "medium";

/** Below this many letters a comment ("ок", "+", "👍👍") carries no reliable language signal. */
const MIN_LETTERS = 3;

/** |score| at or above which a comment is positive / negative. */
const THRESHOLD = 0.2;

type EldResult = { language: string; isReliable(): boolean; getScores(): Record<string, number> };
type EldDetector = { detect(text: string): EldResult; setLanguageSubset(langs: string[]): unknown; load(size: string): Promise<unknown> };
type Stemmer = { tokenizeAndStem(text: string, keepStops?: boolean): string[] };
type Tokenizer = { tokenize(text: string, normalize?: boolean): string[] };
type SentimentData = { afinn?: Record<string, number | string>; senticon?: Record<string, number | string> };

/** One language's scoring pipeline: text → tokens (normalised the same way as the lexicon keys). */
type Lexicon = { tokens(text: string): string[]; weights: Map<string, number>; negations: Set<string>; intensifiers: Set<string> };

const require = createRequire(import.meta.url);

function buildLexicon(lang: LexLang): Lexicon {
  let tokens: (text: string) => string[];
  let data: SentimentData;
  // The nlp.js lexicons have different scales: English SentiCon is −1…1 (mostly ±0.25…0.6), the
  // ru/uk AFINN-style lists are −5…5 but nearly binary (most entries are ±5, many of them general
  // words like "новый" or "праздник"). Map ±5 to ±0.5 so a generic lexicon hit counts as "mild" and
  // the strong values come from the curated domain words.
  let scale: number;
  if (lang === "en") {
    const m = require("@nlpjs/lang-en") as { StemmerEn: new () => Stemmer; SentimentEn: SentimentData };
    const stemmer = new m.StemmerEn();
    tokens = (t) => stemmer.tokenizeAndStem(t);
    data = m.SentimentEn;
    scale = 1;
  } else if (lang === "ru") {
    const m = require("@nlpjs/lang-ru") as { StemmerRu: new () => Stemmer; SentimentRu: SentimentData };
    const stemmer = new m.StemmerRu();
    tokens = (t) => stemmer.tokenizeAndStem(t);
    data = m.SentimentRu;
    scale = 10;
  } else if (lang === "ms") {
    // The Indonesian AFINN list (−5…5) stands for Malay too: the two share most sentiment words.
    const m = require("@nlpjs/lang-id") as { StemmerId: new () => Stemmer; SentimentId: SentimentData };
    const stemmer = new m.StemmerId();
    tokens = (t) => stemmer.tokenizeAndStem(t);
    data = m.SentimentId;
    scale = 10;
  } else {
    // nlp.js scores Ukrainian unstemmed; its tokenizer folds й→и and ї→і, so the lexicon keys are
    // folded the same way below or words like "чудовий" would never match.
    const m = require("@nlpjs/lang-uk") as { TokenizerUk: new () => Tokenizer; SentimentUk: SentimentData };
    const tokenizer = new m.TokenizerUk();
    tokens = (t) => tokenizer.tokenize(t, true);
    data = m.SentimentUk;
    scale = 10;
  }
  const fold = (word: string) => tokens(word).join(" ");
  const weights = new Map<string, number>();
  for (const [word, value] of Object.entries(data.senticon ?? data.afinn ?? {})) {
    const v = Number(value);
    const key = lang === "uk" ? fold(word) : word;
    if (key && Number.isFinite(v) && v !== 0) weights.set(key, Math.max(-1, Math.min(1, v / scale)));
  }
  // Short Cyrillic comments are often detected as the wrong one of ru/uk ("Не очень" has no telling
  // letter), so each Cyrillic lexicon also gets the other's rule words; they rarely collide.
  const ruleLangs: LexLang[] = lang === "en" ? ["en"] : lang === "ms" ? ["ms"] : lang === "ru" ? ["uk", "ru"] : ["ru", "uk"];
  const negations = new Set(ruleLangs.flatMap((l) => NEGATIONS[l].map(fold)));
  const intensifiers = new Set(ruleLangs.flatMap((l) => INTENSIFIERS[l].map(fold)));
  for (const l of ruleLangs) {
    // Domain words override the generic lexicon (e.g. uk "жахливо" is +4 there, as in "terribly good").
    for (const [word, v] of Object.entries(DOMAIN_WORDS[l])) weights.set(fold(word), v);
    for (const word of NEUTRAL_WORDS[l]) weights.delete(fold(word));
  }
  // Negations and intensifiers are operators, not sentiment ("very" is +0.44 in SentiCon).
  for (const w of [...negations, ...intensifiers]) weights.delete(w);
  return { tokens, weights, negations, intensifiers };
}

/**
 * Lexicon score of one clause. A negation flips the next sentiment word within three tokens
 * (damped: "not bad" is weaker than "good"); a negation followed only by an intensifier
 * ("не очень", "не дуже", "not very") means "not good". Clauses are split on punctuation by the
 * caller so "Не очень, кофе горький" does not flip "горький".
 */
function scoreClause(lex: Lexicon, clause: string): { sum: number; hits: number } {
  const toks = lex.tokens(clause);
  let sum = 0;
  let hits = 0;
  let window = 0;
  let sawIntensifier = false;
  for (const tok of toks) {
    if (lex.negations.has(tok)) {
      window = 3;
      sawIntensifier = false;
      continue;
    }
    const w = lex.weights.get(tok);
    if (w !== undefined) {
      sum += window > 0 ? -w * NEGATION_WEIGHT : w;
      hits++;
      window = 0;
      continue;
    }
    if (window > 0) {
      if (lex.intensifiers.has(tok)) sawIntensifier = true;
      window--;
      if (window === 0 && sawIntensifier) {
        sum -= NOT_VERY_PENALTY;
        hits++;
      }
    }
  }
  if (window > 0 && sawIntensifier) {
    sum -= NOT_VERY_PENALTY;
    hits++;
  }
  return { sum, hits };
}

const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+|\S+@\S+\.\w+|[@#][\p{L}\p{N}_]+/gu;
const LETTER_RE = /\p{L}/gu;
const CLAUSE_RE = /[.,;:!?…()\n]+/;
const CYRILLIC_WORD_RE = /[\p{Script=Cyrillic}'’ʼ-]*\p{Script=Cyrillic}[\p{Script=Cyrillic}'’ʼ-]*/gu;
const LATIN_WORD_RE = /[\p{Script=Latin}'’-]*\p{Script=Latin}[\p{Script=Latin}'’-]*/gu;
const UK_ONLY_RE = /[їєґЇЄҐ]/;
const UK_I_RE = /[іІ]/;
const RU_ONLY_RE = /[ыэъёЫЭЪЁ]/;
const BE_ONLY_RE = /[ўЎ]/;
const BE_LETTERS_RE = /[іІыЫўЎ]/;
const CYR_LANGS = new Set(["ru", "uk", "be"]);
const MULTI_EXCLAMATION_RE = /!{2,}|!\s*!/;

/**
 * Letters settle ru/uk/be when the detector is unsure — and on a short comment it is unsure between
 * these three whatever `isReliable()` says (it called "Найсмачніша кава на районі" Belarusian).
 * So the rule applies whenever the detector answered one of the three or gave no reliable answer:
 * ї/є/ґ exist only in Ukrainian; ы/э/ъ/ё never occur in Ukrainian; ў only in Belarusian; і without
 * ы/э/ў is Ukrainian (Belarusian text almost always has ы or ў). A detector answer the letters
 * agree with, or do not speak to, stands.
 */
function applyLetterRule(text: string, detected: string | null, reliable: boolean): string | null {
  if (detected !== null && reliable && !CYR_LANGS.has(detected)) return detected;
  const be = BE_ONLY_RE.test(text);
  const ukOnly = UK_ONLY_RE.test(text);
  const ruOnly = RU_ONLY_RE.test(text);
  const ukI = UK_I_RE.test(text);
  if (be && !ukOnly) return "be";
  if (ukOnly && !ruOnly) return "uk";
  if (ruOnly && !ukOnly && !ukI) return "ru";
  if (ruOnly && ukI && !ukOnly) return "be"; // і together with ы/э/ё: Belarusian spelling
  if (ukI && !ruOnly) return detected === "ru" || detected === "be" || detected === null ? "uk" : detected;
  return detected;
}

export async function createAnalyzer(): Promise<Analyzer> {
  // The documented way for eld v2: an isolated dynamic instance, then load() a database into it.
  const detector = eld.newInstance() as unknown as EldDetector;
  if (typeof detector.load !== "function") throw new Error("eld: expected the dynamic entry with load()");
  await detector.load(ELD_DATABASE);
  detector.setLanguageSubset([...LANGUAGES]);
  const lexicons: Record<LexLang, Lexicon> = { en: buildLexicon("en"), ru: buildLexicon("ru"), uk: buildLexicon("uk"), ms: buildLexicon("ms") };

  function detectLang(clean: string): string | null {
    const letters = clean.match(LETTER_RE);
    if (!letters || letters.length < MIN_LETTERS) return null;
    const r = detector.detect(clean);
    let detected = r.language === "" ? null : r.language;
    // Belarusian spelling has no "и" and nearly always shows і, ы or ў; a "be" answer without them
    // is a ru/uk comment the n-grams could not place, so take the better of those two.
    if (detected === "be" && (/[иИ]/.test(clean) || !BE_LETTERS_RE.test(clean))) {
      const scores = r.getScores();
      detected = (scores.uk ?? 0) >= (scores.ru ?? 0) ? "uk" : "ru";
    }
    return applyLetterRule(clean, detected, detected !== null && r.isReliable());
  }

  function scoreText(lex: Lexicon, text: string): { sum: number; hits: number } {
    let sum = 0;
    let hits = 0;
    for (const clause of text.split(CLAUSE_RE)) {
      if (!clause.trim()) continue;
      const r = scoreClause(lex, clause);
      sum += r.sum;
      hits += r.hits;
    }
    return { sum, hits };
  }

  function analyze(text: string): TextAnalysis {
    const raw = typeof text === "string" ? text : "";
    const clean = raw.replace(URL_RE, " ");
    const lang = detectLang(clean);
    const lower = clean.toLowerCase();

    let sum = 0;
    let hits = 0;

    // Emoji: language-independent and often the whole message. Counted per occurrence but capped
    // so "🔥🔥🔥🔥🔥" does not outweigh the words.
    let emojiSum = 0;
    for (const ch of raw) {
      const v = EMOJI.get(ch);
      if (v !== undefined) {
        emojiSum += v;
        hits++;
      }
    }
    sum += Math.max(-1.5, Math.min(1.5, emojiSum));

    // Complaint phrases ("never again", "nobody answers"): invisible to word lexicons.
    for (const [re, weight] of COMPLAINT_PHRASES) {
      if (re.test(lower)) {
        sum += weight;
        hits++;
      }
    }

    // Lexicons by script: Cyrillic words use the ru or uk lexicon, Latin words the English one, so
    // mixed comments ("Кава супер, but service is slow") are scored in both; Malay/Indonesian Latin
    // text by its own lexicon. Latin text in another detected language (de, pl…) has no lexicon:
    // English stems would misfire there.
    const cyr = clean.match(CYRILLIC_WORD_RE);
    if (cyr) {
      const cyrLang: LexLang = lang === "uk" || (lang !== "ru" && (UK_ONLY_RE.test(clean) || UK_I_RE.test(clean))) ? "uk" : "ru";
      const r = scoreText(lexicons[cyrLang], clean.replace(LATIN_WORD_RE, " "));
      sum += r.sum;
      hits += r.hits;
    }
    const lat = clean.match(LATIN_WORD_RE);
    if (lat && (lang === null || lang === "en" || lang === "ms" || CYR_LANGS.has(lang))) {
      const r = scoreText(lang === "ms" ? lexicons.ms : lexicons.en, cyr ? clean.replace(CYRILLIC_WORD_RE, " ") : clean);
      sum += r.sum;
      hits += r.hits;
    }

    // "!!!" amplifies whatever the comment already says; it has no direction of its own.
    if (MULTI_EXCLAMATION_RE.test(raw)) sum *= 1.3;
    // Questions ask rather than judge: "Is the latte good?" should not count as praise. Damped, not
    // zeroed, so "Why is it always cold?!" still leans negative.
    if (/\?\s*[^\p{L}\p{N}]*$/u.test(raw) && emojiSum === 0) sum *= 0.4;

    // Squash to −1…1: one strong word ≈ ±0.5, two ≈ ±0.67, so thresholds are stable as text grows.
    const score = Math.round((sum / (1 + Math.abs(sum))) * 1000) / 1000;
    const sentiment = score >= THRESHOLD ? "positive" : score <= -THRESHOLD ? "negative" : "neutral";

    // Confidence: strength of the score plus how many independent signals back it. A neutral with
    // no hits is "probably neutral" (lexicons miss words), one with cancelling hits is less sure.
    // Languages without a lexicon (de, pl…) rely on emoji alone, so their confidence is halved.
    let confidence: number;
    if (sentiment === "neutral") confidence = hits === 0 ? 0.6 : 0.5 * (1 - Math.abs(score) / THRESHOLD) + 0.2;
    else confidence = Math.min(1, 0.35 + Math.abs(score) * 0.6 + Math.min(hits, 3) * 0.08);
    if (lang !== null && lang !== "en" && lang !== "ru" && lang !== "uk" && lang !== "ms") confidence *= 0.5;
    if (raw.trim() === "") confidence = 1;
    return { lang, sentiment, score, confidence: Math.round(confidence * 100) / 100 };
  }

  return {
    analyze,
    analyzeMany: (texts) => Array.from(texts, analyze),
  };
}
