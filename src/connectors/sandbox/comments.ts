/**
 * Simulated comments for the sandbox. The demo brand is a coffee shop, so people talk about coffee,
 * staff, queues, delivery and prices, in English, Russian and Ukrainian; about a quarter of what
 * people write is a complaint, some are questions, and bot followers add spam and empty praise.
 * Texts come from phrase banks, picked deterministically by account, post and comment number.
 */
import type { RemoteComment } from "../types.js";
import { type Audience, commentSchedule, postOutcome, type SandboxPost } from "./audience.js";
import { botHandle, botNames, people } from "./people.js";
import { intBetween, logNormal, pick, rngFor, weighted } from "./random.js";

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
    return {
      ...base,
      authorName: name,
      authorHandle: `${handle}${intBetween(rng, 1, 99)}`,
      authorFollowers: Math.round(150 * logNormal(rng, 0.8)),
      text: pick(rng, phrases[lang][kind]),
      lang,
      tone: kind,
    };
  });
}
