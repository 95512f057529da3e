/**
 * Names that look generated or were never chosen, for the audience audit (bot-score.ts): the
 * defaults networks give (VK's "id123456", "user123456", Bluesky handles of digits), long digit
 * runs, random-looking letter strings in Latin and Cyrillic, homoglyph mixes, and the names networks
 * show for deleted accounts. Yang et al. (AAAI 2020) use digits in the screen name and the name, and
 * how likely the screen name is, as bot features; Gurajala et al. (2016) found fake accounts by
 * screen-name patterns. Each rule is a pattern a person rarely chooses; docs/audience-audit.md
 * lists them with examples and known false alarms.
 */
import type { RemoteFollower } from "../connectors/types.js";

export const nameRules = {
  /** A run of this many digits in a handle or name is generated ("anna84019375"); years (4) are not. */
  digitRun: 5,
  /** Letters and digits alternating this many times in one word ("k3j9x2") look random. */
  letterDigitSwitches: 4,
  /** This many consonants in a row (after folding ch, sh, sch, zh, kh, ts, th, ph, ck, gh) look random. */
  consonantRun: 5,
  /** A word of at least 8 letters with at most 1 vowel looks random. */
  fewVowels: { minLetters: 8, maxVowels: 1 },
} as const;

export type NameRule = "network_default" | "digit_run" | "letters_digits" | "consonant_run" | "few_vowels" | "mixed_scripts";

/** Domains of hosted handles, removed before looking at a handle ("123456.bsky.social" → "123456"). */
const hostedSuffixes = [".bsky.social"];

/** The part of a handle a person chose: no "@", no Mastodon instance, no hosting domain. */
export function handleLocalPart(handle: string): string {
  const h = handle.trim().toLowerCase().replace(/^@/, "").split("@")[0] ?? "";
  const suffix = hostedSuffixes.find((s) => h.endsWith(s) && h.length > s.length);
  return suffix ? h.slice(0, -suffix.length) : h;
}

/**
 * Handles networks give accounts whose owner never chose one: VK's "id123456", "user123456" on
 * many sites, a first label of digits only (Bluesky handles such as 12345.bsky.social, Telegram's
 * numeric ids); and the placeholder names of a profile never filled in.
 */
const defaultHandles = [/^id\d{3,}$/, /^(user|usr|u|anon|anonymous|guest)[._-]?\d{3,}$/, /^\d{3,}$/];
const defaultNames = /^(user|new user|anonymous|пользователь|новый пользователь|користувач|новий користувач|аноним|анонім)\s*\d*$/iu;
/** What networks show for a deleted or deactivated account: VK's "DELETED", Telegram's "Deleted Account". */
const deletedNames = /^(deleted|deleted account|deleted user|удал[её]нн?ый( аккаунт| пользователь)?|видалений( акаунт| користувач)?)$/iu;

const digitRun = new RegExp(`\\d{${nameRules.digitRun},}`);
const latinVowels = new Set("aeiouy");
const cyrillicVowels = new Set("аеёиоуыэюяіїєй");
const latinDigraphs = /sch|ch|sh|zh|kh|ts|th|ph|ck|gh/g;
const isLatin = (c: string) => c >= "a" && c <= "z";
const isCyrillic = (c: string) => /\p{Script=Cyrillic}/u.test(c);

/** The longest run of consonants in a lower-case word, digraphs folded, soft and hard signs ignored. */
function longestConsonantRun(word: string): number {
  const folded = word.replace(latinDigraphs, "x").replace(/[ьъ']/g, "");
  let best = 0;
  let run = 0;
  for (const c of folded) {
    const consonant = (isLatin(c) && !latinVowels.has(c)) || (isCyrillic(c) && !cyrillicVowels.has(c));
    run = consonant ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

function letterDigitSwitches(word: string): number {
  let switches = 0;
  let last: "l" | "d" | null = null;
  for (const c of word) {
    const kind = /\d/.test(c) ? "d" : /\p{L}/u.test(c) ? "l" : null;
    if (kind && last && kind !== last) switches++;
    if (kind) last = kind;
  }
  return switches;
}

function fewVowels(word: string): boolean {
  const letters = [...word].filter((c) => /\p{L}/u.test(c));
  if (letters.length < nameRules.fewVowels.minLetters || letters.length !== [...word].length) return false;
  const vowels = letters.filter((c) => latinVowels.has(c) || cyrillicVowels.has(c)).length;
  return vowels <= nameRules.fewVowels.maxVowels;
}

/**
 * Which generated-name rules a handle and display name break (none: the name looks chosen). The
 * rules read Latin and Cyrillic; other scripts only meet the digit and default-name rules.
 */
export function generatedNameRules(handle: string, name: string): NameRule[] {
  const local = handleLocalPart(handle);
  const handleWords = local.split(/[._-]+/).filter(Boolean);
  const nameWords = name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const rules = new Set<NameRule>();
  const firstLabel = local.split(".")[0] ?? "";
  if (defaultHandles.some((re) => re.test(local) || re.test(firstLabel)) || defaultNames.test(name.trim())) rules.add("network_default");
  if (digitRun.test(local) || digitRun.test(name)) rules.add("digit_run");
  const words = [...handleWords, ...nameWords];
  if (words.some((w) => letterDigitSwitches(w) >= nameRules.letterDigitSwitches)) rules.add("letters_digits");
  if (words.some((w) => longestConsonantRun(w) >= nameRules.consonantRun)) rules.add("consonant_run");
  if (words.some(fewVowels)) rules.add("few_vowels");
  // "Мaрина" with a Latin "a": a trick to slip past filters, never how a person writes their name.
  if (nameWords.some((w) => [...w].some(isLatin) && [...w].some(isCyrillic))) rules.add("mixed_scripts");
  return [...rules];
}

export const isDeletedAccount = (f: Pick<RemoteFollower, "name">): boolean => deletedNames.test(f.name.trim());

/** No display name: empty, or the handle repeated (what a network shows when none was set). */
export function hasNoDisplayName(f: RemoteFollower): boolean {
  const name = f.name.trim().toLowerCase().replace(/^@/, "");
  if (name === "") return true;
  const local = handleLocalPart(f.handle);
  return name === f.handle.trim().toLowerCase().replace(/^@/, "") || name === local || name === local.split(".")[0];
}
