import { describe, expect, it } from "vitest";
import { renderTemplate } from "./template.js";

const ctx = { brand: "Северный кофе", zone: "Europe/Moscow", locale: "ru", now: new Date("2026-03-01T22:30:00Z"), variables: { promo: "COFFEE10", city: "Казань" } };

describe("renderTemplate", () => {
  it("fills built-ins and the brand's variables", () => {
    const r = renderTemplate("{brand} в городе {city}: код {promo}, {date}. {link}", { ...ctx, link: "https://north.example/sale" });
    // 22:30Z on 1 March is already 2 March in Moscow: the date is the brand's, not the server's.
    expect(r.text).toBe("Северный кофе в городе Казань: код COFFEE10, 2 марта 2026 г.. https://north.example/sale");
    expect(r.problems).toEqual([]);
  });

  it("writes the date the brand locale's way", () => {
    expect(renderTemplate("{date}", { ...ctx, locale: "en", zone: "America/New_York" }).text).toBe("March 1, 2026");
  });

  it("reports unknown variables and a missing link, leaving them visible", () => {
    const r = renderTemplate("Скидка {discount}% до {discount}. {link}", ctx);
    expect(r.text).toBe("Скидка {discount}% до {discount}. {link}");
    expect(r.problems.map((p) => p.variable)).toEqual(["discount", "link"]);
    expect(r.problems[0]?.message).toMatch(/not a variable of this brand/);
  });

  it("keeps literal braces and text that is not a placeholder", () => {
    expect(renderTemplate("{{brand}} {not a var} {}", ctx)).toEqual({ text: "{brand} {not a var} {}", problems: [] });
  });

  it("does not treat inherited object keys as variables", () => {
    expect(renderTemplate("{constructor}", ctx).problems).toHaveLength(1);
  });
});
