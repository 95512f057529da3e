import { describe, expect, it } from "vitest";
import { coolingDown, judge, negativeShareParams, volumeSpikeParams } from "./alert-rules.js";

const spike = { type: "volume_spike" as const, params: { factor: 3, windowMinutes: 60, baselineDays: 7, minMentions: 10 } };
const negative = { type: "negative_share" as const, params: { threshold: 0.3, windowMinutes: 120, minMentions: 10 } };
const influencer = { type: "influencer" as const, params: { minFollowers: 50_000 } };

describe("judge", () => {
  it("fires a volume spike at exactly the factor, not below it, and not under the minimum", () => {
    expect(judge(spike, { type: "volume_spike", mentions: 30, baselineAverage: 10 })).toMatchObject({ fire: true, figures: { ratio: 3 } });
    expect(judge(spike, { type: "volume_spike", mentions: 29, baselineAverage: 10 }).fire).toBe(false);
    expect(judge(spike, { type: "volume_spike", mentions: 9, baselineAverage: 1 }).fire).toBe(false);
    expect(judge(spike, { type: "volume_spike", mentions: 12, baselineAverage: 0 }).fire).toBe(true);
  });

  it("fires on a negative share above the threshold only", () => {
    expect(judge(negative, { type: "negative_share", mentions: 10, negative: 3 }).fire).toBe(false);
    const v = judge(negative, { type: "negative_share", mentions: 10, negative: 4 });
    expect(v).toMatchObject({ fire: true, figures: { share: 0.4 } });
    if (v.fire) expect(v.title).toContain("40 %");
    expect(judge(negative, { type: "negative_share", mentions: 9, negative: 9 }).fire).toBe(false);
  });

  it("groups influencer mentions into one alert", () => {
    expect(judge(influencer, { type: "influencer", mentions: [{ followers: 49_999 }] }).fire).toBe(false);
    expect(judge(influencer, { type: "influencer", mentions: [{ followers: 50_000 }, { followers: 80_000 }, { followers: 10 }] })).toMatchObject({ fire: true, figures: { mentions: 2, maxFollowers: 80_000 } });
  });
});

describe("parameters", () => {
  it("refuse shares outside 0…1 and spikes below 1.1×", () => {
    expect(negativeShareParams.safeParse({ threshold: 30, windowMinutes: 120 }).success).toBe(false);
    expect(negativeShareParams.parse({ threshold: 0.3, windowMinutes: 120 })).toEqual({ threshold: 0.3, windowMinutes: 120, minMentions: 10 });
    expect(volumeSpikeParams.safeParse({ factor: 1, windowMinutes: 60 }).success).toBe(false);
  });
});

describe("coolingDown", () => {
  it("is quiet for the cool-down and not a millisecond more", () => {
    const fired = "2026-11-23T10:00:00.000Z";
    expect(coolingDown(fired, 60, new Date("2026-11-23T10:59:59.999Z"))).toBe(true);
    expect(coolingDown(fired, 60, new Date("2026-11-23T11:00:00.000Z"))).toBe(false);
    expect(coolingDown(null, 60, new Date())).toBe(false);
  });
});
