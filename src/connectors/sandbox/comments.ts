/**
 * Simulated comments for the sandbox. The demo brand is a coffee shop, so people talk about coffee,
 * staff, queues, delivery and prices, in English, Russian and Ukrainian; about a quarter of what
 * people write is a complaint, some are questions, and bot followers add spam and empty praise.
 * Texts come from phrase banks, picked deterministically by account, post and comment number.
 */
import type { RemoteComment } from "../types.js";
import { type Audience, commentSchedule, postOutcome, type SandboxPost } from "./audience.js";
import { botHandle, botNames, people } from "./people.js";
import { intBetween, logNormal, pick, rngFor, stochasticRound, weighted } from "./random.js";

export type Lang = "en" | "ru" | "uk";
export type HumanKind = "positive" | "neutral" | "question" | "negative";
export type BotKind = "spam" | "lowQuality";
export type CommentKind = HumanKind | BotKind;

export const phrases: Record<Lang, Record<CommentKind, readonly string[]>> = {
  ru: {
    positive: [
      "Лучший флэт уайт в городе, без преувеличения!",
      "Заходила сегодня утром — бариста просто волшебники ☕",
      "Обожаю ваши круассаны, всегда свежие.",
      "Спасибо за уютную атмосферу, теперь это моё любимое место для работы.",
      "Раф с лавандой — любовь с первого глотка 😍",
      "Очень вкусно и красиво, прямо как на фото!",
      "Брали капучино навынос, ребята всё сделали быстро и с улыбкой.",
      "Наконец-то нормальная обжарка, а не горелые зёрна. Спасибо!",
      "Вы делаете мои понедельники лучше 🙌",
      "Ходим к вам всей семьёй по выходным, всегда тепло встречают.",
    ],
    neutral: [
      "Интересно, надо будет попробовать.",
      "Сохранила, зайду на выходных.",
      "Пока не пробовала, но выглядит неплохо.",
      "Хорошо, что вы теперь открываетесь раньше.",
      "Пойдём в пятницу с коллегами.",
      "Отмечу подругу, она такое любит.",
      "Классное фото 📸",
    ],
    question: [
      "Во сколько вы открываетесь по выходным?",
      "А есть альтернативное молоко — овсяное или миндальное?",
      "Сколько стоит пачка зерна этой обжарки, 250 г?",
      "Вы доставляете в Приморский район?",
      "А этот напиток можно без сахара?",
      "Есть ли у вас десерты без глютена?",
      "Можно прийти с собакой?",
      "Где купить ваш кофе в зёрнах?",
      "Акция действует во всех кофейнях или только в одной?",
    ],
    negative: [
      "Ждала доставку полтора часа, кофе приехал холодным. Очень разочарована.",
      "Очередь на двадцать минут, а касса работает всего одна. Так нельзя.",
      "Цены опять подняли, капучино уже дороже, чем в центре. Зачем?",
      "Бариста нагрубил, когда я попросила переделать напиток.",
      "Латте был чуть тёплый и совсем безвкусный, раньше было лучше.",
      "Уже второй раз за неделю перепутали заказ.",
      "В зале грязные столы, никто не убирает.",
      "Курьер опоздал на час и даже не извинился.",
      "Круассан был чёрствый, явно вчерашний.",
      "Деньги списали дважды, а в поддержке никто не отвечает.",
      "За такие деньги ждёшь большего, а порции стали меньше.",
    ],
    spam: [
      "Заработок от 5000 в день без вложений, пиши в личку 💰",
      "Взаимная подписка? Подпишусь в ответ 🔥",
      "Раскрутка аккаунтов недорого: 1000 подписчиков за 199 ₽, ссылка в профиле",
      "Хочешь узнать, кто смотрел твою страницу? Жми ссылку в профиле",
      "Разыгрываю айфон! Подробности у меня на странице 🎁",
    ],
    lowQuality: ["Класс!!!", "Супер", "Круто", "Норм"],
  },
  uk: {
    positive: [
      "Найкращий флет вайт у місті, без перебільшень!",
      "Дуже затишно, тепер це моє улюблене місце для роботи.",
      "Бариста — справжні чарівники ☕",
      "Ваші круасани завжди свіжі, дякую!",
      "Раф із лавандою — кохання з першого ковтка 😍",
      "Смачно і красиво, як на фото!",
      "Приходимо до вас щосуботи всією родиною, завжди тепло зустрічають.",
      "Нарешті нормальне обсмаження, а не пригорілі зерна.",
    ],
    neutral: [
      "Цікаво, треба буде спробувати.",
      "Збережу, зайду на вихідних.",
      "Поки не куштувала, але виглядає непогано.",
      "Добре, що ви тепер відчиняєтеся раніше.",
      "Відмічу подругу, вона таке любить.",
      "Гарні фото, дуже атмосферні 📸",
    ],
    question: [
      "О котрій ви відчиняєтеся у вихідні?",
      "Чи є у вас рослинне молоко — вівсяне або мигдальне?",
      "Скільки коштує пачка зерна цього обсмаження, 250 г?",
      "Чи можна прийти із собакою?",
      "Чи продаєте ви каву в зернах?",
      "Акція діє в усіх кав’ярнях чи лише в одній?",
      "Чи є у вас десерти без глютену?",
    ],
    negative: [
      "Чекала на доставку півтори години, кава приїхала холодною. Дуже розчарована.",
      "Черга на двадцять хвилин, а каса працює лише одна.",
      "Ціни знову підняли, капучино вже дорожче, ніж у центрі.",
      "Бариста нагрубив, коли я попросила переробити напій.",
      "Лате було ледь тепле і зовсім без смаку.",
      "Моє замовлення вже вдруге за тиждень переплутали.",
      "Кур’єр запізнився на годину і навіть не вибачився.",
      "Круасан був черствий, явно вчорашній.",
      "Гроші списали двічі, а підтримка мовчить.",
    ],
    spam: [
      "Заробіток від 2000 грн на день без вкладень, пиши в особисті 💰",
      "Взаємна підписка? Підпишуся у відповідь 🔥",
    ],
    lowQuality: ["Цікаво!!!", "Гарні фото", "Дякую за пост, цікаво"],
  },
  en: {
    positive: [
      "Best flat white in town, hands down!",
      "The baristas are wizards ☕ Thanks for my morning fix.",
      "Your croissants are always fresh, love them.",
      "Such a cosy place, it's my go-to spot for working now.",
      "Lavender raf is love at first sip 😍",
      "Tastes as good as it looks!",
      "Finally a proper roast, not burnt beans. Thank you!",
      "You make my Mondays better 🙌",
    ],
    neutral: [
      "Interesting, will have to try it.",
      "Saved it, will drop by at the weekend.",
      "Haven't tried it yet, but it looks good.",
      "Good to know you open earlier now.",
      "Tagging my friend, she loves this kind of thing.",
      "Nice photo 📸",
    ],
    question: [
      "What time do you open at weekends?",
      "Do you have oat or almond milk?",
      "How much is a 250 g bag of this roast?",
      "Can I bring my dog?",
      "Do you deliver to the Primorsky district?",
      "Where can I buy your coffee beans?",
      "Is the offer valid in all your cafés or just one?",
      "Do you have a menu in English?",
    ],
    negative: [
      "Waited an hour and a half for my delivery and the coffee arrived cold. Really disappointed.",
      "Twenty-minute queue and only one till open. Not OK.",
      "You raised prices again, a cappuccino now costs more than in the city centre. Why?",
      "The barista was rude when I asked to remake my drink.",
      "My latte was lukewarm and tasteless, it used to be better.",
      "They got my order wrong for the second time this week.",
      "The courier was an hour late and didn't even apologise.",
      "Tables were dirty and nobody cleaned them.",
      "Charged twice and support isn't answering.",
      "Portions got smaller while prices went up.",
    ],
    spam: [
      "Earn $500 a day from home, DM me 💰",
      "Follow for follow? I always follow back 🔥",
      "Want 10k followers? Check the link in my bio",
      "Congratulations, you won a gift card! Claim it via the link in my profile 🎁",
      "Crypto signals with 300% profit, message me",
    ],
    lowQuality: ["Nice!!!", "Cool post", "Great content", "wow"],
  },
};

/** Bots' empty praise is often emoji only: no language at all. */
const emojiOnly = ["🔥🔥🔥", "👍", "❤️❤️❤️", "😍😍"];

/** Which languages an account's commenters write in, by the account's time zone. */
function languageMix(timezone: string): Record<Lang, number> {
  if (timezone === "Europe/Kyiv" || timezone === "Europe/Kiev") return { uk: 0.6, ru: 0.2, en: 0.2 };
  if (russianZones.has(timezone)) return { ru: 0.6, uk: 0.15, en: 0.25 };
  return { en: 0.7, ru: 0.2, uk: 0.1 };
}
const russianZones = new Set([
  "Europe/Moscow",
  "Europe/Kaliningrad",
  "Europe/Samara",
  "Europe/Volgograd",
  "Asia/Yekaterinburg",
  "Asia/Omsk",
  "Asia/Novosibirsk",
  "Asia/Krasnoyarsk",
  "Asia/Irkutsk",
  "Asia/Vladivostok",
]);

const humanKinds: Record<HumanKind, number> = { positive: 0.42, neutral: 0.14, question: 0.2, negative: 0.24 };
const botKinds: Record<BotKind, number> = { spam: 0.55, lowQuality: 0.45 };

/** A comment plus what the simulation knows about it, for tests; the Connector API drops the extras. */
export type SandboxComment = RemoteComment & { lang: Lang | null; tone: CommentKind; bot: boolean };

/** All comments a post will ever get, oldest first (callers filter by time). */
export function commentsOfPost(a: Audience, post: SandboxPost): SandboxComment[] {
  const mix = languageMix(a.timezone);
  return commentSchedule(a, post, postOutcome(a, post)).map((slot, i) => {
    const rng = rngFor(a.handle, post.id, "comment", i);
    const base = {
      externalId: `${post.id}-c${i}`,
      postExternalId: post.id,
      parentExternalId: null,
      kind: "comment" as const,
      occurredAt: slot.at.toISOString(),
      bot: slot.bot,
    };
    if (slot.bot) {
      const kind = weighted(rng, botKinds);
      // Spammers seldom bother with Ukrainian; some of the empty praise is emoji only.
      const lang: Lang | null = kind === "lowQuality" && rng() < 0.4 ? null : weighted(rng, { ...mix, uk: mix.uk / 2 });
      return {
        ...base,
        authorName: pick(rng, botNames),
        authorHandle: botHandle(intBetween(rng, 10_000_000, 99_999_999)),
        authorFollowers: intBetween(rng, 0, 20),
        text: lang ? pick(rng, phrases[lang][kind]) : pick(rng, emojiOnly),
        lang,
        tone: kind,
      };
    }
    const lang = weighted(rng, mix);
    const kind = weighted(rng, humanKinds);
    const [name, handle] = pick(rng, people[lang]);
    // Some people answer an earlier comment rather than the post: a thread under the post.
    const threadRng = rngFor(a.handle, post.id, "thread", i);
    const parent = i > 0 && threadRng() < 0.15 ? `${post.id}-c${intBetween(threadRng, 0, i - 1)}` : null;
    return {
      ...base,
      parentExternalId: parent,
      kind: parent ? ("reply" as const) : ("comment" as const),
      authorName: name,
      authorHandle: `${handle}${intBetween(rng, 1, 99)}`,
      authorFollowers: Math.round(150 * logNormal(rng, 0.8)),
      text: pick(rng, phrases[lang][kind]),
      lang,
      tone: kind,
    };
  });
}

/** Authors come back to a comment: a note that the problem was solved, or it is deleted (spam most of all). */
const updates: Record<Lang, string> = { en: "UPD: they sorted it out, thanks.", ru: "UPD: вопрос решили, спасибо.", uk: "UPD: питання вирішили, дякую." };

/** Edits and deletions happen within this many hours of a comment. */
export const lifecycleHours = 10;

/** One thing that happened on the network, in the order fetchComments reports them: (at, id). */
export type CommentEvent = { at: string; id: string; item: RemoteComment };

const plain = ({ lang: _lang, tone: _tone, bot: _bot, ...item }: SandboxComment): RemoteComment => item;

/** A comment and what its author will do to it later, if anything. */
export type CommentLife = { comment: SandboxComment; change: { at: string; kind: "deleted" | "edited" } | null };

/** Decides a comment's later life: some are edited by their authors, some deleted (spam most of all). */
export function lifeOf(c: SandboxComment): CommentLife {
  const rng = rngFor(c.externalId, "life");
  const roll = rng();
  const later = (minMinutes: number) => new Date(Date.parse(c.occurredAt) + intBetween(rng, minMinutes, lifecycleHours * 60) * 60_000).toISOString();
  if (c.bot ? roll < 0.3 : roll < 0.01) return { comment: c, change: { at: later(10), kind: "deleted" } };
  if (!c.bot && c.lang && (c.tone === "negative" || c.tone === "question") && roll < 0.12) return { comment: c, change: { at: later(5), kind: "edited" } };
  return { comment: c, change: null };
}

/**
 * A comment's life as known at `at`: written, perhaps edited, perhaps deleted. Like a real
 * network's API, every event shows the comment as it is at `at` (edited text, or gone), so reading
 * an old event again never brings back an old version.
 */
export function eventsAt({ comment: c, change }: CommentLife, at: string): CommentEvent[] {
  let item = plain(c);
  if (change && change.at <= at) {
    item = change.kind === "deleted" ? { ...item, deleted: true } : { ...item, text: `${item.text}\n${c.lang ? updates[c.lang] : ""}`, editedAt: change.at };
  }
  const events: CommentEvent[] = [{ at: c.occurredAt, id: c.externalId, item }];
  if (change) events.push({ at: change.at, id: `${c.externalId}#${change.kind}`, item });
  return events;
}

const dayMs = 86_400_000;

/**
 * Mentions of the account in other people's posts and private messages to it, written on the
 * given UTC day (days since 1970): a few a day, in the account's languages.
 */
export function directItemsOfDay(a: Audience, day: number): SandboxComment[] {
  const mix = languageMix(a.timezone);
  const rng = rngFor(a.handle, "direct", day);
  const counts = { mention: stochasticRound(rng, 0.9), message: stochasticRound(rng, 0.6) };
  const items: SandboxComment[] = [];
  for (const kind of ["mention", "message"] as const) {
    for (let k = 0; k < counts[kind]; k++) {
      const lang = weighted(rng, mix);
      const tone = weighted(rng, kind === "message" ? { ...humanKinds, question: 0.4 } : humanKinds);
      const [name, handle] = pick(rng, people[lang]);
      const authorHandle = `${handle}${intBetween(rng, 1, 99)}`;
      const id = `${a.handle}~${kind === "mention" ? "m" : "dm"}${day}-${k}`;
      const text = pick(rng, phrases[lang][tone]);
      items.push({
        externalId: id,
        // A mention is a post of its own; messages from one person are one conversation.
        postExternalId: kind === "mention" ? id : `${a.handle}~dm-${authorHandle}`,
        parentExternalId: null,
        kind,
        authorName: name,
        authorHandle,
        authorFollowers: Math.round(150 * logNormal(rng, 1.2)),
        text: kind === "mention" ? `@${a.handle} ${text}` : text,
        occurredAt: new Date(day * dayMs + Math.floor(rng() * dayMs)).toISOString(),
        lang,
        tone,
        bot: false,
      });
    }
  }
  return items;
}

/** Whether an id names a mention of, or a message to, this account. */
export const isDirectItemOf = (account: string, externalId: string): boolean =>
  externalId.startsWith(`${account}~`) && /^(m|dm)\d+-\d+$/.test(externalId.slice(account.length + 1));

export const dayOf = (iso: string): number => Math.floor(Date.parse(iso) / dayMs);
