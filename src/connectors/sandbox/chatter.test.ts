import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, type TestStore } from "../../../test/support/stores.js";
import { matches, normalize, parseQuery } from "../../domain/listening-query.js";
import { type ChannelContext, type Connector, ConnectorError, type RemotePost } from "../types.js";
import { type ChatterPost, chatterBetween, chatterBrands, incidentHandles, remotePostAt, searchChatter, searchDays, searchPageSize } from "./chatter.js";
import { createSandboxConnector } from "./index.js";

const hourMs = 3_600_000;
const dayMs = 86_400_000;
/** 18:00 in Moscow. */
const now = new Date("2026-03-20T15:00:00.000Z");
/** 11:20 in Moscow, the morning of the same day. */
const incidentAt = new Date("2026-03-20T08:20:00.000Z");
/**
 * Timed before anything else in this file generates posts, so the first figure includes V8 warming
 * up; ranges no test asks for, so nothing comes from the cache of recent hours. CPU time is printed
 * too: wall time on a busy machine says little.
 */
function timeFortnight(from: Date) {
  const [t, cpu] = [performance.now(), process.cpuUsage()];
  const posts = chatterBetween(from, new Date(from.getTime() + searchDays * dayMs)).length;
  const used = process.cpuUsage(cpu);
  return { posts, wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}
const timings = [timeFortnight(new Date("2025-06-01T00:00:00.000Z")), timeFortnight(new Date("2025-07-01T00:00:00.000Z"))];
const fortnight = chatterBetween(new Date(now.getTime() - searchDays * dayMs), now);
const north = fortnight.filter((p) => p.subject === "north");
const moscowHour = (p: ChatterPost) => (new Date(p.occurredAt).getUTCHours() + 3) % 24;
const share = (posts: readonly ChatterPost[], test: (p: ChatterPost) => boolean) => posts.filter(test).length / posts.length;
const newestFirst = (x: { occurredAt: string; externalId: string }, y: { occurredAt: string; externalId: string }) =>
  x.occurredAt !== y.occurredAt ? (x.occurredAt > y.occurredAt ? -1 : 1) : x.externalId > y.externalId ? -1 : 1;

/** Every page of a search, in order. */
function searchAll(term: string, at = now, incident: Date | null = null): RemotePost[][] {
  const pages: RemotePost[][] = [];
  let cursor: string | null = null;
  do {
    const page = searchChatter({ term, cursor, at, incidentAt: incident });
    pages.push(page.items);
    cursor = page.cursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

/** What the search must answer for a term: the window's posts Chorus's own matching accepts, newest first. */
function expected(term: string, at = now): ChatterPost[] {
  const oldest = new Date(at.getTime() - searchDays * dayMs).toISOString();
  const node = parseQuery(term);
  return chatterBetween(new Date(at.getTime() - searchDays * dayMs - hourMs), new Date(at.getTime() + 1))
    .filter((p) => p.occurredAt > oldest && matches(node, p))
    .sort(newestFirst);
}

describe("sandbox chatter", () => {
  it("generates two weeks of the network in well under 100 ms", () => {
    const [first, second] = timings.map((t) => `${t.posts} posts in ${t.wallMs.toFixed(1)} ms (${t.cpuMs.toFixed(1)} ms CPU)`);
    console.log(`chatter, 14 days: ${first} on the first call, ${second} on the next`);
    expect(timings[0]!.posts).toBeGreaterThan(3000);
  });

  it("is a function of the hour: the same posts and ids whatever range is asked and however often", () => {
    const hour = new Date("2026-03-18T09:00:00.000Z");
    const alone = chatterBetween(hour, new Date(hour.getTime() + hourMs));
    expect(alone.length).toBeGreaterThan(5);
    expect(fortnight.filter((p) => p.occurredAt >= hour.toISOString() && p.occurredAt < new Date(hour.getTime() + hourMs).toISOString())).toEqual(alone);
    // Push the hour out of the cache of recent hours and generate it again.
    chatterBetween(new Date("2025-01-01T00:00:00.000Z"), new Date("2025-01-21T00:00:00.000Z"));
    expect(chatterBetween(hour, new Date(hour.getTime() + hourMs))).toEqual(alone);
    const hourNumber = hour.getTime() / hourMs;
    for (const p of alone) expect(p.externalId).toMatch(new RegExp(`^pub-${hourNumber}-\\d+$`));
    expect(new Set(fortnight.map((p) => p.externalId)).size).toBe(fortnight.length);
  });

  it("talks about the brand 3–8 times an hour in the daytime and less at night, mostly kindly, in three languages", () => {
    const perHour = (from: number, to: number) => north.filter((p) => moscowHour(p) >= from && moscowHour(p) < to).length / (searchDays * (to - from));
    const day = perHour(10, 21);
    const night = perHour(2, 6);
    expect(day).toBeGreaterThanOrEqual(3);
    expect(day).toBeLessThanOrEqual(8);
    expect(night).toBeLessThan(day / 3);
    const negative = share(north, (p) => p.truth === "negative");
    expect(negative).toBeGreaterThan(0.12);
    expect(negative).toBeLessThan(0.3);
    expect(share(north, (p) => p.truth === "positive")).toBeGreaterThan(negative);
    for (const brand of ["morningBrew", "zerno"] as const) {
      const posts = fortnight.filter((p) => p.subject === brand);
      expect(posts.length).toBeGreaterThan(200);
      expect(share(posts, (p) => p.truth === "negative")).toBeGreaterThan(0.12);
      expect(share(posts, (p) => p.truth === "negative")).toBeLessThan(0.35);
    }
    expect(new Set(north.map((p) => p.lang))).toEqual(new Set(["ru", "uk", "en"]));
    expect(fortnight.filter((p) => p.subject === "other").length).toBeGreaterThan(north.length);
  });

  it("has authors with log-normal followers, a few of them media with 50k–300k, and posts with counters, links and hashtags", () => {
    const followers = fortnight.map((p) => p.authorFollowers ?? 0).sort((a, b) => a - b);
    expect(followers[Math.floor(followers.length / 2)]).toBeLessThan(1000);
    const big = fortnight.filter((p) => (p.authorFollowers ?? 0) >= 50_000);
    expect(big.length).toBeGreaterThan(10);
    expect(big.length / fortnight.length).toBeLessThan(0.05);
    expect(Math.max(...followers)).toBeLessThanOrEqual(300_000);
    expect(share(big, (p) => p.links.length > 0)).toBeGreaterThan(0.4);
    const hosts = new Set(fortnight.flatMap((p) => p.links.map((l) => new URL(l).hostname)));
    expect(hosts).toContain("vc.ru");
    expect(hosts).toContain("t.me");
    for (const p of fortnight) for (const l of p.links) expect(p.text).toContain(l);
    expect(fortnight.some((p) => p.text.includes("#северныйкофе"))).toBe(true);
    expect(fortnight.some((p) => p.text.includes("#northcoffee"))).toBe(true);
    expect(fortnight.some((p) => p.likes > 0 && p.reposts > 0 && p.replies > 0)).toBe(true);
  });

  it("repeats posts as reposts and quotes, with RT and via", () => {
    const byId = new Map(fortnight.map((p) => [p.externalId, p]));
    const reposts = fortnight.filter((p) => p.repostOf !== null);
    expect(reposts.length).toBeGreaterThan(50);
    for (const r of reposts) {
      const original = byId.get(r.repostOf!)!;
      expect(original.occurredAt < r.occurredAt).toBe(true);
      expect(r.text).toContain(original.text);
      expect(r.text).toMatch(new RegExp(`(RT @${original.authorHandle}: |via @${original.authorHandle}$)`));
      expect(r.authorHandle).not.toBe(original.authorHandle);
      expect(r.truth).toBe(original.truth);
    }
  });

  it("writes slang the lexicon baseline gets wrong, with its true sentiment", () => {
    const slang = fortnight.filter((p) => p.slang);
    const words = {
      positive: ["огонь", "бомба", "зашло", "имба", "топчик", "slaps", "fire", "goated", "топ", "імба", "hits different"],
      negative: ["дичь", "кринж", "ну такое", "треш", "не зашло", "mid", "meh", "not it", "капець", "жесть", "ну таке"],
    };
    for (const lang of ["ru", "uk", "en"] as const) {
      for (const truth of ["positive", "negative"] as const) {
        const found = slang.filter((p) => p.lang === lang && p.truth === truth);
        expect(found.length, `${lang} ${truth}`).toBeGreaterThan(3);
        for (const p of found) expect(words[truth].some((w) => p.text.includes(w)), p.text).toBe(true);
      }
    }
    expect(slang.every((p) => p.truth !== "neutral")).toBe(true);
    // A consistent share: about 30 % of the brands' positive and negative posts by ordinary people.
    const opinions = fortnight.filter((p) => p.subject !== "other" && p.truth !== "neutral" && !p.repostOf && (p.authorFollowers ?? 0) < 50_000);
    expect(share(opinions, (p) => p.slang)).toBeGreaterThan(0.22);
    expect(share(opinions, (p) => p.slang)).toBeLessThan(0.38);
  });

  it("names the brand as people do: the brand query finds most mentions, not inflected ones, and some lookalikes", () => {
    const query = parseQuery(chatterBrands.north.query);
    const found = share(north, (p) => matches(query, p));
    expect(found).toBeGreaterThan(0.65);
    expect(found).toBeLessThan(0.92);
    const missed = north.filter((p) => !matches(query, p));
    expect(missed.some((p) => /Северном|Северного/.test(p.text))).toBe(true);
    expect(missed.some((p) => p.text.includes("Північн"))).toBe(true);
    const lookalikes = fortnight.filter((p) => p.lookalike);
    expect(lookalikes.every((p) => p.subject === "other")).toBe(true);
    expect(lookalikes.some((p) => matches(query, p))).toBe(true);
    expect(lookalikes.some((p) => matches(parseQuery("северный кофе"), p) && !matches(query, p))).toBe(true);
    expect(lookalikes.some((p) => matches(parseQuery(chatterBrands.morningBrew.query), p))).toBe(true);
  });
});

describe("sandbox chatter search", () => {
  it("answers newest first in pages of 50, continuing without gaps or repeats", () => {
    const pages = searchAll("кофе");
    const all = pages.flat();
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(searchPageSize);
    expect(pages.at(-1)!.length).toBeLessThanOrEqual(searchPageSize);
    expect(new Set(all.map((p) => p.externalId)).size).toBe(all.length);
    expect([...all].sort(newestFirst)).toEqual(all);
    expect(all.map((p) => p.externalId)).toEqual(expected("кофе").map((p) => p.externalId));
    expect(all.at(-1)!.occurredAt > new Date(now.getTime() - searchDays * dayMs).toISOString()).toBe(true);
    expect(all[0]!.occurredAt <= now.toISOString()).toBe(true);
  });

  it("matches a word, a phrase and a hashtag exactly as Chorus's query language does", () => {
    const terms = ['"северный кофе"', "северный", "#северныйкофе", '"north coffee"', "zerno", "#morningbrew", "кофе-точку", "site:vc.ru"];
    const found: Record<string, Set<string>> = {};
    for (const term of terms) {
      const ids = searchAll(term).flat().map((p) => p.externalId);
      expect(ids, term).toEqual(expected(term).map((p) => p.externalId));
      found[term] = new Set(ids);
    }
    // A phrase is narrower than its words, a hashtag narrower still; inflected forms are words, not the phrase.
    expect(found['"северный кофе"']!.size).toBeGreaterThan(50);
    for (const id of found['"северный кофе"']!) expect(found.северный!.has(id)).toBe(true);
    const byId = new Map(fortnight.map((p) => [p.externalId, p]));
    for (const id of found["#северныйкофе"]!) expect(normalize(byId.get(id)?.text ?? "#северныйкофе")).toContain("#северныйкофе");
    expect([...found.северный!].some((id) => !found['"северный кофе"']!.has(id))).toBe(true);
    expect(searchAll("северном").flat().some((p) => !found['"северный кофе"']!.has(p.externalId))).toBe(true);
  });

  it("shows only what was posted by `at`, with counters that only grow, and never the truth", () => {
    const earlier = new Date(now.getTime() - 5 * hourMs);
    const then = searchAll('"north coffee"', earlier).flat();
    expect(then.every((p) => p.occurredAt <= earlier.toISOString())).toBe(true);
    const later = new Map(searchAll('"north coffee"').flat().map((p) => [p.externalId, p]));
    for (const p of then) {
      const again = later.get(p.externalId);
      if (!again) continue; // fell out of the 14-day window
      expect(again.text).toBe(p.text);
      expect(again.likes!).toBeGreaterThanOrEqual(p.likes!);
      expect(again.reposts!).toBeGreaterThanOrEqual(p.reposts!);
    }
    expect(Object.keys(then[0]!)).not.toContain("truth");
    const post = north[0]!;
    expect(remotePostAt(post, new Date(post.occurredAt)).likes).toBe(0);
    expect(remotePostAt(post, new Date(Date.parse(post.occurredAt) + 10 * dayMs)).likes).toBe(post.likes);
  });

  it("refuses a cursor it did not make and a term that is not one", () => {
    expect(() => searchChatter({ term: "кофе", cursor: "garbage", at: now, incidentAt: null })).toThrow(ConnectorError);
    expect(() => searchChatter({ term: '"unclosed', cursor: null, at: now, incidentAt: null })).toThrow(ConnectorError);
  });
});

describe("sandbox chatter incident", () => {
  const posts = chatterBetween(new Date(incidentAt.getTime() - 7 * dayMs), new Date(incidentAt.getTime() + 8 * hourMs), { incidentAt });
  const brandIn = (fromH: number, toH: number, list: readonly ChatterPost[] = posts) => {
    const [from, to] = [new Date(incidentAt.getTime() + fromH * hourMs).toISOString(), new Date(incidentAt.getTime() + toH * hourMs).toISOString()];
    return list.filter((p) => p.subject === "north" && p.occurredAt >= from && p.occurredAt < to);
  };

  it("multiplies brand mentions, mostly negative, for a few hours", () => {
    const baseline = brandIn(-7 * 24, 0).length / (7 * 24);
    const sameHoursDayBefore = brandIn(-24, -20).length / 4;
    for (let h = 0; h < 4; h++) {
      const hour = brandIn(h, h + 1);
      expect(hour.length, `hour ${h}`).toBeGreaterThanOrEqual(3 * baseline);
      expect(hour.length, `hour ${h}`).toBeGreaterThanOrEqual(3 * sameHoursDayBefore);
      expect(share(hour, (p) => p.truth === "negative"), `hour ${h}`).toBeGreaterThanOrEqual(0.5);
    }
    const incident = brandIn(0, 4);
    expect(share(incident, (p) => p.truth === "negative")).toBeGreaterThan(0.6);
    expect(brandIn(12, 16, chatterBetween(incidentAt, new Date(incidentAt.getTime() + 16 * hourMs), { incidentAt })).every((p) => !p.incident)).toBe(true);
    console.log(`chatter incident: baseline ${baseline.toFixed(1)} brand posts/h; hours 0–3: ${[0, 1, 2, 3].map((h) => brandIn(h, h + 1).length).join(", ")}`);
  });

  it("is driven by loud accounts, one with 80,000 followers, and reposts of them", () => {
    const incident = brandIn(0, 6).filter((p) => p.incident);
    const loud = incident.filter((p) => incidentHandles.includes(p.authorHandle));
    expect(new Set(loud.map((p) => p.authorHandle))).toEqual(new Set(incidentHandles));
    expect(loud.some((p) => p.authorFollowers === 80_000)).toBe(true);
    const loudIds = new Set(loud.map((p) => p.externalId));
    const reposts = incident.filter((p) => p.repostOf !== null && loudIds.has(p.repostOf));
    expect(reposts.length).toBeGreaterThan(incident.length / 4);
    expect(reposts.every((p) => /(RT|via) @/.test(p.text))).toBe(true);
  });

  it("adds to the ordinary hours without changing them, and only when asked for", () => {
    const plain = chatterBetween(new Date(incidentAt.getTime() - 7 * dayMs), new Date(incidentAt.getTime() + 8 * hourMs));
    expect(plain.some((p) => p.incident)).toBe(false);
    expect(posts.filter((p) => !p.incident)).toEqual(plain);
  });
});

describe("sandbox connector search", () => {
  let store: TestStore;
  let sandbox: Connector;
  beforeAll(async () => {
    store = await createTestStore("sqlite");
    sandbox = createSandboxConnector({ db: store.db, now: () => now });
  });
  afterAll(async () => {
    await store?.cleanup();
  });
  async function channel(input: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<ChannelContext> {
    const c = await sandbox.connect(input);
    return { externalId: c.externalId, handle: c.handle, credentials: { ...c.credentials, ...extra } };
  }

  it("searches the chatter, with the incident the channel's credentials name", async () => {
    expect(sandbox.capabilities.search).toBe(true);
    const quiet = await channel({ handle: "listen.coffee" });
    const loud = await channel({ handle: "listen.coffee" }, { incidentAt: incidentAt.toISOString() });
    const at = new Date(incidentAt.getTime() + 3 * hourMs);
    const before = await sandbox.search!(quiet, '"северный кофе"', null, at);
    const during = await sandbox.search!(loud, '"северный кофе"', null, at);
    expect(before.items.some((p) => p.externalId.startsWith("inc-"))).toBe(false);
    expect(during.items.filter((p) => p.externalId.startsWith("inc-")).length).toBeGreaterThan(25);
    const next = await sandbox.search!(loud, '"северный кофе"', during.cursor, at);
    expect(next.items[0]!.occurredAt <= during.items.at(-1)!.occurredAt).toBe(true);
    expect((await sandbox.search!(quiet, "кофе", null)).items[0]!.occurredAt <= now.toISOString()).toBe(true);
  });

  it("fails the way the account is set to, and refuses an unreadable incidentAt", async () => {
    const failing = await channel({ handle: "failing.listen", failMode: "rate_limited" });
    await expect(sandbox.search!(failing, "кофе", null)).rejects.toMatchObject({ kind: "rate_limited", retryAfter: 60 });
    const broken = await channel({ handle: "broken.listen" }, { incidentAt: "yesterday" });
    await expect(sandbox.search!(broken, "кофе", null)).rejects.toBeInstanceOf(ConnectorError);
  });
});
