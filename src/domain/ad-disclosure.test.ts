import { describe, expect, it } from "vitest";
import { adMarkSchema, adProblems, discloseAd, parseAdMark } from "./ad-disclosure.js";

const ru = adMarkSchema.parse({ advertiser: "ООО «Северный кофе»", advertiserTaxId: "7701234567", erid: "2VtzqwXYZab" });

describe("advertising disclosure", () => {
  it("labels a Russian ad with Реклама, the advertiser with ИНН and the erid, and tags the link", () => {
    const sent = discloseAd({ text: "Новый раф с можжевельником", link: "https://north.coffee/raf?utm_source=vk" }, ru);
    expect(sent.text).toBe("Новый раф с можжевельником\n\nРеклама. ООО «Северный кофе», ИНН 7701234567. erid: 2VtzqwXYZab");
    expect(new URL(sent.link as string).searchParams.get("erid")).toBe("2VtzqwXYZab");
    expect(new URL(sent.link as string).searchParams.get("utm_source")).toBe("vk");
  });

  it("refuses a Russian ad without its token, and says where the token comes from", () => {
    const noToken = adMarkSchema.parse({ advertiser: "ИП Иванов" });
    expect(adProblems(noToken)).toEqual([{ path: "ad.erid", message: expect.stringMatching(/erid token.*ОРД/) }]);
    expect(adProblems(ru)).toEqual([]);
    expect(adProblems(null)).toEqual([]);
  });

  it("puts #ad first under the generic rules, and leaves a post that is not an ad alone", () => {
    const generic = adMarkSchema.parse({ rules: "generic", advertiser: "Acme" });
    expect(discloseAd({ text: "Try the new roast", link: null }, generic).text).toBe("#ad Try the new roast");
    expect(adProblems(generic)).toEqual([]);
    expect(discloseAd({ text: "Hello", link: "https://x.test/" }, null)).toEqual({ text: "Hello", link: "https://x.test/" });
  });

  it("checks the ИНН and the token's shape", () => {
    expect(adMarkSchema.safeParse({ advertiser: "A", advertiserTaxId: "12345" }).success).toBe(false);
    expect(adMarkSchema.safeParse({ advertiser: "A", advertiserTaxId: "500100732259" }).success).toBe(true);
    expect(adMarkSchema.safeParse({ advertiser: "A", erid: "has spaces" }).success).toBe(false);
    expect(adMarkSchema.safeParse({ advertiser: " " }).success).toBe(false);
  });

  it("reads an unreadable stored mark as an ad without a token: held, never published unmarked", () => {
    expect(adProblems(parseAdMark("{not json"))).toHaveLength(1);
    expect(parseAdMark(null)).toBeNull();
    expect(parseAdMark(JSON.stringify(ru))).toEqual(ru);
  });
});
