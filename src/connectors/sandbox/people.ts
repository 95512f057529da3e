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
