/**
 * The small rule layer on top of the nlp.js lexicons. Everything here exists because the generic
 * lexicons miss or mis-score it in short social comments to a shop or café:
 * - DOMAIN_WORDS: everyday praise/complaint words absent from the lexicons ("вкусно", "смачно",
 *   "overpriced", "нахамил") or scored wrongly (uk "жахливо" is +4 there). Values are −1…1; they
 *   replace the lexicon entry. Words are written naturally and stemmed/folded at start-up by the
 *   same pipeline as the text, so one form usually covers the others.
 * - NEUTRAL_WORDS: words the lexicons score but which are facts in a shop inbox ("time", "pay",
 *   "open", "free"), so "What time do you open?" is not praise.
 * - NEGATIONS / INTENSIFIERS: the ru/uk/id lexicons ship no negation list at all.
 * - EMOJI: often the whole sentiment of a comment, and language-independent.
 * - CHURN_PHRASES: "never again" and friends, the clearest complaint signal there is.
 * Keep this list short and generic; it is a safety net, not a second lexicon.
 */
/** "ms" is Malay and Indonesian together: the detector has one model for both, the lexicon is Indonesian. */
export type LexLang = "en" | "ru" | "uk" | "ms";

/** A negated sentiment word counts at this fraction, reversed: "not bad" is weaker than "good". */
export const NEGATION_WEIGHT = 0.8;
/** "не очень", "не дуже", "not very": polite for "bad". */
export const NOT_VERY_PENALTY = 0.5;

const P = 0.6; // clear praise
const p = 0.4; // mild praise
const N = -0.8; // clear complaint
const n = -0.45; // mild complaint

export const DOMAIN_WORDS: Record<LexLang, Record<string, number>> = {
  en: {
    love: P, amazing: P, awesome: P, delicious: P, tasty: P, yummy: P, best: P, great: 0.5, perfect: P,
    excellent: P, fantastic: P, lovely: 0.5, favorite: P, favourite: P, recommend: 0.5, good: p, nice: p,
    cozy: p, cosy: p, friendly: p, fresh: 0.3, fast: 0.3, quick: 0.3, convenient: p, thanks: p, thank: p, wow: p,
    worst: N, terrible: N, awful: N, horrible: N, disgusting: N, gross: N, rude: -0.7, dirty: -0.6,
    overpriced: -0.6, stale: -0.5, burnt: n, cold: n, slow: n, dry: -0.3, spilled: n, spilt: n, waited: -0.3,
    disappointed: -0.6, disappointing: -0.6, refund: n, charged: -0.3, ignored: -0.5, poisoned: -0.9, bad: -0.6,
  },
  ru: {
    вкусно: P, вкусный: P, вкусная: P, вкусное: P, вкусные: P, лучший: P, лучшая: P, отличный: P, отлично: P,
    обожаю: 0.7, люблю: P, спасибо: p, благодарю: p, супер: P, класс: 0.5, классный: 0.5, классное: 0.5,
    рекомендую: 0.5, советую: 0.5, уютно: 0.5, уютный: 0.5, приятный: p, приятные: p, свежий: 0.3, свежие: 0.3,
    вежливый: p, приветливые: p, быстро: 0.3, быстрый: 0.3, огонь: 0.5, молодцы: P, шикарно: P, кайф: P,
    идеально: P, нравится: 0.5, вернемся: 0.3,
    ужасно: N, ужасный: N, ужасное: N, отвратительно: N, отвратительный: N, кошмар: N, хамство: N, нахамил: N,
    хамят: N, грубый: -0.6, грязно: -0.6, грязные: -0.6, грязный: -0.6, холодный: n, холодное: n, несвежий: -0.6,
    несвежее: -0.6, невкусно: -0.6, невкусный: -0.6, горький: n, дорого: -0.3, долго: n, ждали: -0.3,
    разочарован: -0.6, разочарование: -0.6, отравился: -0.9, отравление: -0.9, обман: -0.7, молчит: n,
    игнорируют: -0.5, позор: N, отстой: N, худший: N, плохо: -0.6, плохой: -0.6,
  },
  uk: {
    смачно: P, смачна: P, смачний: P, смачні: P, найсмачніша: 0.7, найсмачніший: 0.7, смакота: 0.7, чудово: P,
    чудовий: P, чудові: P, найкращий: P, найкраща: P, дякую: p, дякуємо: p, супер: P, клас: 0.5, класно: 0.5,
    рекомендую: 0.5, раджу: 0.5, затишно: 0.5, затишний: 0.5, привітний: p, привітні: p, свіжі: 0.3, свіжий: 0.3,
    швидко: 0.3, швидка: 0.3, вогонь: 0.5, молодці: P, люблю: P, обожнюю: 0.7, подобається: 0.5, ідеально: P,
    жахливо: N, жахливий: N, жахливе: N, жах: N, огидно: N, огидний: N, грубий: -0.6, грубо: -0.6, брудно: -0.6,
    брудні: -0.6, брудний: -0.6, холодна: n, холодний: n, холодне: n, несвіжий: -0.6, несвіже: -0.6, несвіжі: -0.6,
    несмачно: -0.6, несмачна: -0.6, гірка: n, гіркий: n, дорого: -0.3, довго: n, чекали: -0.3,
    розчарований: -0.6, розчарування: -0.6, отруївся: -0.9, отруєння: -0.9, обман: -0.7, мовчить: n,
    ігнорують: -0.5, ганьба: N, найгірший: N, погано: -0.6, поганий: -0.6,
  },
  // Malay and Indonesian (the nlp.js Indonesian lexicon lacks the everyday food-and-service words).
  ms: {
    enak: P, sedap: P, lazat: P, mantap: P, mantul: P, terbaik: P, suka: p, senang: p, puas: p, ramah: p,
    cepat: 0.3, segar: 0.3, murah: 0.3, selesa: p, nyaman: p, recommended: 0.5, terima: 0.3, kasih: 0.3, bagus: 0.5,
    lambat: n, lama: -0.3, dingin: n, sejuk: -0.3, basi: -0.6, mahal: -0.4, kotor: -0.6, kasar: -0.6, kecewa: -0.7,
    mengecewakan: -0.7, teruk: N, buruk: -0.6, parah: -0.6, zalim: N, tipu: -0.7, penipuan: N, hampa: -0.6,
    marah: -0.6, benci: -0.7, jijik: N, keracunan: -0.9, rugi: -0.5, lewat: -0.3, salah: -0.3,
  },
};

export const NEUTRAL_WORDS: Record<LexLang, string[]> = {
  en: ["time", "pay", "open", "sure", "free", "high", "order", "card", "store", "still", "start", "main", "about", "saw"],
  ru: ["время", "работаете", "стоит", "можно", "есть", "новый", "новая", "праздники", "поддержка"],
  uk: ["працюєте", "можна", "новий", "нова", "свята", "підтримка"],
  ms: ["buka", "jam", "harga", "bayar", "pesan", "order"],
};

export const NEGATIONS: Record<LexLang, string[]> = {
  en: ["not", "no", "never", "nobody", "nothing", "hardly"],
  ru: ["не", "нет", "ни", "никогда", "никто"],
  uk: ["не", "ні", "ніколи", "ніхто"],
  ms: ["tidak", "tak", "bukan", "belum", "jangan", "tiada", "gak", "nggak", "enggak", "ndak"],
};

export const INTENSIFIERS: Record<LexLang, string[]> = {
  en: ["very", "so", "that", "too", "really"],
  ru: ["очень", "особо", "так", "сильно", "прям"],
  uk: ["дуже", "особливо", "так", "сильно"],
  ms: ["sangat", "sekali", "banget", "amat", "terlalu", "begitu"],
};

/** Emoji → weight. ☕ and the like are neutral; 😭 is weak because it is used for joy as often. */
export const EMOJI = new Map<string, number>([
  ...["😍", "🥰", "❤", "💖", "💕", "💗", "😋", "🤩", "💯", "🎉", "😁", "😊", "☺", "🙌", "👏", "👌", "🤤"].map(
    (e) => [e, 0.6] as [string, number],
  ),
  ["👍", 0.5],
  ["🔥", 0.5],
  ["😀", 0.4],
  ["😃", 0.4],
  ["😄", 0.4],
  ["💪", 0.4],
  ["🙏", 0.3],
  ["✨", 0.3],
  ["⭐", 0.3],
  ["😡", -0.7],
  ["🤬", -0.8],
  ["👎", -0.7],
  ["🤮", -0.8],
  ["🤢", -0.7],
  ["💩", -0.7],
  ["😠", -0.6],
  ["💔", -0.6],
  ["😤", -0.5],
  ["😞", -0.5],
  ["🙄", -0.5],
  ["😒", -0.5],
  ["🤦", -0.5],
  ["😕", -0.4],
  ["😩", -0.4],
  ["😢", -0.4],
  ["😭", -0.2],
]);

/**
 * Complaint phrases matched on the lower-cased text, with their weight: "never again" (the customer
 * is leaving), being ignored and being charged twice, the commonest inbox complaints that contain
 * no sentiment word at all.
 */
export const COMPLAINT_PHRASES: [RegExp, number][] = [
  [/\bnever\s+again\b|\bnever\s+(?:coming|going)\s+back\b|\bwon'?t\s+be\s+(?:back|returning)\b|\bnot\s+coming\s+back\b/, -1],
  [/никогда\s+больше|больше\s+никогда|больше\s+(?:сюда\s+)?не\s+(?:приду|пойду|закажу|вернусь|буду)/, -1],
  [/ніколи\s+більше|більше\s+ніколи|більше\s+(?:сюди\s+)?не\s+(?:прийду|піду|замовлю|повернусь|повернуся|буду)/, -1],
  [/\b(?:nobody|no\s+one)\s+(?:answers|replies|responds)|\bno\s+(?:answer|reply|response)\b|никто\s+не\s+отвечает|не\s+отвечают|ніхто\s+не\s+відповідає|не\s+відповідають/, -0.6],
  [/\btak\s+akan\s+(?:datang|beli|order)\s+lagi\b|\btidak\s+akan\s+(?:datang|beli|pesan)\s+lagi\b|\bkapok\b/, -1],
  [/\bcharged\s+(?:me\s+)?twice\b|\bdouble[-\s]charged\b|списали\s+дважды|дважды\s+списали|зняли\s+двічі|двічі\s+зняли/, -0.6],
];
