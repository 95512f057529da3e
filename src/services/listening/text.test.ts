import { describe, expect, it } from "vitest";
import { bandsOf, comparedWords, fingerprint, nearCopies, shinglesOf, termsOf } from "./text.js";

describe("fingerprint", () => {
  it("is the same for a text, its repost and a copy with another link or mentions", () => {
    const original = fingerprint("Доставка Северного кофе опять привезла холодный латте, третий раз за неделю https://t.me/a/1", "anna");
    expect(fingerprint("RT @anna: Доставка Северного кофе опять привезла холодный латте, третий раз за неделю!", "bob")).toBe(original);
    expect(fingerprint("доставка северного кофе ОПЯТЬ привезла холодный латте — третий раз за неделю https://vc.ru/x @north", "carol")).toBe(original);
    expect(fingerprint("Доставка Северного кофе привезла горячий латте, третий раз за неделю", "anna")).not.toBe(original);
  });

  it("keeps short texts of different authors apart", () => {
    expect(fingerprint("Love it!", "anna")).not.toBe(fingerprint("Love it!", "bob"));
    expect(fingerprint("Love it!", "anna")).toBe(fingerprint("love it", "anna"));
  });
});

describe("near-copies", () => {
  const base = "Доставка Северного кофе опять привезла холодный латте, третий раз за неделю";
  const bands = (text: string, scope = "") => bandsOf(shinglesOf(comparedWords(text)) as Int32Array, scope);
  /** Whether two texts would meet in the index: some band value in common. */
  const meet = (a: string, b: string) => {
    const x = bands(a);
    const y = bands(b);
    return x.some((v, i) => v === y[i]);
  };

  it("folds a text with a hashtag, emoji or word added, a typo, a word changed or a sentence appended", () => {
    for (const copy of [
      `${base} #северныйкофе`,
      `${base} 😡😡`,
      "Доставка Северного кофе опять привезла совсем холодный латте, третий раз за неделю",
      "Доставка Северного кофе опять привезла холоный латте, третий раз за неделю",
      "Доставка Северного кофе снова привезла холодный латте, третий раз за неделю",
      `${base}. +1 same here`,
      "RT @anna: Доставка Северного кофе опять привезла холодный латте, третий раз за неделю +1, у меня так же",
    ]) {
      expect(nearCopies(base, copy)).toBe(true);
      expect(meet(base, copy)).toBe(true);
    }
    expect(nearCopies("North Coffee delivery brought a cold latte again, third time this week", "North Coffee delivery brougth a cold latte again, third time this week")).toBe(true);
  });

  it("keeps apart different texts on the same subject", () => {
    expect(nearCopies(base, "Ждала заказ из Северного Кофе сорок минут, латте приехал холодный")).toBe(false);
    expect(nearCopies(base, "Доставка Северного кофе сегодня быстрая, латте горячий, спасибо курьеру")).toBe(false);
    expect(nearCopies(base, "Северный кофе опять привёз холодный латте, уже третий раз пишу в поддержку")).toBe(false);
    expect(meet(base, "Ждала заказ из Северного Кофе сорок минут, латте приехал холодный")).toBe(false);
    // Two changes in eleven words ("опять" gone, cold become hot) keep 65% of the grams: a
    // different post. One word alone (cold → hot) keeps 77% and folds — similarity of text cannot
    // tell a word that turns the meaning from a typo, and a copy edited in one word is far more
    // common than two people writing the same sentence but for one word.
    expect(nearCopies(base, "Доставка Северного кофе привезла горячий латте, третий раз за неделю")).toBe(false);
    expect(nearCopies(base, "Доставка Северного кофе опять привезла горячий латте, третий раз за неделю")).toBe(true);
  });

  it("leaves texts under eight words to the fingerprint", () => {
    expect(shinglesOf(comparedWords("Латте в Северном кофе сегодня холодный"))).toBeNull();
    expect(nearCopies("Латте в Северном кофе сегодня холодный", "Латте в Северном кофе сегодня горячий")).toBe(false);
  });

  it("keys the bands by scope: the same words matched by other queries never meet", () => {
    expect([...bands(base, "q1")]).toEqual([...bands(base, "q1")]);
    const other = bands(base, "q2");
    expect(bands(base, "q1").some((v, i) => v === other[i])).toBe(false);
  });
});

describe("termsOf", () => {
  it("counts words and two-word phrases without stop words, numbers, links or handles", () => {
    expect(termsOf("The delivery of North Coffee was cold again, 2 times! https://x.io @north_coffee")).toEqual(
      expect.arrayContaining(["delivery", "north", "coffee", "north coffee", "cold"]),
    );
    const terms = termsOf("Холодный кофе и холодный кофе: это уже не в первый раз");
    expect(terms).toContain("холодный кофе");
    expect(terms.filter((t) => t === "холодный кофе")).toHaveLength(1);
    expect(terms).not.toContain("это");
    expect(termsOf("The delivery https://x.io")).not.toContain("x");
  });
});
