/**
 * Writes followers.labeled.jsonl: a synthetic, labelled set of follower profiles for measuring the
 * audience audit (src/domain/bot-score.ts). Nothing in it is a real account: names are drawn from
 * lists of common first names and surnames and combined at random, handles are made from them,
 * numbers are drawn from distributions. What kinds of account there are, and how each looks, is
 * modelled on published descriptions of fake followers and bots (see README.md); the numbers are
 * this script's, not measurements.
 *
 * Seeded: `npx tsx datasets/audience/generate.ts` writes the same file every time
 * (src/services/analytics/audit-eval.test.ts checks that the committed file is this script's output).
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { between, intBetween, logNormal, pick, type Rng, rngFor } from "../../src/connectors/sandbox/random.js";
import type { LabeledFollower } from "../../src/services/analytics/audit-eval.js";

const dayMs = 86_400_000;
const hourMs = 3_600_000;
/** The committed set's seed; any other gives a fresh set drawn the same way (a development set). */
export const defaultSeed = "chorus-audience-v1";

// ---- Names ---------------------------------------------------------------------------------------

const ruFemale = ["Анна", "Мария", "Екатерина", "Ольга", "Наталья", "Елена", "Ирина", "Татьяна", "Юлия", "Дарья", "Светлана", "Ксения"];
const ruMale = ["Алексей", "Дмитрий", "Сергей", "Андрей", "Иван", "Михаил", "Павел", "Артём", "Никита", "Владимир", "Егор", "Роман"];
const ruSurnames = ["Смирнов", "Иванов", "Кузнецов", "Попов", "Волков", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Петров", "Орлов", "Егоров", "Зайцев", "Павлов", "Семенов", "Голубев", "Виноградов", "Богданов", "Воробьев"];
const ukFirst = ["Олена", "Оксана", "Ірина", "Наталія", "Тетяна", "Юлія", "Марія", "Софія", "Андрій", "Тарас", "Богдан", "Дмитро", "Олександр", "Остап", "Василь", "Максим"];
const ukSurnames = ["Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник", "Шевчук", "Лисенко", "Олійник", "Гончаренко", "Поліщук", "Савченко", "Руденко", "Мороз", "Кравець", "Бойко"];
const enFirst = ["Emily", "James", "Olivia", "Daniel", "Sophie", "Lucas", "Hannah", "Tom", "Priya", "Noah", "Chloe", "Ethan", "Grace", "Liam", "Mia", "Ben", "Aisha", "Marco"];
const enSurnames = ["Carter", "Walker", "Shah", "Becker", "Rossi", "Kim", "Müller", "Martin", "Nguyen", "Lopez", "Brooks", "Hughes", "Patel", "Novak", "Fischer", "Reid", "Okafor", "Lindqvist"];
const interests = ["coffee", "runner", "travel", "photo", "books", "cats", "music", "design", "dev", "mama", "kyiv", "spb", "moscow", "london", "garden", "bikes", "food", "art"];

/** The first names fake-follower sellers favour (DOMAIN: profiles "designed to appeal"), emoji and all. */
const botFirst = ["Марина", "Кристина", "Анжелика", "Вика", "Настя", "Алина", "Карина", "Kristina", "Jessica", "Angelina", "Milana", "Alice"];
const botDecor = ["", "", "", " ❤️", " 💋", " 🌸", " ✨"];
/** Spam phrases of the kind Socialbakers listed ("diet", "make money", "work from home"). */
const promoNames = ["Best Deals", "Promo Shop", "Work From Home", "Crypto Signals", "Make Money Online", "Diet Secrets", "Заработок дома", "Скидки каждый день", "Ставки на спорт", "Похудение без диет", "Подписчики недорого", "Розпродаж щодня"];
const promoWords = ["bestdeals", "promo", "shop", "crypto", "earn", "diet", "skidki", "sale", "bonus", "money"];

const translit: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", ґ: "g", д: "d", е: "e", ё: "yo", є: "ye", ж: "zh", з: "z", и: "i", і: "i", ї: "yi", й: "y", к: "k", л: "l", м: "m", н: "n", о: "o",
  п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya", "'": "", ü: "u", "’": "",
};
const latin = (s: string) =>
  [...s.toLowerCase()]
    .map((c) => translit[c] ?? c)
    .join("")
    .replace(/[^a-z0-9]/g, "");

type Person = { first: string; last: string };
function personName(rng: Rng): Person {
  const lang = rng();
  if (lang < 0.45) {
    const female = rng() < 0.5;
    const last = pick(rng, ruSurnames);
    return { first: pick(rng, female ? ruFemale : ruMale), last: female ? `${last}а` : last };
  }
  if (lang < 0.7) return { first: pick(rng, ukFirst), last: pick(rng, ukSurnames) };
  return { first: pick(rng, enFirst), last: pick(rng, enSurnames) };
}

/** How people write their display name: full name mostly, first name or a nickname sometimes. */
function displayName(rng: Rng, p: Person): string {
  const r = rng();
  if (r < 0.7) return `${p.first} ${p.last}`;
  if (r < 0.85) return p.first;
  if (r < 0.95) return `${p.first} ${p.last[0]}.`;
  return `${latin(p.first)}_${pick(rng, interests)}`;
}

const digits = (rng: Rng, n: number) => Array.from({ length: n }, (_, i) => String(i === 0 ? intBetween(rng, 1, 9) : intBetween(rng, 0, 9))).join("");

/** A handle a person chose, in one of the usual shapes, on one of three kinds of network. */
function personHandle(rng: Rng, p: Person): string {
  const f = latin(p.first);
  const l = latin(p.last);
  const shapes = [
    () => `${f}.${l}`,
    () => `${f}_${l}`,
    () => `${f}${l}`,
    () => `${f[0]}${l}`,
    () => `${f}.${l}${intBetween(rng, 1, 999)}`,
    () => `${f}${intBetween(rng, 1968, 2008)}`,
    () => `${l}.${f}`,
    () => `${f}_${pick(rng, interests)}`,
    () => `${pick(rng, interests)}.${f}`,
  ];
  return withNetwork(rng, pick(rng, shapes)());
}
const withNetwork = (rng: Rng, local: string) => (rng() < 0.35 ? `${local}.bsky.social` : local);

/** What a network gives an account whose owner never picked a handle. */
function defaultHandle(rng: Rng): string {
  const r = rng();
  if (r < 0.6) return `id${digits(rng, intBetween(rng, 6, 9))}`;
  if (r < 0.85) return `user${digits(rng, intBetween(rng, 6, 9))}`;
  return `${digits(rng, intBetween(rng, 6, 10))}.bsky.social`;
}

const consonants = "bcdfghjklmnpqrstvwxz";
const letters = "abcdefghijklmnopqrstuvwxyz";
/** Handles of mass-registered accounts: defaults, a name with a long number, random strings. */
function botHandle(rng: Rng, first: string): string {
  const r = rng();
  if (r < 0.3) return defaultHandle(rng);
  if (r < 0.55) return withNetwork(rng, `${latin(first)}${digits(rng, intBetween(rng, 5, 8))}`);
  if (r < 0.7) return withNetwork(rng, Array.from({ length: intBetween(rng, 6, 10) }, () => pick(rng, [...letters])).join(""));
  if (r < 0.8) return withNetwork(rng, Array.from({ length: intBetween(rng, 3, 4) }, () => `${pick(rng, [...consonants])}${intBetween(rng, 0, 9)}`).join(""));
  // The rest look chosen: sellers vary their patterns to slip past filters.
  return personHandle(rng, { first, last: pick(rng, ruSurnames) });
}

/** "Мaрина" with a Latin a: a homoglyph mix sellers use to dodge filters. */
const homoglyph = (s: string) => s.replace("а", "a").replace("о", "o");

function botDisplayName(rng: Rng, first: string): string {
  const r = rng();
  if (r < 0.45) return `${first}${pick(rng, botDecor)}`;
  if (r < 0.6) return `${first} ${pick(rng, [...ruSurnames.map((s) => `${s}а`), ...enSurnames])}`;
  if (r < 0.72) return homoglyph(first);
  if (r < 0.85) return "";
  return pick(rng, promoNames);
}

// ---- Accounts --------------------------------------------------------------------------------------

export const kinds = [
  "person",
  "person_no_avatar",
  "person_default_handle",
  "lurker",
  "new_person",
  "wave_person",
  "abandoned",
  "empty_account",
  "deleted",
  "farm_bot",
  "loose_bot",
  "aged_bot",
  "promo_bot",
] as const;
export type Kind = (typeof kinds)[number];

const labelOf: Record<Kind, LabeledFollower["label"]> = {
  person: "live",
  person_no_avatar: "live",
  person_default_handle: "live",
  lurker: "live",
  new_person: "live",
  wave_person: "live",
  abandoned: "dead",
  empty_account: "dead",
  deleted: "dead",
  farm_bot: "bot",
  loose_bot: "bot",
  aged_bot: "bot",
  promo_bot: "bot",
};

type Profile = Omit<LabeledFollower, "sample" | "auditedAt" | "channelFollowers" | "label" | "kind">;
type Ctx = { rng: Rng; at: number; farmBatches: number[]; wave: number };

const iso = (t: number) => new Date(Math.round(t / 1000) * 1000).toISOString();
const ago = (c: Ctx, days: number) => c.at - days * dayMs;
const count = (x: number) => Math.max(0, Math.round(x));
/** Ages of established accounts: more young ones than old, as networks grow. */
const establishedAge = (rng: Rng) => 90 + 3300 * rng() ** 1.4;

/** A real person who uses the account: picture, name, posts, followers about as many as followed. */
function person(c: Ctx, over: { avatar?: number; handle?: string; createdAt?: number } = {}): Profile {
  const { rng } = c;
  const p = personName(rng);
  const created = over.createdAt ?? ago(c, establishedAge(rng));
  return {
    handle: over.handle ?? personHandle(rng, p),
    name: rng() < 0.96 ? displayName(rng, p) : "",
    hasAvatar: rng() < (over.avatar ?? 0.93),
    posts: Math.max(4, count(120 * logNormal(rng, 1.1))),
    followers: count(180 * logNormal(rng, 1)),
    following: count(200 * logNormal(rng, 0.7)),
    createdAt: iso(created),
    lastActiveAt: iso(Math.max(created, c.at - Math.min(170, -Math.log(1 - rng()) * 7) * dayMs)),
  };
}

const make: Record<Kind, (c: Ctx) => Profile> = {
  person: (c) => person(c),
  person_no_avatar: (c) => person(c, { avatar: 0 }),
  person_default_handle: (c) => person(c, { avatar: 0.7, handle: defaultHandle(c.rng) }),
  wave_person: (c) => person(c, { createdAt: c.wave + between(c.rng, 0, 10) * dayMs }),
  /** Reads, rarely or never posts; some networks show when they were last around, some do not. */
  lurker: (c) => {
    const { rng } = c;
    const p = personName(rng);
    const created = ago(c, between(rng, 100, 3000));
    return {
      handle: personHandle(rng, p),
      name: rng() < 0.85 ? displayName(rng, p) : "",
      hasAvatar: rng() < 0.55,
      posts: rng() < 0.6 ? 0 : intBetween(rng, 1, 3),
      followers: count(8 * logNormal(rng, 1)),
      following: count(120 * logNormal(rng, 0.8)),
      createdAt: iso(created),
      lastActiveAt: rng() < 0.65 ? iso(ago(c, between(rng, 0, 90))) : null,
    };
  },
  /** Joined in the last six weeks: often no picture yet, little posted, few followers. */
  new_person: (c) => {
    const { rng } = c;
    const p = personName(rng);
    const created = ago(c, between(rng, 1, 45));
    const r = rng();
    return {
      handle: personHandle(rng, p),
      name: rng() < 0.75 ? displayName(rng, p) : "",
      hasAvatar: rng() < 0.45,
      posts: r < 0.4 ? 0 : r < 0.7 ? intBetween(rng, 1, 3) : intBetween(rng, 4, 12),
      followers: intBetween(rng, 0, 25),
      following: intBetween(rng, 5, 150),
      createdAt: iso(created),
      lastActiveAt: rng() < 0.8 ? iso(Math.max(created, ago(c, between(rng, 0, 5)))) : null,
    };
  },
  /** A real account its owner stopped using more than half a year ago. */
  abandoned: (c) => {
    const { rng } = c;
    const p = personName(rng);
    const created = ago(c, between(rng, 800, 4000));
    const last = Math.max(created + 30 * dayMs, ago(c, between(rng, 185, 2500)));
    return {
      handle: personHandle(rng, p),
      name: rng() < 0.95 ? displayName(rng, p) : "",
      hasAvatar: rng() < 0.8,
      posts: 1 + count(40 * logNormal(rng, 1.2)),
      followers: count(90 * logNormal(rng, 1)),
      following: count(150 * logNormal(rng, 0.8)),
      createdAt: iso(created),
      lastActiveAt: iso(last),
    };
  },
  /** Registered, followed a few accounts, never used again. */
  empty_account: (c) => {
    const { rng } = c;
    const p = personName(rng);
    return {
      handle: personHandle(rng, p),
      name: rng() < 0.7 ? displayName(rng, p) : "",
      hasAvatar: rng() < 0.25,
      posts: 0,
      followers: intBetween(rng, 0, 5),
      following: intBetween(rng, 1, 40),
      createdAt: iso(ago(c, between(rng, 200, 3000))),
      lastActiveAt: null,
    };
  },
  /** What VK ("DELETED", handle id…) and Telegram ("Deleted Account") show for a deleted account. */
  deleted: (c) => {
    const { rng } = c;
    const vk = rng() < 0.7;
    return {
      handle: vk ? `id${digits(rng, intBetween(rng, 6, 9))}` : `user${digits(rng, intBetween(rng, 7, 10))}`,
      name: vk ? "DELETED" : "Deleted Account",
      hasAvatar: false,
      posts: 0,
      followers: 0,
      following: 0,
      createdAt: iso(ago(c, between(rng, 300, 4000))),
      lastActiveAt: null,
    };
  },
  /** A bought follower registered with a batch (Thomas et al.; Bellutta & Carley): a day or so apart. */
  farm_bot: (c) => {
    const { rng } = c;
    const first = pick(rng, botFirst);
    const created = pick(rng, c.farmBatches) + between(rng, 0, 30) * hourMs;
    const r = rng();
    const massFollow = rng() < 0.85;
    return {
      handle: botHandle(rng, first),
      name: botDisplayName(rng, first),
      hasAvatar: rng() < 0.2,
      posts: r < 0.75 ? 0 : r < 0.95 ? intBetween(rng, 1, 3) : intBetween(rng, 4, 15),
      followers: count(4 * logNormal(rng, 1)),
      following: massFollow ? Math.max(200, count(900 * logNormal(rng, 0.8))) : intBetween(rng, 20, 150),
      createdAt: iso(created),
      lastActiveAt: botLastActive(c, created),
    };
  },
  /** A bought follower from a reseller's stock, registered at no particular time. */
  loose_bot: (c) => {
    const { rng } = c;
    const first = pick(rng, botFirst);
    const created = ago(c, between(rng, 30, 1200));
    const r = rng();
    const humanLike = rng() < 0.5;
    const p = personName(rng);
    return {
      handle: humanLike ? personHandle(rng, p) : botHandle(rng, first),
      name: humanLike ? displayName(rng, p) : botDisplayName(rng, first),
      hasAvatar: rng() < 0.35,
      posts: r < 0.6 ? 0 : r < 0.85 ? intBetween(rng, 1, 3) : intBetween(rng, 4, 30),
      followers: count(10 * logNormal(rng, 1)),
      following: count(700 * logNormal(rng, 0.9)),
      createdAt: iso(created),
      lastActiveAt: rng() < 0.3 ? iso(Math.max(created, ago(c, between(rng, 0, 400)))) : botLastActive(c, created),
    };
  },
  /** An old account bought or taken over and used to follow: a real-looking past, a few posts. */
  aged_bot: (c) => {
    const { rng } = c;
    const p = personName(rng);
    const created = ago(c, between(rng, 1000, 3500));
    return {
      handle: personHandle(rng, p),
      name: displayName(rng, p),
      hasAvatar: rng() < 0.7,
      posts: 1 + count(12 * logNormal(rng, 1)),
      followers: count(40 * logNormal(rng, 0.9)),
      following: count(600 * logNormal(rng, 0.8)),
      createdAt: iso(created),
      lastActiveAt: rng() < 0.6 ? iso(Math.max(created + 60 * dayMs, ago(c, between(rng, 400, 2000)))) : iso(ago(c, between(rng, 0, 60))),
    };
  },
  /** A spam or promotion account: posts a lot and follows thousands hoping to be followed back. */
  promo_bot: (c) => {
    const { rng } = c;
    const promo = rng() < 0.7;
    const p = personName(rng);
    return {
      handle: promo ? withNetwork(rng, `${pick(rng, promoWords)}${rng() < 0.5 ? "_" : ""}${intBetween(rng, 1, 9999)}`) : personHandle(rng, p),
      name: promo ? pick(rng, promoNames) : displayName(rng, p),
      hasAvatar: rng() < 0.9,
      posts: count(400 * logNormal(rng, 1)),
      followers: count(250 * logNormal(rng, 0.8)),
      following: count(3000 * logNormal(rng, 0.5)),
      createdAt: iso(ago(c, between(rng, 30, 900))),
      lastActiveAt: iso(ago(c, between(rng, 0, 3))),
    };
  },
};

/** Mass-registered accounts: nothing since the day they were made, or a recent "last seen" when used. */
function botLastActive(c: Ctx, created: number): string | null {
  const r = c.rng();
  if (r < 0.5) return null;
  if (r < 0.85) return iso(Math.min(c.at, created + between(c.rng, 0, 20) * hourMs));
  return iso(Math.max(created, ago(c, between(c.rng, 0, 30))));
}

// ---- Samples -------------------------------------------------------------------------------------

/** One audit: a channel's 300 sampled followers, by kind; "person" makes up the rest. */
type SampleSpec = { id: string; channelFollowers: number; farmBatches: number; mix: Partial<Record<Exclude<Kind, "person">, number>> };
const sampleSize = 300;

export const sampleSpecs: SampleSpec[] = [
  {
    id: "s1-coffee-shop",
    channelFollowers: 4_800,
    farmBatches: 0,
    mix: { loose_bot: 7, aged_bot: 5, promo_bot: 3, abandoned: 24, empty_account: 6, deleted: 3, lurker: 30, new_person: 15, person_no_avatar: 12, person_default_handle: 3 },
  },
  {
    id: "s2-city-bank",
    channelFollowers: 120_000,
    farmBatches: 1,
    mix: { farm_bot: 15, loose_bot: 12, aged_bot: 6, promo_bot: 6, abandoned: 30, empty_account: 9, deleted: 6, lurker: 36, new_person: 12, person_no_avatar: 12, person_default_handle: 6 },
  },
  {
    id: "s3-bought-influencer",
    channelFollowers: 56_000,
    farmBatches: 3,
    mix: { farm_bot: 100, loose_bot: 20, aged_bot: 12, promo_bot: 3, abandoned: 15, empty_account: 6, deleted: 3, lurker: 20, new_person: 6, person_no_avatar: 8, person_default_handle: 2 },
  },
  {
    id: "s4-giveaway-shop",
    channelFollowers: 9_300,
    farmBatches: 2,
    mix: { farm_bot: 40, loose_bot: 15, aged_bot: 6, promo_bot: 14, abandoned: 18, empty_account: 6, deleted: 6, lurker: 30, new_person: 15, person_no_avatar: 10, person_default_handle: 4 },
  },
  {
    id: "s5-signup-wave",
    channelFollowers: 2_100,
    farmBatches: 1,
    mix: { farm_bot: 8, loose_bot: 8, aged_bot: 2, promo_bot: 6, abandoned: 5, empty_account: 3, deleted: 1, lurker: 30, new_person: 30, person_no_avatar: 10, person_default_handle: 2, wave_person: 40 },
  },
  {
    id: "s6-vk-competitor",
    channelFollowers: 31_000,
    farmBatches: 2,
    mix: { farm_bot: 30, loose_bot: 18, aged_bot: 6, promo_bot: 6, abandoned: 30, empty_account: 9, deleted: 15, lurker: 30, new_person: 6, person_no_avatar: 10, person_default_handle: 30 },
  },
  {
    id: "s7-b2b-services",
    channelFollowers: 1_700,
    farmBatches: 0,
    mix: { loose_bot: 8, aged_bot: 6, promo_bot: 4, abandoned: 45, empty_account: 9, deleted: 6, lurker: 30, new_person: 6, person_no_avatar: 10, person_default_handle: 2 },
  },
  {
    id: "s8-local-news",
    channelFollowers: 18_500,
    farmBatches: 1,
    mix: { farm_bot: 20, loose_bot: 12, aged_bot: 8, promo_bot: 5, abandoned: 27, empty_account: 6, deleted: 3, lurker: 30, new_person: 10, person_no_avatar: 12, person_default_handle: 4, wave_person: 25 },
  },
];

const firstAudit = Date.parse("2026-05-04T09:00:00.000Z");

export function generateLabeledSet(seed = defaultSeed): LabeledFollower[] {
  const rows: LabeledFollower[] = [];
  sampleSpecs.forEach((spec, s) => {
    const rng = rngFor(seed, spec.id);
    const at = firstAudit + s * dayMs;
    const ctx: Ctx = {
      rng,
      at,
      farmBatches: Array.from({ length: spec.farmBatches }, () => at - between(rng, 3, 400) * dayMs),
      wave: at - between(rng, 300, 450) * dayMs,
    };
    const planned = Object.values(spec.mix).reduce((a, b) => a + b, 0);
    const plan: Kind[] = [...(Array(sampleSize - planned).fill("person") as Kind[])];
    for (const [kind, n] of Object.entries(spec.mix)) plan.push(...(Array(n).fill(kind) as Kind[]));
    // Shuffled (Fisher–Yates) so a row's position says nothing about its label.
    for (let i = plan.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [plan[i], plan[j]] = [plan[j]!, plan[i]!];
    }
    for (const kind of plan) {
      const profile = make[kind](ctx);
      rows.push({ sample: spec.id, auditedAt: iso(at), channelFollowers: spec.channelFollowers, label: labelOf[kind], kind, ...profile });
    }
  });
  return rows;
}

export const toJsonl = (rows: readonly LabeledFollower[]): string => `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;

export const outputFile = fileURLToPath(new URL("./followers.labeled.jsonl", import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const rows = generateLabeledSet();
  fs.writeFileSync(outputFile, toJsonl(rows));
  console.log(`${rows.length} followers written to ${outputFile}`);
}
