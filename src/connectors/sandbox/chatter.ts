/**
 * Public chatter on the Sandbox network, for social listening: what people post about the demo
 * brand («Северный Кофе» / North Coffee), two invented competitors and everything else. Each UTC
 * hour's posts are a pure function of the hour (seeded by it), so every process sees the same posts
 * under the same ids; nothing is stored. An incident — a negative spike driven by a few loud
 * accounts and their reposts — is added on top when the channel's credentials name its start.
 *
 * Every post carries what the simulation knows about it (true sentiment, subject, slang, lookalike):
 * the Connector API drops it, tests and the demo use it to correct labels as a person would. Some
 * posts use slang the lexicon baseline misreads ("имба", "кринж", "mid", "капець") and some name the
 * brand in forms a phrase query misses ("в Северном кофе", "Північна кава"), as real people do.
 */
import { z } from "zod";
import { matchesPrepared, type PreparedText, parseQuery, prepare, type QueryNode } from "../../domain/listening-query.js";
import { ConnectorError, type Page, type RemotePost } from "../types.js";
import type { Lang } from "./comments.js";
import { incidentVoices, type PublicAccount, people, publicFigures } from "./people.js";
import { between, intBetween, logNormal, pick, type Rng, rngFor } from "./random.js";

export type ChatterBrand = "north" | "morningBrew" | "zerno";
export type ChatterSubject = ChatterBrand | "other";
export type ChatterTone = "positive" | "neutral" | "negative";

/**
 * A generated public post and its truth; counters are the totals it ends up with (remotePostAt grows
 * them). Read-only: generated hours are cached and shared between callers.
 */
export type ChatterPost = Readonly<RemotePost> &
  Readonly<{
    lang: Lang;
    likes: number;
    reposts: number;
    replies: number;
    links: readonly string[];
    subject: ChatterSubject;
    truth: ChatterTone;
    /** The sentiment is carried by slang the lexicon baseline gets wrong. */
    slang: boolean;
    /** Not about a brand but uses its words in another sense ("северный ветер", "morning brew"). */
    lookalike: boolean;
    incident: boolean;
    /** The post this one repeats ("RT @…: …", "… via @…"). */
    repostOf: string | null;
  }>;

/** The brands people talk about, and the listening query a marketer would write for each. */
export const chatterBrands = {
  north: { name: "Северный Кофе", latin: "North Coffee", hashtags: ["северныйкофе", "northcoffee"], query: `"северный кофе" OR "north coffee" OR #северныйкофе` },
  morningBrew: { name: "Бодрое утро", latin: "Morning Brew", hashtags: ["бодроеутро", "morningbrew"], query: `"бодрое утро" OR "morning brew" OR #бодроеутро` },
  zerno: { name: "Зерно", latin: "Zerno Coffee", hashtags: ["zernocoffee", "кофейнязерно"], query: `zerno OR "кофейня зерно" OR #zernocoffee` },
} as const satisfies Record<ChatterBrand, { name: string; latin: string; hashtags: readonly string[]; query: string }>;

export const searchDays = 14;
export const searchPageSize = 50;
/** How long the incident lasts, in hours from its start. */
export const incidentHours = 6;
export const incidentHandles = incidentVoices.map((v) => v.handle);

const hourMs = 3_600_000;
const dayMs = 86_400_000;

/** How people name a brand: N nominative, P after "в/у/at", G after "из/з/from". Inflected forms and translations miss a phrase query. */
type Forms = { N: readonly string[]; P: readonly string[]; G: readonly string[] };
const same = (names: readonly string[]): Forms => ({ N: names, P: names, G: names });
const forms: Record<ChatterBrand, Record<Lang, Forms>> = {
  north: {
    ru: {
      N: ["Северный Кофе", "Северный Кофе", "«Северный кофе»", "«Северный кофе»", "North Coffee", "Северный кофе"],
      P: ["Северном Кофе", "«Северном кофе»", "кофейне «Северный кофе»", "кофейне «Северный Кофе»", "North Coffee", "North Coffee"],
      G: ["Северного Кофе", "«Северного кофе»", "кофейни «Северный кофе»", "кофейни «Северный Кофе»", "North Coffee", "North Coffee"],
    },
    uk: {
      N: ["North Coffee", "North Coffee", "«Северный Кофе»", "Північна Кава"],
      P: ["North Coffee", "North Coffee", "кав'ярні «Северный Кофе»", "Північній Каві"],
      G: ["North Coffee", "North Coffee", "кав'ярні «Северный Кофе»", "Північної Кави"],
    },
    en: same(["North Coffee", "North Coffee", "North Coffee", "North Coffee Co.", "Severny Kofe", "NorthCoffee"]),
  },
  morningBrew: {
    ru: {
      N: ["«Бодрое утро»", "Бодрое Утро", "Morning Brew", "кофейня «Бодрое утро»"],
      P: ["«Бодром утре»", "кофейне «Бодрое утро»", "Morning Brew"],
      G: ["«Бодрого утра»", "кофейни «Бодрое утро»", "Morning Brew"],
    },
    uk: {
      N: ["Morning Brew", "«Бодрое утро»", "«Бадьорий ранок»"],
      P: ["Morning Brew", "кав'ярні «Бодрое утро»", "«Бадьорому ранку»"],
      G: ["Morning Brew", "кав'ярні «Бодрое утро»", "«Бадьорого ранку»"],
    },
    en: same(["Morning Brew", "Morning Brew", "Morning Brew Coffee", "MorningBrew"]),
  },
  zerno: {
    ru: { N: ["«Зерно»", "Zerno", "кофейня «Зерно»", "Zerno Coffee"], P: ["«Зерне»", "кофейне «Зерно»", "Zerno"], G: ["«Зерна»", "кофейни «Зерно»", "Zerno Coffee"] },
    uk: { N: ["Zerno", "«Зерно»", "кав'ярня «Зерно»"], P: ["Zerno", "кав'ярні «Зерно»", "«Зерні»"], G: ["Zerno", "кав'ярні «Зерно»", "«Зерна»"] },
    en: same(["Zerno Coffee", "Zerno", "Zerno"]),
  },
};

/** What people say about a café, in plain words the lexicons know; {N} {P} {G} are the brand. */
const cafeTalk: Record<Lang, Record<ChatterTone, readonly string[]>> = {
  ru: {
    positive: [
      "{N} — лучший флэт уайт в городе, без преувеличения.",
      "Обожаю раф с лавандой в {P} 😍",
      "Утро началось с капучино из {G}. Очень вкусно, спасибо бариста!",
      "Если вы ещё не были в {P} — рекомендую, уютно и вкусно.",
      "В {P} снова свежие круассаны, отличный завтрак.",
      "Взяла пачку зерна в {P}, дома тоже получается отличный кофе.",
      "Лучшие бариста города работают в {P}, проверено.",
    ],
    neutral: [
      "Кто-нибудь знает, во сколько открывается {N} на Лиговском?",
      "Сижу в {P}, работаю с ноутбука.",
      "{N} запустили доставку на Петроградку.",
      "Взяла американо в {P} и пошла дальше гулять.",
      "В {P} сегодня новый сезонный раф.",
      "Встречаемся в {P} в семь, кто с нами?",
      "Пробовал кто-нибудь новое зерно из {G}?",
    ],
    negative: [
      "Ждала заказ из {G} сорок минут, латте приехал холодный.",
      "В {P} опять очередь на двадцать минут и одна касса. Ужасно.",
      "{N} снова поднял цены, капучино уже дороже, чем в центре.",
      "В {P} нахамил бариста, больше не приду.",
      "Круассан в {P} был чёрствый, разочарована.",
      "Второй раз за неделю {N} путает мой заказ. Плохо.",
      "Грязные столы в {P}, никто не убирает.",
    ],
  },
  uk: {
    positive: [
      "{N} — найкращий флет вайт у місті.",
      "Раф із лавандою в {P} — кохання з першого ковтка 😍",
      "Ранок почався з капучино з {G}. Дуже смачно!",
      "Хто ще не був у {P} — раджу, затишно і смачно.",
      "Свіжі круасани в {P}, чудовий сніданок.",
    ],
    neutral: [
      "Хтось знає, о котрій відчиняється {N}?",
      "Сиджу в {P}, працюю з ноутбука.",
      "Взяла американо в {P} і пішла гуляти.",
      "Пробував хтось нове зерно з {G}?",
      "{N} відкрили ще одну точку біля метро.",
    ],
    negative: [
      "Чекала замовлення з {G} сорок хвилин, лате приїхало холодне.",
      "У {P} знову черга на двадцять хвилин. Жахливо.",
      "{N} знову підняли ціни, капучино вже дорожче, ніж у центрі.",
      "Круасан у {P} був черствий, розчарована.",
      "Бариста в {P} нагрубив, більше не прийду.",
    ],
  },
  en: {
    positive: [
      "{N} has the best flat white in town, hands down.",
      "Lavender raf at {N} is love at first sip 😍",
      "Morning sorted: cappuccino from {N}. Delicious as always.",
      "If you haven't been to {N} yet, go. Cosy place, great coffee.",
      "The baristas at {N} are wizards ☕",
    ],
    neutral: [
      "Anyone know what time {N} opens on Sundays?",
      "Working from {N} today.",
      "{N} started delivering to Petrogradsky.",
      "Grabbed an americano at {N} on the way.",
      "Has anyone tried the new beans from {N}?",
    ],
    negative: [
      "Waited forty minutes for my {N} delivery and the latte arrived cold.",
      "Twenty-minute queue at {N} again, one till open. Terrible.",
      "{N} raised prices again, a cappuccino costs more than in the centre now.",
      "Rude barista at {N} today. Not going back.",
      "Stale croissant at {N}, really disappointed.",
    ],
  },
};

/** A visit told in two parts — what they had, then the verdict — so two people rarely write the same post. */
const visits: Record<Lang, readonly string[]> = {
  ru: ["Взяла раф в {P}.", "Заходили в {P} с коллегами.", "Заказал доставку из {G}.", "Зашла в {P} перед работой.", "Утром был в {P}.", "Попробовала новый десерт в {P}.", "Взял флэт уайт навынос в {P}.", "Сидели в {P} после кино."],
  uk: ["Взяла раф у {P}.", "Заходили в {P} з колегами.", "Замовив доставку з {G}.", "Зранку був у {P}.", "Спробувала новий десерт у {P}."],
  en: ["Grabbed a raf at {N}.", "Went to {N} with colleagues.", "Ordered delivery from {N}.", "Stopped by {N} before work.", "Tried the new dessert at {N}."],
};
const verdicts: Record<Lang, Record<ChatterTone, readonly string[]>> = {
  ru: {
    positive: ["Очень вкусно, спасибо бариста!", "Лучший кофе в районе.", "Обожаю это место 😍", "Всё отлично, рекомендую.", "Уютно и вкусно, как всегда.", "Круассаны свежие, кофе отличный."],
    neutral: ["Народу было немного.", "Цены как везде.", "Работают до десяти.", "Теперь там есть карта лояльности.", "Посмотрим, вернусь ли."],
    negative: ["Латте чуть тёплый и безвкусный.", "Ждали двадцать минут, одна касса.", "Бариста нагрубил. Больше не приду.", "Круассан чёрствый, разочарована.", "Опять перепутали заказ.", "Дорого и невкусно."],
  },
  uk: {
    positive: ["Дуже смачно, дякую баристам!", "Найкраща кава в районі.", "Затишно і смачно, як завжди.", "Все чудово, раджу."],
    neutral: ["Людей було небагато.", "Ціни як скрізь.", "Працюють до десятої.", "Подивимось, чи повернусь."],
    negative: ["Лате ледь тепле і без смаку.", "Чекали двадцять хвилин, одна каса.", "Круасан черствий, розчарована.", "Знову переплутали замовлення."],
  },
  en: {
    positive: ["Delicious, thanks to the baristas!", "Best coffee in the area.", "Cosy and tasty as always.", "Love this place 😍"],
    neutral: ["Wasn't busy.", "Prices are the usual.", "They're open till ten.", "We'll see if I go back."],
    negative: ["Latte was lukewarm and tasteless.", "Waited twenty minutes, one till open.", "Stale croissant, really disappointed.", "Got my order wrong again."],
  },
};

/** Slang posts: a plain statement (no lexicon words) and a verdict in slang that carries the whole sentiment. */
const slangBodies: Record<Lang, readonly string[]> = {
  ru: ["Взяла новый раф в {P}", "Попробовал сезонное меню в {P}", "Кофе из {G}", "Флэт уайт в {P} сегодня", "Заказал доставку из {G}", "{N} и их новый десерт"],
  uk: ["Новий раф у {P}", "Спробувала сезонне меню в {P}", "Кава з {G}", "Замовив доставку з {G}"],
  en: ["The new raf at {N}", "Tried the seasonal menu at {N}", "{N} flat white today", "Ordered delivery from {N}"],
};
const slangVerdicts: Record<Lang, Record<"positive" | "negative", readonly string[]>> = {
  ru: { positive: ["огонь", "просто бомба", "зашло", "имба", "топчик"], negative: ["дичь", "кринж", "ну такое", "треш", "не зашло"] },
  uk: { positive: ["топ", "просто топ", "бомба", "імба"], negative: ["капець", "жесть", "ну таке", "треш"] },
  en: { positive: ["slaps", "absolute fire", "hits different", "goated"], negative: ["mid", "meh", "kinda mid tbh", "not it"] },
};
/** Share of a brand's positive and negative posts written in slang. */
const slangShare = 0.3;

/** What media and bloggers write about cafés: reviews and news, with the tone they carry. */
const mediaTalk: Record<Lang, readonly (readonly [string, ChatterTone])[]> = {
  ru: [
    ["Обзор: пять кофеен Петроградки, где приятно работать с ноутбука. Лучший кофе — в {P}.", "positive"],
    ["{N} открывает ещё три точки до конца года, пишут в отрасли.", "neutral"],
    ["Проверили доставку кофе: из {G} латте приехал через 50 минут и холодный.", "negative"],
  ],
  uk: [["{N} відкриває нові кав'ярні, пишуть у галузі.", "neutral"], ["Огляд: де найсмачніша кава біля метро. Наш вибір — {N}.", "positive"]],
  en: [["Review: five cafés to work from on Petrogradsky. The best coffee is at {N}.", "positive"], ["{N} is opening three more cafés this year, industry sources say.", "neutral"]],
};

/** Everything else people post: weather, traffic, TV; some about coffee in general. */
const otherTalk: Record<Lang, readonly (readonly [string, ChatterTone])[]> = {
  ru: [
    ["Опять дождь весь день, зонт уже не спасает.", "negative"],
    ["Кто-нибудь знает хорошего стоматолога на Васильевском?", "neutral"],
    ["Метро на Невском закрыли на вход, все в объезд.", "neutral"],
    ["Наконец-то солнце! Идём гулять в Летний сад.", "positive"],
    ["Пробки на КАД сегодня адские.", "negative"],
    ["Посмотрела новый сериал, концовка разочаровала.", "negative"],
    ["Ищу квартиру на Петроградке, без агентов.", "neutral"],
    ["Отличная выставка в Манеже, всем советую.", "positive"],
    ["Дома сварила кофе в турке, лучший способ начать день.", "positive"],
    ["Сколько чашек кофе в день — это уже много?", "neutral"],
  ],
  uk: [
    ["Знову дощ цілий день, парасолька вже не рятує.", "negative"],
    ["Нарешті сонце! Йдемо гуляти.", "positive"],
    ["Подивилася новий серіал, фінал розчарував.", "negative"],
    ["Хтось знає гарного стоматолога поруч із центром?", "neutral"],
    ["Зварила каву в турці — найкращий початок дня.", "positive"],
  ],
  en: [
    ["Rain all day again, my umbrella gave up.", "negative"],
    ["Any good dentist recommendations near Vasilyevsky?", "neutral"],
    ["Finally some sun! Off to the Summer Garden.", "positive"],
    ["Just finished the new season, the ending was a letdown.", "negative"],
    ["Homemade cold brew is so easy, why did I ever pay for it.", "neutral"],
  ],
};

/** Posts that use a brand's words in another sense: what relevance marking has to learn to drop. */
const lookalikeTalk: Record<Lang, readonly (readonly [string, ChatterTone])[]> = {
  ru: [
    ["Северный ветер сегодня такой, что кофе остывает за минуту.", "negative"],
    ["Пью кофе на северном берегу залива, красота.", "positive"],
    ["Варю северный кофе по-норвежски — светлая обжарка и кардамон.", "neutral"],
    ["Бодрое утро начинается с зарядки, а не с кофе 😅", "neutral"],
    ["Купил зерно в супермаркете, сварил дома — не хуже кофейни.", "neutral"],
    ["Северный вокзал закрыли на ремонт, кофе купить негде.", "negative"],
  ],
  uk: [
    ["Північний вітер такий, що кава холоне за хвилину.", "negative"],
    ["Купив зерно в супермаркеті, зварив удома — не гірше, ніж у кав'ярні.", "neutral"],
  ],
  en: [
    ["Cold north wind today, coffee is the only thing keeping me alive.", "negative"],
    ["Nothing like a morning brew on the balcony before work.", "positive"],
    ["North coffee culture is a thing: Nordic light roasts are everywhere now.", "neutral"],
    ["Road trip up north, coffee stops every two hours.", "neutral"],
  ],
};

/**
 * Neutral openers and closers: the same template written by two people should not be the same
 * post (listening's dedupe would rightly merge them), and they carry no sentiment of their own.
 */
const asides: Record<Lang, { open: readonly string[]; close: readonly string[]; closeOther: readonly string[] }> = {
  ru: {
    open: ["Короче:", "Итак.", "Заметка на память:", "Мнение:", "Так вот."],
    close: ["📍Лиговский", "📍Петроградка", "📍Васильевский", "Фото в сторис.", "Заходили в обед.", "Уже третий раз за месяц.", "Кто со мной в следующий раз?", "Всё, пошла работать.", "☕", "Было в 9 утра."],
    closeOther: ["Всё, пошла работать.", "Такой вот день.", "🙃", "Ну и ну.", "😐", "📍Петроградка", "Кто куда на выходных?", "Пятница, наконец.", "Пишу из трамвая.", "Ладно, работаем.", "Завтра обещают то же самое.", "Понедельник такой понедельник."],
  },
  uk: {
    open: ["Отже.", "Коротко:", "Нотатка на пам'ять:", "Думка:"],
    close: ["📍Лиговський", "📍Поділ", "Фото в сторіз.", "Заходили в обід.", "Вже втретє цього місяця.", "Хто зі мною наступного разу?", "☕"],
    closeOther: ["Такий от день.", "🙃", "Ну і ну.", "😐", "Хто куди на вихідних?", "П'ятниця, нарешті.", "Пишу з трамвая.", "Гаразд, працюємо."],
  },
  en: {
    open: ["PSA:", "Note to self:", "Quick one:", "Update:"],
    close: ["📍Ligovsky", "Photo in my stories.", "Third time this month.", "Who's coming next time?", "Back to work now.", "☕", "At 9 am, for the record."],
    closeOther: ["That's my day.", "🙃", "Anyway.", "😐", "Plans for the weekend, anyone?", "Friday at last.", "Writing this from the tram.", "Back to work."],
  },
};
const withAsides = (rng: Rng, text: string, lang: Lang, closes: "close" | "closeOther"): string => {
  const open = rng() < 0.2 ? `${pick(rng, asides[lang].open)} ` : "";
  const close = rng() < (closes === "close" ? 0.4 : 0.7) ? ` ${pick(rng, asides[lang][closes])}` : "";
  return `${open}${text}${close}`;
};

const quoteLeads: Record<Lang, readonly string[]> = { ru: ["+1", "👇", "Вот-вот.", "Кстати:"], uk: ["+1", "👇", "Ось-ось.", "До речі:"], en: ["+1", "👇", "This.", "FYI:"] };
const genericTags: Record<Lang, readonly string[]> = { ru: ["#кофе", "#спб", "#питер", "#завтрак", "#латте"], uk: ["#кава", "#кавуся", "#сніданок"], en: ["#coffee", "#spb", "#flatwhite"] };
const cityTags: Record<Lang, readonly string[]> = { ru: ["#спб", "#питер"], uk: ["#спб"], en: ["#spb", "#stpetersburg"] };
const slugs: Record<ChatterSubject, string> = { north: "severnyy-kofe", morningBrew: "bodroe-utro", zerno: "zerno", other: "gorod" };

/** How often a hashtag is the Latin one (#northcoffee) rather than the local one (#северныйкофе). */
const latinTagShare: Record<Lang, number> = { ru: 0.25, uk: 0.5, en: 1 };
const langMix: Record<Lang, number> = { ru: 0.65, uk: 0.2, en: 0.15 };
const tones: Record<ChatterSubject, Record<ChatterTone, number>> = {
  north: { positive: 0.47, neutral: 0.33, negative: 0.2 },
  morningBrew: { positive: 0.42, neutral: 0.35, negative: 0.23 },
  zerno: { positive: 0.45, neutral: 0.35, negative: 0.2 },
  other: { positive: 0.25, neutral: 0.6, negative: 0.15 },
};

/** Posting activity (0..1) by Moscow hour (UTC+3, no DST): quiet at night, peaks at lunch and in the evening. */
const dayCurve = [0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.25, 0.5, 0.8, 0.95, 0.9, 0.85, 1, 0.95, 0.85, 0.8, 0.85, 0.9, 1, 1, 0.9, 0.75, 0.55, 0.4];
/** Posts an hour at full activity: the demo brand gets 3–8 in the daytime. */
const peakRates: Record<ChatterSubject, number> = { north: 6, morningBrew: 3.5, zerno: 2.5, other: 6 };
const repostShare = 0.12;

/** The incident: extra brand posts per hour since its start, in units of the daytime rate (so 5–10× the usual). */
const incidentProfile = [4, 8, 7, 5, 3, 1.5];
const incidentOriginals: readonly { minutes: number; voice: number; text: string }[] = [
  { minutes: 4, voice: 0, text: "Северный Кофе, вы серьёзно? Латте из доставки приехал ледяной, а приложение списало деньги дважды. Поддержка молчит третий час. #северныйкофе" },
  { minutes: 27, voice: 1, text: "Читатели массово жалуются на «Северный кофе»: приложение списывает оплату дважды, доставка приезжает холодной. За утро больше 40 обращений, компания молчит. https://t.me/zhalobnaya_kniga_spb/4512" },
  { minutes: 71, voice: 2, text: "В чатах пишут, что после кофе из «Северный Кофе» на Лиговском несколько человек отравились. Подтверждения пока нет, ждём ответа компании. https://vc.ru/food/845112-severnyy-kofe" },
];
const incidentTalk: Record<Lang, Record<ChatterTone, readonly string[]>> = {
  ru: {
    negative: [
      "Мне тоже списали дважды в приложении «Северный Кофе». Верните деньги!",
      "Северный Кофе, ответьте уже людям, поддержка молчит.",
      "Заказ из North Coffee приехал холодный, час ждала. Совпадение?",
      "Больше не буду заказывать в «Северный кофе», пока не разберутся с оплатой.",
      "Удаляю приложение Северный Кофе. Два списания за один латте.",
      "Если правда отравление — это позор, Северный кофе.",
      "Минус 900 рублей вместо 450 за один латте. Спасибо, Северный Кофе.",
    ],
    neutral: ["Что случилось с «Северный Кофе»? Лента вся в жалобах.", "Кто-нибудь знает, слухи про отравление в «Северный кофе» — правда?", "Ждём официального ответа от Северного Кофе."],
    positive: ["Хожу в «Северный кофе» каждый день три года, всё отлично. Не верю слухам."],
  },
  uk: {
    negative: ["North Coffee зняли гроші двічі через застосунок, підтримка мовчить.", "Доставка з North Coffee знову холодна. Жах."],
    neutral: ["Що сталося з North Coffee? Уся стрічка в скаргах."],
    positive: ["У North Coffee все чудово, не вірю чуткам."],
  },
  en: {
    negative: ["North Coffee charged me twice through the app and support isn't answering. #northcoffee", "My North Coffee delivery came cold again. Not OK."],
    neutral: ["Is the North Coffee food poisoning story true? Anyone?"],
    positive: ["Been going to North Coffee for years, never had a problem. Don't believe the rumours."],
  },
};
const incidentKinds = { repost: 0.5, negative: 0.36, neutral: 0.1, positive: 0.04 };

/** The crowd: ordinary people with log-normal follower counts, fixed per account so reach adds up consistently. */
const crowd: Record<Lang, PublicAccount[]> = (() => {
  const rng = rngFor("chatter", "crowd");
  const out: Record<Lang, PublicAccount[]> = { ru: [], uk: [], en: [] };
  for (const lang of ["ru", "uk", "en"] as const) {
    const seen = new Set<string>();
    while (out[lang].length < 60) {
      const [name, base] = pick(rng, people[lang]);
      const handle = `${base}${intBetween(rng, 1, 99)}`;
      if (seen.has(handle)) continue;
      seen.add(handle);
      out[lang].push({ name, handle, followers: Math.round(180 * logNormal(rng, 1.1)), lang });
    }
  }
  return out;
})();

/** random.ts's weighted() with the table prepared once: it is called several times per post, and rebuilding the entries showed in profiles. */
function chooser<T extends string>(weights: Readonly<Record<T, number>>): (rng: Rng) => T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  return (rng) => {
    let r = rng() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  };
}
const chooseLang = chooser(langMix);
const chooseIncidentLang = chooser<Lang>({ ru: 0.75, uk: 0.12, en: 0.13 });
const chooseTone = { north: chooser(tones.north), morningBrew: chooser(tones.morningBrew), zerno: chooser(tones.zerno), other: chooser(tones.other) };
const chooseIncidentKind = chooser(incidentKinds);
const chooseLinkSite = chooser({ vc: 3, tg: 3, gis: 2, yt: 1 });

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const fill = (rng: Rng, template: string, brand: ChatterBrand, lang: Lang): string =>
  cap(template.replace(/\{([NPG])\}/g, (_, c: keyof Forms) => pick(rng, forms[brand][lang][c])));

/**
 * seedrandom (ARC4) costs more per draw than everything else a post needs; an hour's few hundred
 * draws come from sfc32 (PractRand-tested, 128-bit state) seeded by it, so seeding stays rngFor's.
 */
function fastRng(...parts: (string | number)[]): Rng {
  const seed = rngFor(...parts);
  let [a, b, c, d] = [0, 0, 0, 0].map(() => (seed() * 2 ** 32) >>> 0) as [number, number, number, number];
  return () => {
    d = (d + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
}

/** Knuth's method: fine for the small means here (at most ~50). */
function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}

function linkFor(rng: Rng, author: PublicAccount, subject: ChatterSubject): string {
  switch (chooseLinkSite(rng)) {
    case "vc":
      return `https://vc.ru/food/${intBetween(rng, 800_000, 999_999)}-${slugs[subject]}`;
    case "tg":
      return `https://t.me/${author.followers >= 50_000 ? author.handle.replace(/\./g, "_") : "spb_coffee_chat"}/${intBetween(rng, 100, 9999)}`;
    case "gis":
      return `https://2gis.ru/spb/firm/${intBetween(rng, 70_000_000, 70_999_999)}`;
    default:
      return `https://youtu.be/${Math.floor(rng() * 36 ** 8).toString(36)}`;
  }
}

/**
 * toISOString() stood high in profiles of the generation; the posts of one hour share its first 14
 * characters ("2026-03-20T15:"), so only minutes, seconds and milliseconds are written per post.
 */
let isoHour = Number.NaN;
let isoPrefix = "";
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
function isoOf(ms: number): string {
  const hour = Math.floor(ms / hourMs);
  if (hour !== isoHour) {
    isoHour = hour;
    isoPrefix = new Date(hour * hourMs).toISOString().slice(0, 14);
  }
  const rest = ms - hour * hourMs;
  const millis = rest % 1000;
  return `${isoPrefix}${two(Math.floor(rest / 60_000))}:${two(Math.floor(rest / 1000) % 60)}.${millis < 100 ? `0${two(millis)}` : millis}Z`;
}

type Draft = { text: string; lang: Lang; author: PublicAccount; subject: ChatterSubject; truth: ChatterTone; slang?: boolean; lookalike?: boolean; incident?: boolean; link?: string | null; boost?: number };

function build(rng: Rng, id: string, ms: number, d: Draft): ChatterPost {
  const likes = Math.round((2 + d.author.followers * 0.01) * logNormal(rng, 0.9) * (d.boost ?? 1));
  const links = d.link ? [d.link] : [];
  return {
    externalId: id,
    url: `sandbox://${d.author.handle}/posts/${id}`,
    authorName: d.author.name,
    authorHandle: d.author.handle,
    authorFollowers: d.author.followers,
    text: d.link && !d.text.includes(d.link) ? `${d.text} ${d.link}` : d.text,
    occurredAt: isoOf(ms),
    lang: d.lang,
    likes,
    reposts: Math.round(likes * between(rng, 0.04, 0.12) * (d.boost ?? 1)),
    replies: Math.round(likes * between(rng, 0.06, 0.18)),
    links,
    subject: d.subject,
    truth: d.truth,
    slang: d.slang ?? false,
    lookalike: d.lookalike ?? false,
    incident: d.incident ?? false,
    repostOf: null,
  };
}

const figuresOf: Record<Lang, PublicAccount[]> = { ru: [], uk: [], en: [] };
for (const f of publicFigures) figuresOf[f.lang].push(f);
const authorFor = (rng: Rng, lang: Lang, figureShare: number): PublicAccount =>
  rng() < figureShare ? pick(rng, figuresOf[lang]) : pick(rng, crowd[lang]);

function brandPost(rng: Rng, id: string, ms: number, brand: ChatterBrand): ChatterPost {
  const lang = chooseLang(rng);
  const author = authorFor(rng, lang, 0.04);
  const figure = author.followers >= 50_000;
  let truth = chooseTone[brand](rng);
  const slang = !figure && truth !== "neutral" && rng() < slangShare;
  let text: string;
  if (figure) {
    const [template, tone] = pick(rng, mediaTalk[lang]);
    text = fill(rng, template, brand, lang);
    truth = tone;
  } else if (slang && truth !== "neutral") {
    text = withAsides(rng, `${fill(rng, pick(rng, slangBodies[lang]), brand, lang)} — ${pick(rng, slangVerdicts[lang][truth])}.`, lang, "close");
  } else {
    const said = rng() < 0.35 ? pick(rng, cafeTalk[lang][truth]) : `${pick(rng, visits[lang])} ${pick(rng, verdicts[lang][truth])}`;
    text = withAsides(rng, fill(rng, said, brand, lang), lang, "close");
  }
  const tags: string[] = [];
  const [localTag, latinTag] = chatterBrands[brand].hashtags;
  if (rng() < 0.3) tags.push(`#${rng() < latinTagShare[lang] ? latinTag : localTag}`);
  if (rng() < 0.25) tags.push(pick(rng, genericTags[lang]));
  if (tags.length > 0) text = `${text} ${tags.join(" ")}`;
  const link = rng() < (figure ? 0.7 : 0.07) ? linkFor(rng, author, brand) : null;
  return build(rng, id, ms, { text, lang, author, subject: brand, truth, slang, link, boost: figure ? 2 : 1 });
}

function otherPost(rng: Rng, id: string, ms: number): ChatterPost {
  const lang = chooseLang(rng);
  const lookalike = rng() < 0.1;
  const [template, truth] = pick(rng, (lookalike ? lookalikeTalk : otherTalk)[lang]);
  const text = withAsides(rng, rng() < 0.15 ? `${template} ${pick(rng, cityTags[lang])}` : template, lang, "closeOther");
  const author = pick(rng, crowd[lang]);
  const link = rng() < 0.04 ? linkFor(rng, author, "other") : null;
  return build(rng, id, ms, { text, lang, author, subject: "other", truth, lookalike, link });
}

/** A repost in the original's language: the same text with "RT"/"via", sometimes with a word in front (a quote). */
function repost(rng: Rng, id: string, ms: number, of: ChatterPost): ChatterPost {
  const r = rng();
  const text =
    r < 0.6 ? `RT @${of.authorHandle}: ${of.text}` : r < 0.85 ? `${of.text} via @${of.authorHandle}` : `${pick(rng, quoteLeads[of.lang])} RT @${of.authorHandle}: ${of.text}`;
  const people = crowd[of.lang];
  const i = Math.floor(rng() * people.length);
  // Nobody reposts themselves here: the next person in the crowd does instead.
  const author = people[i]!.handle === of.authorHandle ? people[(i + 1) % people.length]! : people[i]!;
  const post = build(rng, id, ms, { text, lang: of.lang, author, subject: of.subject, truth: of.truth, slang: of.slang, lookalike: of.lookalike, incident: of.incident });
  return { ...post, links: of.links, repostOf: of.externalId };
}

/** Posts are ordered by (time, id), oldest first; the search cursor is the same pair. */
type Key = { occurredAt: string; externalId: string };
const byKey = (x: Key, y: Key): number =>
  x.occurredAt !== y.occurredAt ? (x.occurredAt < y.occurredAt ? -1 : 1) : x.externalId < y.externalId ? -1 : x.externalId > y.externalId ? 1 : 0;

const secondsIn = (rng: Rng, fromMs: number, n: number): number[] => Array.from({ length: n }, () => fromMs + Math.floor(rng() * 3600) * 1000).sort((a, b) => a - b);

/** Keeps the last `size` results of a pure function: search pages walk the same hours again and again. */
function memo<A extends number[], V>(size: number, fn: (...args: A) => V): (...args: A) => V {
  const cache = new Map<string, V>();
  return (...args) => {
    const key = args.join(":");
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(...args);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(key, value);
    }
    return value;
  };
}

/** The posts of one UTC hour (hours since 1970) without the incident, in (time, id) order: seeded by the hour alone. */
const baselineOfHour = memo(24 * (searchDays + 2), (hour: number): readonly ChatterPost[] => {
  const rng = fastRng("chatter", hour);
  const activity = dayCurve[(hour + 3) % 24]!;
  const rates = { north: peakRates.north * activity, morningBrew: peakRates.morningBrew * activity, zerno: peakRates.zerno * activity, other: peakRates.other * activity + 1.5 };
  const chooseSubject = chooser(rates);
  const total = poisson(rng, rates.north + rates.morningBrew + rates.zerno + rates.other);
  const posts: ChatterPost[] = [];
  const times = secondsIn(rng, hour * hourMs, total);
  for (const [n, ms] of times.entries()) {
    const subject = chooseSubject(rng);
    const id = `pub-${hour}-${n}`;
    const earlier = subject === "other" ? [] : posts.filter((p, j) => p.subject === subject && p.repostOf === null && times[j]! < ms);
    if (earlier.length > 0 && rng() < repostShare) posts.push(repost(rng, id, ms, pick(rng, earlier)));
    else posts.push(subject === "other" ? otherPost(rng, id, ms) : brandPost(rng, id, ms, subject));
  }
  return posts.sort(byKey);
});

/** Picks one of the posts with odds by the author's followers: the loudest account is reposted most. */
function loudest(rng: Rng, posts: readonly ChatterPost[]): ChatterPost {
  let r = rng() * posts.reduce((sum, p) => sum + (p.authorFollowers ?? 1), 0);
  for (const p of posts) {
    r -= p.authorFollowers ?? 1;
    if (r < 0) return p;
  }
  return posts[posts.length - 1]!;
}

function incidentOriginal(startMs: number, j: number): ChatterPost {
  const o = incidentOriginals[j]!;
  const rng = rngFor("chatter", "incident", startMs, "original", j);
  const author = incidentVoices[o.voice]!;
  const link = o.text.match(/https:\/\/\S+/)?.[0] ?? null;
  return build(rng, `inc-${Math.floor(startMs / 1000)}-o${j}`, startMs + o.minutes * 60_000, { text: o.text, lang: "ru", author, subject: "north", truth: "negative", incident: true, link, boost: 6 });
}

/** The incident's posts in its k-th hour: complaints, questions, a few defenders and many reposts of the loud accounts. */
const incidentWindow = memo(4 * incidentHours, (startMs: number, k: number): readonly ChatterPost[] => {
  const rng = fastRng("chatter", "incident", startMs, k);
  const fromMs = startMs + k * hourMs;
  const originals = incidentOriginals.map((_, j) => incidentOriginal(startMs, j));
  const posts = originals.filter((o) => Date.parse(o.occurredAt) >= fromMs && Date.parse(o.occurredAt) < fromMs + hourMs);
  const n = poisson(rng, incidentProfile[k]! * peakRates.north);
  for (const [i, ms] of secondsIn(rng, fromMs, n).entries()) {
    const id = `inc-${Math.floor(startMs / 1000)}-${k}-${i}`;
    const said = originals.filter((o) => Date.parse(o.occurredAt) < ms);
    const kind = chooseIncidentKind(rng);
    if (kind === "repost" && said.length > 0) {
      posts.push(repost(rng, id, ms, loudest(rng, said)));
      continue;
    }
    const lang = chooseIncidentLang(rng);
    const truth: ChatterTone = kind === "repost" ? "negative" : kind;
    const text = pick(rng, incidentTalk[lang][truth]);
    posts.push(build(rng, id, ms, { text, lang, author: pick(rng, crowd[lang]), subject: "north", truth, incident: true }));
  }
  return posts;
});

/** Every post of one UTC hour, the incident's included, in (time, id) order. */
function postsOfHour(hour: number, incidentMs: number | null): readonly ChatterPost[] {
  const base = baselineOfHour(hour);
  const fromMs = hour * hourMs;
  if (incidentMs === null || fromMs + hourMs <= incidentMs || fromMs >= incidentMs + incidentHours * hourMs) return base;
  const first = Math.max(0, Math.floor((fromMs - incidentMs) / hourMs));
  const extra: ChatterPost[] = [];
  for (let k = first; k <= first + 1 && k < incidentHours; k++) {
    for (const p of incidentWindow(incidentMs, k)) if (Date.parse(p.occurredAt) >= fromMs && Date.parse(p.occurredAt) < fromMs + hourMs) extra.push(p);
  }
  return [...base, ...extra].sort(byKey);
}

function msOf(t: Date | string | null | undefined): number | null {
  if (t == null) return null;
  const ms = typeof t === "string" ? Date.parse(t) : t.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not a time: ${String(t)}`);
  return ms;
}

/** The network's public posts with from ≤ time < to, oldest first, with their truth; the incident when incidentAt is given. */
export function chatterBetween(from: Date, to: Date, opts: { incidentAt?: Date | string | null } = {}): ChatterPost[] {
  const incidentMs = msOf(opts.incidentAt);
  const [fromIso, toIso] = [from.toISOString(), to.toISOString()];
  const out: ChatterPost[] = [];
  for (let hour = Math.floor(from.getTime() / hourMs); hour * hourMs < to.getTime(); hour++) {
    for (const p of postsOfHour(hour, incidentMs)) if (p.occurredAt >= fromIso && p.occurredAt < toIso) out.push(p);
  }
  return out;
}

/** Counters grow after posting and level off within a day: a post fetched later never has fewer likes. */
const growthMs = 3 * hourMs;

/** A generated post as the network shows it at `at`: the truth left out, counters as they stood then. */
export function remotePostAt(p: ChatterPost, at: Date): RemotePost {
  const grown = 1 - Math.exp(-Math.max(0, at.getTime() - Date.parse(p.occurredAt)) / growthMs);
  return {
    externalId: p.externalId,
    url: p.url,
    authorName: p.authorName,
    authorHandle: p.authorHandle,
    authorFollowers: p.authorFollowers,
    text: p.text,
    occurredAt: p.occurredAt,
    lang: p.lang,
    likes: Math.round(p.likes * grown),
    reposts: Math.round(p.reposts * grown),
    replies: Math.round(p.replies * grown),
    links: [...p.links],
  };
}

/** The incident's start from a Sandbox channel's credentials (`incidentAt`, an ISO time); null when there is none. */
export function incidentAtOf(credentials: Record<string, unknown>): Date | null {
  const parsed = z.iso.datetime({ offset: true }).nullish().safeParse(credentials.incidentAt);
  if (!parsed.success) throw new ConnectorError("revoked", "The Sandbox account's incidentAt is not an ISO time. Reconnect the channel.", { cause: parsed.error });
  return parsed.data ? new Date(parsed.data) : null;
}

const prepared = new WeakMap<ChatterPost, PreparedText>();
/** A post's words and hashtags, worked out once per generated post. */
function preparedOf(p: ChatterPost): PreparedText {
  let found = prepared.get(p);
  if (!found) {
    found = prepare(p);
    prepared.set(p, found);
  }
  return found;
}

type SearchCursor = { at: string; id: string };
const encodeCursor = (c: SearchCursor): string => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(cursor: string): SearchCursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<SearchCursor>;
    if (typeof c.at === "string" && typeof c.id === "string" && !Number.isNaN(Date.parse(c.at))) return { at: c.at, id: c.id };
  } catch {
    // fall through to the error below
  }
  throw new ConnectorError("invalid_content", "The Sandbox search cursor is not valid.");
}

/**
 * Public posts of the last `searchDays` up to `at` that match one term, newest first, by pages of
 * `searchPageSize`. Matching is Chorus's own (listening-query.ts), so the Sandbox never disagrees
 * with the query applied afterwards. Hours are generated newest first and the scan stops once a
 * page and one more post are found: hours do not overlap, so nothing older can come before them.
 */
export function searchChatter(input: { term: string; cursor: string | null; at: Date; incidentAt: Date | null }): Page<RemotePost> {
  let node: QueryNode;
  try {
    node = parseQuery(input.term);
  } catch (err) {
    throw new ConnectorError("invalid_content", `Sandbox search: ${(err as Error).message}`, { cause: err });
  }
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const after = cursor ? { occurredAt: cursor.at, externalId: cursor.id } : null;
  const atMs = input.at.getTime();
  const oldestMs = atMs - searchDays * dayMs;
  const topMs = after ? Math.min(atMs, Date.parse(after.occurredAt)) : atMs;
  const [atIso, oldestIso] = [input.at.toISOString(), new Date(oldestMs).toISOString()];
  const incidentMs = input.incidentAt?.getTime() ?? null;
  const found: ChatterPost[] = [];
  for (let hour = Math.floor(topMs / hourMs); hour >= Math.floor(oldestMs / hourMs) && found.length <= searchPageSize; hour--) {
    const posts = postsOfHour(hour, incidentMs);
    for (let i = posts.length - 1; i >= 0; i--) {
      const p = posts[i]!;
      if (p.occurredAt > atIso || p.occurredAt <= oldestIso) continue;
      if (after && byKey(p, after) >= 0) continue;
      if (matchesPrepared(node, preparedOf(p))) found.push(p);
    }
  }
  const page = found.slice(0, searchPageSize);
  const last = page[page.length - 1];
  return {
    items: page.map((p) => remotePostAt(p, input.at)),
    cursor: found.length > searchPageSize && last ? encodeCursor({ at: last.occurredAt, id: last.externalId }) : null,
  };
}
