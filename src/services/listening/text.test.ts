import { describe, expect, it } from "vitest";
import { fingerprint, termsOf } from "./text.js";

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
