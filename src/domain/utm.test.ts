import { describe, expect, it } from "vitest";
import { findUrls, slugify, tagText, utmFor, withUtm } from "./utm.js";

const urls = (text: string) => findUrls(text).map((f) => f.url);

describe("findUrls", () => {
  it("finds links and leaves sentence punctuation out", () => {
    expect(urls("See https://example.com/a. And http://b.example.org/x?y=1, too!")).toEqual(["https://example.com/a", "http://b.example.org/x?y=1"]);
    expect(urls("Really? https://example.com/?q=1!!! …")).toEqual(["https://example.com/?q=1"]);
    expect(urls("ends with https://example.com…")).toEqual(["https://example.com"]);
  });

  it("keeps balanced brackets and drops the ones prose opened", () => {
    expect(urls("(see https://example.com/page)")).toEqual(["https://example.com/page"]);
    expect(urls("https://en.wikipedia.org/wiki/Go_(game) is old")).toEqual(["https://en.wikipedia.org/wiki/Go_(game)"]);
    expect(urls("[link](https://example.com/x)")).toEqual(["https://example.com/x"]);
    expect(urls("[https://example.com/a]")).toEqual(["https://example.com/a"]);
  });

  it("handles Russian text around links, quotes and IDN hosts", () => {
    const text = "Новая коллекция уже на сайте: https://shop.example.ru/catalog?sort=new, а подробности — «https://пример.рф/новости»!";
    expect(urls(text)).toEqual(["https://shop.example.ru/catalog?sort=new", "https://пример.рф/новости"]);
    expect(urls("Читайте:https://example.com/статья.")).toEqual(["https://example.com/статья"]);
    expect(urls("Ссылка (https://пример.рф) в скобках")).toEqual(["https://пример.рф"]);
  });

  it("reports positions and ignores things that are not links", () => {
    const text = "a https://x.io b";
    expect(findUrls(text)).toEqual([{ url: "https://x.io", start: 2, end: 14 }]);
    expect(urls("ftp://example.com mailto:a@b.c http:// https://nodot and xhttps://example.com")).toEqual([]);
    expect(urls("http://localhost:3000/x and http://[::1]:8080/")).toEqual(["http://localhost:3000/x", "http://[::1]:8080/"]);
  });
});

describe("withUtm", () => {
  const p = { source: "vk", medium: "social", campaign: "spring-sale", content: "post-1" };

  it("adds the parameters, keeping the query and the fragment", () => {
    expect(withUtm("https://example.com/a?x=1#top", p)).toBe("https://example.com/a?x=1&utm_source=vk&utm_medium=social&utm_campaign=spring-sale&utm_content=post-1#top");
    expect(withUtm("https://example.com", { source: "telegram", medium: "social" })).toBe("https://example.com?utm_source=telegram&utm_medium=social");
    expect(withUtm("https://example.com/?", { source: "vk", medium: "social", term: "кеды" })).toBe("https://example.com/?utm_source=vk&utm_medium=social&utm_term=%D0%BA%D0%B5%D0%B4%D1%8B");
  });

  it("keeps existing utm values unless told to override", () => {
    const tagged = "https://example.com/?utm_source=newsletter&a=b";
    expect(withUtm(tagged, p)).toBe("https://example.com/?utm_source=newsletter&a=b&utm_medium=social&utm_campaign=spring-sale&utm_content=post-1");
    expect(withUtm(tagged, p, { override: true })).toBe("https://example.com/?a=b&utm_source=vk&utm_medium=social&utm_campaign=spring-sale&utm_content=post-1");
    expect(withUtm("https://example.com/?UTM_SOURCE=x", { source: "vk", medium: "social" })).toBe("https://example.com/?UTM_SOURCE=x&utm_medium=social");
  });

  it("leaves an IDN host and a Cyrillic path as written", () => {
    expect(withUtm("https://пример.рф/каталог", { source: "vk", medium: "social" })).toBe("https://пример.рф/каталог?utm_source=vk&utm_medium=social");
  });

  it("omits empty parameters and is idempotent", () => {
    const once = withUtm("https://example.com/", { source: "bluesky", medium: "social", campaign: null, content: "p" });
    expect(once).toBe("https://example.com/?utm_source=bluesky&utm_medium=social&utm_content=p");
    expect(withUtm(once, { source: "bluesky", medium: "social", content: "p" })).toBe(once);
  });
});

describe("tagText and utmFor", () => {
  it("tags every link in a Russian post and nothing else", () => {
    const params = utmFor({ network: "telegram", campaign: "Весенняя распродажа 2026", postId: "p1" });
    expect(params).toEqual({ source: "telegram", medium: "social", campaign: "vesennyaya-rasprodazha-2026", content: "p1" });
    const text = "Скидки до 50%: https://shop.example.ru/sale. Вопросы — https://пример.рф/faq?lang=ru!";
    expect(tagText(text, params)).toBe(
      "Скидки до 50%: https://shop.example.ru/sale?utm_source=telegram&utm_medium=social&utm_campaign=vesennyaya-rasprodazha-2026&utm_content=p1. Вопросы — https://пример.рф/faq?lang=ru&utm_source=telegram&utm_medium=social&utm_campaign=vesennyaya-rasprodazha-2026&utm_content=p1!",
    );
    expect(tagText("no links here", params)).toBe("no links here");
  });

  it("omits the campaign when the post has none and can skip links", () => {
    expect(utmFor({ network: "vk", campaign: null, postId: "p" }).campaign).toBeUndefined();
    expect(tagText("https://a.io https://s.io/l/abc", { source: "vk", medium: "social" }, { skip: (u) => u.startsWith("https://s.io/l/") })).toBe(
      "https://a.io?utm_source=vk&utm_medium=social https://s.io/l/abc",
    );
  });

  it("slugifies names", () => {
    expect(slugify("  Black Friday — Café!  ")).toBe("black-friday-cafe");
    expect(slugify("Їжак і ґанок")).toBe("yizhak-i-ganok");
  });
});
