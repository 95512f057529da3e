import { describe, expect, it } from "vitest";
import { type Matchable, matches, parseQuery, QuerySyntaxError, searchTerms } from "./listening-query.js";

const m = (text: string, extra: Omit<Matchable, "text"> = {}): Matchable => ({ text, ...extra });
const test = (query: string, doc: Matchable) => matches(parseQuery(query), doc);

/** The error a query gets, as the editor would show it. */
function errorOf(query: string): { message: string; position: number; length: number } {
  try {
    parseQuery(query);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return { message: err.message, position: err.position, length: err.length };
    throw err;
  }
  throw new Error(`no error for ${query}`);
}

describe("parseQuery", () => {
  it("reads words, phrases, hashtags and fields, with AND implied and binding tighter than OR", () => {
    expect(parseQuery('"северный кофе" OR north coffee* -job lang:ru')).toEqual({
      type: "or",
      items: [
        { type: "phrase", words: ["северный", "кофе"] },
        {
          type: "and",
          items: [
            { type: "word", value: "north", prefix: false },
            { type: "word", value: "coffee", prefix: true },
            { type: "not", item: { type: "word", value: "job", prefix: false } },
            { type: "field", field: "lang", value: "ru" },
          ],
        },
      ],
    });
  });

  it("groups with parentheses and treats lower-case and/or/not as words", () => {
    expect(parseQuery("(latte OR raf) AND NOT cold")).toEqual({
      type: "and",
      items: [
        { type: "or", items: [{ type: "word", value: "latte", prefix: false }, { type: "word", value: "raf", prefix: false }] },
        { type: "not", item: { type: "word", value: "cold", prefix: false } },
      ],
    });
    expect(parseQuery("rock and roll")).toMatchObject({ type: "and", items: [{ value: "rock" }, { value: "and" }, { value: "roll" }] });
  });

  it("normalizes fields: handles without @, domains without scheme or www", () => {
    expect(parseQuery("coffee from:@Barista_Anna")).toMatchObject({ items: [{}, { type: "field", field: "from", value: "barista_anna" }] });
    expect(parseQuery("coffee site:https://www.VC.ru/food")).toMatchObject({ items: [{}, { type: "field", field: "site", value: "vc.ru" }] });
  });

  it.each([
    ["", 0, /empty/],
    ['"северный кофе', 0, /never closed/],
    ["(coffee OR tea", 0, /\( is never closed/],
    ["coffee)", 6, /\) has no \(/],
    ["coffee AND", 7, /AND needs something on both sides/],
    ["OR coffee", 0, /OR needs something on both sides/],
    ["coffee OR OR tea", 7, /OR needs something on both sides/],
    ["coffee ()", 7, /parentheses are empty/],
    ["coffee NOT", 7, /NOT needs a term/],
    ["-coffee", 0, /cannot only exclude/],
    ["NOT (coffee OR tea)", 0, /cannot only exclude/],
    ["coffee lang:russian", 12, /two- or three-letter language code/],
    ["coffee lang:", 7, /Write a value after lang:/],
    ["coffee foo:bar", 7, /"foo:" is not a field/],
    ["coffee site:localhost", 12, /domain name/],
    ["coffee #", 7, /hashtag/],
    ['coffee ""', 7, /phrase is empty/],
    ["coffee c*", 7, /at least two letters/],
    ["coffee ***", 7, /no letters or digits/],
  ])("refuses %j at %i", (query, position, message) => {
    const e = errorOf(query);
    expect(e.message).toMatch(message);
    expect(e.position).toBe(position);
  });

  it("points at the whole mistake for the editor to underline", () => {
    expect(errorOf("coffee lang:russian")).toMatchObject({ position: 12, length: 7 });
    expect(errorOf("coffee foo:bar")).toMatchObject({ position: 7, length: 4 });
  });

  it("refuses a query longer than 2000 characters", () => {
    expect(errorOf("a ".repeat(1001)).message).toMatch(/2002 characters long; 2000 is the most/);
  });
});

describe("matches", () => {
  it("matches whole words regardless of case, accents and ё", () => {
    expect(test("Кофе", m("Лучший КОФЕ в городе"))).toBe(true);
    expect(test("кофе", m("кофейня открылась"))).toBe(false);
    expect(test("коф*", m("кофейня открылась"))).toBe(true);
    expect(test("елка", m("Ёлка у входа"))).toBe(true);
    expect(test("cafe", m("Best café in town"))).toBe(true);
    // Cyrillic letters with marks stay themselves.
    expect(test("мои", m("мой кофе"))).toBe(false);
    expect(test("їжа", m("Смачна ЇЖА"))).toBe(true);
  });

  it("matches phrases in order, and a hyphenated word as its parts in order", () => {
    expect(test('"северный кофе"', m("Северный кофе — лучший!"))).toBe(true);
    expect(test('"северный кофе"', m("кофе северный"))).toBe(false);
    expect(test("кофе-бар", m("Новый кофе бар на углу"))).toBe(true);
    expect(test("кофе-бар", m("Новый кофе-бар на углу"))).toBe(true);
    expect(test("бар", m("Новый кофе-бар на углу"))).toBe(true);
  });

  it("applies AND, OR, NOT and parentheses", () => {
    const q = "(latte OR raf) -cold";
    expect(test(q, m("Raf was great"))).toBe(true);
    expect(test(q, m("latte was cold"))).toBe(false);
    expect(test(q, m("espresso only"))).toBe(false);
    expect(test("north coffee", m("North of the river, coffee is better"))).toBe(true);
    expect(test("north coffee", m("North of the river"))).toBe(false);
  });

  it("matches hashtags only as hashtags, and plain words inside hashtags", () => {
    expect(test("#северныйкофе", m("Утро с #СеверныйКофе"))).toBe(true);
    expect(test("#кофе", m("кофе без хэштега"))).toBe(false);
    expect(test("кофе", m("#кофе"))).toBe(true);
  });

  it("matches the author, the language and the link's site", () => {
    expect(test("coffee from:anna", m("coffee", { authorHandle: "@Anna" }))).toBe(true);
    expect(test("coffee from:anna", m("coffee", { authorHandle: "anna@mastodon.social" }))).toBe(true);
    expect(test("coffee from:anna@mastodon.social", m("coffee", { authorHandle: "anna@fosstodon.org" }))).toBe(false);
    expect(test("coffee lang:ru", m("coffee", { lang: "ru" }))).toBe(true);
    expect(test("coffee lang:ru", m("coffee", { lang: null }))).toBe(false);
    expect(test("coffee site:vc.ru", m("coffee", { url: "https://www.vc.ru/food/1" }))).toBe(true);
    expect(test("coffee site:vc.ru", m("coffee", { url: "https://spb.vc.ru/food/1" }))).toBe(true);
    expect(test("coffee site:vc.ru", m("coffee", { url: "https://notvc.ru/" }))).toBe(false);
    expect(test("coffee site:vc.ru", m("coffee", { url: "not a url" }))).toBe(false);
    expect(test("coffee site:vc.ru", m("coffee", { links: ["https://t.me/x", "https://vc.ru/a"] }))).toBe(true);
    expect(test("coffee site:vc.ru", m("coffee, read https://vc.ru/food/2 today"))).toBe(true);
  });
});

describe("searchTerms", () => {
  const terms = (q: string) => searchTerms(parseQuery(q));

  it("asks for every alternative and the narrowest side of AND", () => {
    expect(terms('"северный кофе" OR "north coffee" OR #северныйкофе')).toEqual(['"северный кофе"', '"north coffee"', "#северныйкофе"]);
    expect(terms("(north OR nord) coffee -job")).toEqual(["coffee"]);
    expect(terms("(north OR nord) (coffee OR cafe OR espresso)")).toEqual(["north", "nord"]);
    expect(terms('"Кофе"')).toEqual(["кофе"]);
  });

  it("cannot search a query that narrows by fields alone, or an alternative without words", () => {
    expect(terms("lang:ru from:anna")).toBeNull();
    expect(terms("coffee OR lang:ru")).toBeNull();
    expect(terms("coffee lang:ru")).toEqual(["coffee"]);
  });

  it("finds everything the query matches (each match contains one of the terms)", () => {
    const query = parseQuery('(north OR "северный кофе") -job');
    const t = searchTerms(query) ?? [];
    for (const text of ["North is open", "Северный кофе лучший", "nord"]) {
      if (!matches(query, { text })) continue;
      expect(t.some((term) => matches(parseQuery(term), { text }))).toBe(true);
    }
  });
});
