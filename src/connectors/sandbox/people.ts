/** Names of simulated people and bots; invented, any resemblance to real accounts is accidental. */
import type { Lang } from "./comments.js";

export const people: Record<Lang, readonly (readonly [name: string, handle: string])[]> = {
  ru: [
    ["Анна Смирнова", "anna.smirnova"],
    ["Дмитрий Волков", "dm.volkov"],
    ["Екатерина Орлова", "katya_orlova"],
    ["Сергей Кузнецов", "s.kuznetsov"],
    ["Мария Лебедева", "masha.lebedeva"],
    ["Алексей Морозов", "alexey.morozov"],
    ["Ольга Соколова", "olga_sokolova"],
    ["Иван Новиков", "ivan.novikov"],
    ["Наталья Павлова", "natali.pavlova"],
    ["Павел Егоров", "pasha.egorov"],
  ],
  uk: [
    ["Олена Коваленко", "olena.kovalenko"],
    ["Андрій Мельник", "andrii.melnyk"],
    ["Ірина Бондаренко", "iryna.bondarenko"],
    ["Тарас Шевчук", "taras.shevchuk"],
    ["Оксана Ткаченко", "oksana.tkachenko"],
    ["Богдан Кравченко", "bohdan.kravchenko"],
    ["Наталія Олійник", "nataliia.oliinyk"],
    ["Дмитро Лисенко", "dmytro.lysenko"],
  ],
  en: [
    ["Emily Carter", "emily.carter"],
    ["James Walker", "jwalker"],
    ["Priya Shah", "priya.shah"],
    ["Tom Becker", "tom.becker"],
    ["Sofia Rossi", "sofia.rossi"],
    ["Daniel Kim", "dan.kim"],
    ["Hannah Müller", "hannah.mueller"],
    ["Lucas Martin", "lucas.martin"],
  ],
};

export const botNames = ["Марина", "Kristina Love", "Анжелика ❤️", "Best Deals", "Вика", "Promo Shop", "Настя", "Alex"];

/** Bots get numeric handles, the way mass-registered accounts usually do. */
export const botHandle = (n: number): string => `id${n}`;

/** An account that posts in public (social listening): its followers are fixed, so reach is consistent. */
export type PublicAccount = { name: string; handle: string; followers: number; lang: Lang };

/** City media and food bloggers: the few accounts with 50k–300k followers whose posts travel. */
export const publicFigures: readonly PublicAccount[] = [
  { name: "Город на Неве | Новости", handle: "gorod_na_neve", followers: 210_000, lang: "ru" },
  { name: "Едим в Питере", handle: "edim_v_pitere", followers: 140_000, lang: "ru" },
  { name: "Питерский гурман", handle: "piter.gourmet", followers: 95_000, lang: "ru" },
  { name: "Кофейный маршрут", handle: "coffee.route", followers: 58_000, lang: "ru" },
  { name: "Eat Like a Local SPb", handle: "eatlikealocal.spb", followers: 120_000, lang: "en" },
  { name: "Coffee Geek Daily", handle: "coffeegeekdaily", followers: 62_000, lang: "en" },
  { name: "Кава і місто", handle: "kava.i.misto", followers: 52_000, lang: "uk" },
];

/** The loud accounts of the Sandbox's incident (see chatter.ts): a complaints channel, a rumour channel and a blogger. */
export const incidentVoices: readonly PublicAccount[] = [
  { name: "Лена ест", handle: "lena.est", followers: 24_000, lang: "ru" },
  { name: "Жалобная книга СПб", handle: "zhalobnaya_kniga_spb", followers: 80_000, lang: "ru" },
  { name: "Тревожный Петербург", handle: "trevozhny_spb", followers: 46_000, lang: "ru" },
];
