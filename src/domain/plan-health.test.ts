import { describe, expect, it } from "vitest";
import { type HourCell, localSlot, longSilences, lowHours, mixOffPlan, oneFormat, type PlanChannel, type PlanPost, postsAtLowHours, tooManyPosts } from "./plan-health.js";
import type { MixItem } from "./strategy.js";

const moscow = "Europe/Moscow";
const berlin = "Europe/Berlin";
const vk: PlanChannel = { id: "ch-vk", name: "VK", network: "vk", since: "2025-01-01T00:00:00.000Z" };
const tg: PlanChannel = { id: "ch-tg", name: "Telegram", network: "telegram", since: "2025-01-01T00:00:00.000Z" };

let seq = 0;
function post(at: string, over: Partial<PlanPost> = {}): PlanPost {
  seq++;
  return { postId: `p${seq}`, variantId: `v${seq}`, channelId: vk.id, at, state: "scheduled", format: "image", rubric: null, ...over };
}

describe("tooManyPosts", () => {
  it("lets exactly 3 posts a day through and flags the fourth", () => {
    const three = ["06:00", "09:00", "15:00"].map((t) => post(`2026-03-17T${t}:00.000Z`));
    expect(tooManyPosts(three, [vk], moscow)).toEqual([]);
    const four = [...three, post("2026-03-17T18:00:00.000Z")];
    const [f] = tooManyPosts(four, [vk], moscow);
    expect(f).toMatchObject({ rule: "too_many_posts", severity: "warning", params: { channelId: vk.id, day: "2026-03-17" }, evidence: { days: 1, maxPerDay: 4, limit: 3 } });
    expect(f?.items.filter((i) => i.kind === "post")).toHaveLength(4);
  });

  it("counts per channel: 2 + 2 on two channels is fine", () => {
    const posts = [post("2026-03-17T06:00:00.000Z"), post("2026-03-17T07:00:00.000Z"), post("2026-03-17T06:00:00.000Z", { channelId: tg.id }), post("2026-03-17T07:00:00.000Z", { channelId: tg.id })];
    expect(tooManyPosts(posts, [vk, tg], moscow)).toEqual([]);
  });

  it("counts days on the brand's wall clock: 23:30 and 00:30 local are two days", () => {
    // Moscow is UTC+3: 20:30Z is 23:30 on the 17th, 21:30Z is 00:30 on the 18th.
    const posts = [post("2026-03-17T10:00:00.000Z"), post("2026-03-17T12:00:00.000Z"), post("2026-03-17T20:30:00.000Z"), post("2026-03-17T21:30:00.000Z")];
    expect(localSlot("2026-03-17T20:30:00.000Z", moscow)).toEqual({ day: "2026-03-17", hour: 23 });
    expect(localSlot("2026-03-17T21:30:00.000Z", moscow)).toEqual({ day: "2026-03-18", hour: 0 });
    expect(tooManyPosts(posts, [vk], moscow)).toEqual([]);
    // The same four instants are one UTC day: in a UTC brand they are one day too many.
    expect(tooManyPosts(posts, [vk], "UTC")).toHaveLength(1);
    // …and moving the 00:30 one back to 23:45 local makes four on the 17th in Moscow.
    expect(tooManyPosts([...posts.slice(0, 3), post("2026-03-17T20:45:00.000Z")], [vk], moscow)).toHaveLength(1);
  });

  it("counts days right across a DST change (Berlin, 29 March 2026: 02:00 → 03:00)", () => {
    // 28 March 23:30 CET = 22:30Z; 29 March 00:30 CET = 23:30Z; 29 March 23:30 CEST = 21:30Z.
    expect(localSlot("2026-03-28T22:30:00.000Z", berlin)).toEqual({ day: "2026-03-28", hour: 23 });
    expect(localSlot("2026-03-28T23:30:00.000Z", berlin)).toEqual({ day: "2026-03-29", hour: 0 });
    expect(localSlot("2026-03-29T21:30:00.000Z", berlin)).toEqual({ day: "2026-03-29", hour: 23 });
    expect(localSlot("2026-03-29T22:30:00.000Z", berlin)).toEqual({ day: "2026-03-30", hour: 0 });
    // The short day of the 29th (23 hours): its first and last hours hold 4 posts.
    const day = [post("2026-03-28T23:30:00.000Z"), post("2026-03-29T01:30:00.000Z"), post("2026-03-29T10:00:00.000Z"), post("2026-03-29T21:30:00.000Z")];
    const [f] = tooManyPosts([...day, post("2026-03-28T22:30:00.000Z"), post("2026-03-29T22:30:00.000Z")], [vk], berlin);
    expect(f?.params.day).toBe("2026-03-29");
    expect(f?.evidence.maxPerDay).toBe(4);
    expect(f?.evidence.days).toBe(1);
  });
});

describe("longSilences", () => {
  const period = { start: "2026-03-01T00:00:00.000Z", end: "2026-03-29T00:00:00.000Z", now: "2026-03-20T00:00:00.000Z" };

  it("flags a gap of 5 days or more between posts, not 4.9", () => {
    const ok = [post("2026-03-01T10:00:00.000Z"), post("2026-03-05T20:00:00.000Z"), post("2026-03-10T10:00:00.000Z"), post("2026-03-15T00:00:00.000Z"), post("2026-03-19T12:00:00.000Z")];
    expect(longSilences(ok, [vk], period)).toEqual([]);
    const gap = [post("2026-03-01T10:00:00.000Z"), post("2026-03-06T10:00:00.000Z"), post("2026-03-10T10:00:00.000Z"), post("2026-03-15T00:00:00.000Z"), post("2026-03-19T12:00:00.000Z")];
    const [f] = longSilences(gap, [vk], period);
    expect(f).toMatchObject({ rule: "long_silence", evidence: { days: 5, limit: 5 } });
    expect(f?.items.map((i) => i.kind)).toEqual(["channel", "post", "post"]);
  });

  it("counts an ongoing silence up to now, but not the unwritten future", () => {
    // 5 days from the start to the post, then 14 until now: the longest is the ongoing one.
    const [f] = longSilences([post("2026-03-06T00:00:00.000Z")], [vk], period);
    expect(f?.evidence.days).toBe(14);
    expect(f?.params.to).toBe(period.now);
    // The last post planned for tomorrow, nothing after it: the plan ends there, no silence after.
    const recent = [post("2026-03-01T10:00:00.000Z"), post("2026-03-05T10:00:00.000Z"), post("2026-03-09T10:00:00.000Z"), post("2026-03-13T10:00:00.000Z"), post("2026-03-17T10:00:00.000Z"), post("2026-03-21T10:00:00.000Z")];
    expect(longSilences(recent, [vk], period)).toEqual([]);
  });

  it("starts counting when the channel was connected", () => {
    const fresh = { ...vk, since: "2026-03-17T00:00:00.000Z" };
    expect(longSilences([], [fresh], period)).toEqual([]);
    expect(longSilences([], [vk], period)[0]?.evidence.days).toBe(19);
  });
});

describe("oneFormat", () => {
  it("needs 8 posts, each counted once whatever its channels", () => {
    const seven = Array.from({ length: 7 }, (_, i) => post(`2026-03-0${i + 1}T10:00:00.000Z`));
    expect(oneFormat(seven)).toEqual([]);
    // The same post on another channel is still one post.
    expect(oneFormat([...seven, { ...seven[0]!, channelId: tg.id, variantId: "other" }])).toEqual([]);
    const eight = [...seven, post("2026-03-08T10:00:00.000Z")];
    expect(oneFormat(eight)[0]).toMatchObject({ rule: "one_format", params: { format: "image" }, evidence: { posts: 8 } });
    expect(oneFormat([...eight, post("2026-03-09T10:00:00.000Z", { format: "video" })])).toEqual([]);
  });
});

describe("mixOffPlan", () => {
  const mix: MixItem[] = [
    { rubric: "Новинки", kind: "informative", share: 35 },
    { rubric: "Полезное", kind: "educational", share: 30 },
    { rubric: "За кулисами", kind: "entertaining", share: 25 },
    { rubric: "Акции", kind: "selling", share: 10 },
  ];
  const of = (rubric: string | null, n: number) => Array.from({ length: n }, () => post("2026-03-10T10:00:00.000Z", { rubric }));

  it("says nothing without a plan or with fewer than 10 posts in it", () => {
    expect(mixOffPlan(of("Акции", 20), [])).toEqual([]);
    expect(mixOffPlan([...of("Акции", 9), ...of("Без рубрики", 5), ...of(null, 5)], mix)).toEqual([]);
  });

  it("flags a kind more than 15 points off its share, not exactly 15", () => {
    // 20 posts: selling 5 = 25 % (plan 10: +15, fine), informative 7 = 35 %, educational 6 = 30 %, entertaining 2 = 10 % (−15, fine).
    const edge = [...of("Акции", 5), ...of("Новинки", 7), ...of("Полезное", 6), ...of("За кулисами", 2)];
    expect(mixOffPlan(edge, mix).filter((f) => f.rule === "mix_off_plan")).toEqual([]);
    // selling 6 of 20 = 30 %: +20.
    const over = [...of("акции", 6), ...of("Новинки", 6), ...of("Полезное", 6), ...of("За кулисами", 2)];
    const [f] = mixOffPlan(over, mix).filter((x) => x.rule === "mix_off_plan");
    expect(f).toMatchObject({ params: { kind: "selling", direction: "over" }, evidence: { actual: 30, planned: 10, diff: 20, posts: 20 } });
    expect(f?.items).toHaveLength(6);
  });

  it("compares informative with entertaining against the plan's ratio", () => {
    // Plan: informative 35 of 60 = 58.3 %. Posted: 10 informative, 0 entertaining = 100 %.
    const posts = [...of("Новинки", 10), ...of("Полезное", 6), ...of("Акции", 2)];
    const ratio = mixOffPlan(posts, mix).find((f) => f.rule === "info_vs_entertaining");
    expect(ratio).toMatchObject({ params: { direction: "too_informative" }, evidence: { informative: 10, entertaining: 0, actualInformativePart: 100, plannedInformativePart: 58.3 } });
    // 7 : 5 = 58.3 % — the plan's own ratio.
    const balanced = [...of("Новинки", 7), ...of("За кулисами", 5), ...of("Полезное", 6), ...of("Акции", 2)];
    expect(mixOffPlan(balanced, mix).find((f) => f.rule === "info_vs_entertaining")).toBeUndefined();
  });
});

describe("lowHours and postsAtLowHours", () => {
  const cells = (spec: [number, number, number][]): HourCell[] => spec.map(([hour, posts, index]) => ({ hour, posts, index }));
  const history = cells([
    [9, 6, 1.0],
    [13, 6, 1.1],
    [19, 6, 1.2],
    [20, 6, 1.1],
    [23, 4, 0.6],
    [3, 2, 0.1],
  ]);

  it("does not judge with fewer than 20 posts, or fewer than 4 hours of 3+ posts", () => {
    expect(lowHours(cells([[9, 19, 1]])).trusted).toBe(false);
    expect(lowHours(cells([[9, 10, 1], [10, 10, 1], [11, 10, 1], [12, 2, 0.1]])).trusted).toBe(false);
  });

  it("finds hours at most 70 % of the typical hour, trusting only hours with 3+ posts", () => {
    const v = lowHours(history);
    expect(v.trusted).toBe(true);
    if (!v.trusted) return;
    expect(v.median).toBeCloseTo(1.1);
    // 23:00 at 0.6 is low; 03:00 is lower but has 2 posts only: not judged.
    expect(v.low.map((c) => c.hour)).toEqual([23]);
    // Exactly 70 % counts as low.
    const edge = lowHours(cells([[9, 5, 1], [10, 5, 1], [11, 5, 1], [12, 5, 0.7]]));
    expect(edge.trusted && edge.low.map((c) => c.hour)).toEqual([12]);
  });

  it("flags planned posts at a low hour of the brand's clock, not published ones", () => {
    // 20:15Z is 23:15 in Moscow.
    const late = post("2026-03-20T20:15:00.000Z");
    const done = post("2026-03-10T20:15:00.000Z", { state: "published" });
    const fine = post("2026-03-20T16:00:00.000Z");
    const [f] = postsAtLowHours([late, done, fine], history, moscow);
    expect(f).toMatchObject({ rule: "low_activity_hours", params: { hours: "23:00" }, evidence: { posts: 1, hour: 23, hourPosts: 4, hourIndex: 54.5 } });
    expect(f?.items).toEqual([
      { kind: "post", id: late.postId },
      { kind: "variant", id: late.variantId },
    ]);
    // In a UTC brand the same instant is 20:00, a good hour.
    expect(postsAtLowHours([late], history, "UTC")).toEqual([]);
  });

  it("says honestly when the history is too thin", () => {
    expect(postsAtLowHours([post("2026-03-20T20:15:00.000Z")], cells([[23, 5, 0.1]]), moscow)[0]).toMatchObject({ rule: "hours_not_enough_data", severity: "info", evidence: { posts: 5, needed: 20 } });
    expect(postsAtLowHours([], cells([[23, 5, 0.1]]), moscow)).toEqual([]);
  });
});
