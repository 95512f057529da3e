/**
 * VK social listening (connector.search) against a local server answering the documented
 * newsfeed.search shapes (test/support/fake-vk.ts): the parameters sent (q, count 200, extended=1
 * with author fields, a start_time window kept across pages, start_from from next_from), the post →
 * RemotePost mapping (ids "owner_post", authors from profiles and groups, counters, links), and
 * errors, a community token's among them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChannelContext, Connector, RemotePost } from "../../src/connectors/types.js";
import { createVkConnector } from "../../src/connectors/vk/index.js";
import { windowDays } from "../../src/connectors/vk/search.js";
import { type FakeVk, startFakeVk } from "../support/fake-vk.js";

let fake: FakeVk;
let vk: Connector;
let channel: ChannelContext;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  fake = await startFakeVk();
  vk = createVkConnector({ baseUrl: fake.url });
  const c = await vk.connect({ accessToken: fake.state.token, groupId: 218375 });
  channel = { externalId: c.externalId, handle: c.handle, credentials: c.credentials };
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.state.networkPosts.length = 0;
  fake.requests.length = 0;
});

describe("vk search (documented newsfeed.search shapes)", () => {
  it("says it can search", () => {
    expect(vk.capabilities.search).toBe(true);
  });

  it("finds matching posts newest first, with authors from profiles and groups, counters and links", async () => {
    fake.state.profiles.set(501, { id: 501, first_name: "Анна", last_name: "Смирнова", screen_name: "anna_s", followers_count: 340 });
    fake.state.profiles.set(502, { id: 502, first_name: "Boris", last_name: "Kuznetsov" });
    fake.state.communities.set(777, { id: 777, name: "Кофейные новости", screen_name: "coffee_news", members_count: 15200 });
    const t = now();
    const anna = fake.addNetworkPost({ ownerId: 501, text: "Zephyrcafe открылась на Невском, [id502|Борис] уже там", date: t - 3600, likes: 12, reposts: 1, comments: 4, links: ["https://zephyr.example/nevsky"] });
    const news = fake.addNetworkPost({ ownerId: -777, text: "Tried Zephyrcafe today: good flat white", date: t - 600, likes: 30, reposts: 5 });
    // A person writing on a community's wall: the author is the person, the post the community's.
    const onWall = fake.addNetworkPost({ ownerId: -777, fromId: 502, text: "zephyrcafe — лучший кофе", date: t - 1200 });
    fake.addNetworkPost({ ownerId: 501, text: "Просто прогулка по парку", date: t - 300 });

    const page = await vk.search!(channel, "Zephyrcafe", null);
    const [req] = fake.calls("newsfeed.search");
    expect(req!.method).toBe("POST");
    expect(req!.params).toMatchObject({ q: "Zephyrcafe", count: "200", extended: "1", v: "5.199", access_token: fake.state.token });
    expect(req!.params.fields!.split(",")).toEqual(expect.arrayContaining(["screen_name", "followers_count", "members_count"]));
    const startTime = Number(req!.params.start_time);
    expect(Math.abs(startTime - (now() - windowDays * 86_400))).toBeLessThan(5);
    expect(req!.params.start_from).toBeUndefined();

    expect(page.items).toEqual([
      {
        externalId: news,
        url: `https://vk.com/wall${news}`,
        authorName: "Кофейные новости",
        authorHandle: "coffee_news",
        authorFollowers: 15200,
        text: "Tried Zephyrcafe today: good flat white",
        occurredAt: new Date((t - 600) * 1000).toISOString(),
        likes: 30,
        reposts: 5,
        replies: 0,
      },
      {
        externalId: onWall,
        url: `https://vk.com/wall${onWall}`,
        authorName: "Boris Kuznetsov",
        authorHandle: "id502",
        authorFollowers: null,
        text: "zephyrcafe — лучший кофе",
        occurredAt: new Date((t - 1200) * 1000).toISOString(),
        likes: 0,
        reposts: 0,
        replies: 0,
      },
      {
        externalId: anna,
        url: `https://vk.com/wall${anna}`,
        authorName: "Анна Смирнова",
        authorHandle: "anna_s",
        authorFollowers: 340,
        // VK's in-text link to a person reads as the name.
        text: "Zephyrcafe открылась на Невском, Борис уже там",
        occurredAt: new Date((t - 3600) * 1000).toISOString(),
        likes: 12,
        reposts: 1,
        replies: 4,
        links: ["https://zephyr.example/nevsky"],
      },
    ]);
    expect(page.cursor).toBeNull();
    await expect(vk.search!(channel, "Zephyrbakery", null)).resolves.toEqual({ items: [], cursor: null });
    // Hashtags and phrases go as they are: VK reads them.
    fake.addNetworkPost({ ownerId: 501, text: "Вечер живой музыки #ZephyrLive", date: t - 100 });
    expect((await vk.search!(channel, "#ZephyrLive", null)).items.map((p) => p.text)).toEqual(["Вечер живой музыки #ZephyrLive"]);
    expect((await vk.search!(channel, '"лучший кофе"', null)).items.map((p) => p.externalId)).toEqual([onWall]);
    expect(fake.calls("newsfeed.search").map((r) => r.params.q)).toEqual(["Zephyrcafe", "Zephyrbakery", "#ZephyrLive", '"лучший кофе"']);
    // A repost is found by the post it shares; its text carries both.
    const repost = fake.addNetworkPost({ ownerId: 502, text: "Согласен!", date: t - 50, repostOf: { ownerId: -777, id: 12, text: "Zephyrbakery откроется весной" } });
    expect((await vk.search!(channel, "Zephyrbakery", null)).items).toMatchObject([{ externalId: repost, text: "Согласен!\n\nZephyrbakery откроется весной" }]);
  });

  it("pages with next_from, keeping the first page's window, until VK gives no next_from", async () => {
    const t = now();
    for (let i = 0; i < 450; i++) fake.addNetworkPost({ ownerId: 600 + (i % 3), text: `Zephyrcafe check-in ${i}`, date: t - 86_400 * 2 - (450 - i) * 60 });
    // Older than the window: VK's default (one day) would miss everything above, the window does not reach this.
    fake.addNetworkPost({ ownerId: 601, text: "Zephyrcafe, long ago", date: t - 86_400 * (windowDays + 2) });
    const pages: RemotePost[][] = [];
    let cursor: string | null = null;
    do {
      const page = await vk.search!(channel, "Zephyrcafe", cursor, new Date());
      pages.push(page.items);
      cursor = page.cursor;
    } while (cursor && pages.length < 10);
    expect(pages.map((p) => p.length)).toEqual([200, 200, 50]);
    const all = pages.flat();
    expect(new Set(all.map((p) => p.externalId)).size).toBe(450);
    expect(all[0]!.text).toBe("Zephyrcafe check-in 449");
    expect(all.at(-1)!.text).toBe("Zephyrcafe check-in 0");
    const calls = fake.calls("newsfeed.search");
    expect(new Set(calls.map((r) => r.params.start_time)).size).toBe(1);
    expect(calls[0]!.params.start_from).toBeUndefined();
    expect(calls[1]!.params.start_from).toEqual(expect.any(String));
    // Unknown authors still have a name and a handle to show.
    expect(all[0]).toMatchObject({ authorName: "id602", authorHandle: "id602", authorFollowers: null });
  });

  it("turns errors into ConnectorError kinds, a community token's into a clear revoked", async () => {
    fake.failNext("newsfeed.search", 27, "Group authorization failed: method is unavailable with group auth.");
    const group = await vk.search!(channel, "coffee", null).catch((e: unknown) => e);
    expect(group).toMatchObject({ name: "ConnectorError", kind: "revoked" });
    expect((group as Error).message).toMatch(/user token/);
    fake.failNext("newsfeed.search", 5, "User authorization failed: invalid access_token (4).");
    await expect(vk.search!(channel, "coffee", null)).rejects.toMatchObject({ kind: "auth_expired" });
    fake.failNext("newsfeed.search", 6, "Too many requests per second");
    await expect(vk.search!(channel, "coffee", null)).rejects.toMatchObject({ kind: "rate_limited", retryAfter: 1 });
    fake.failHttpNext("newsfeed.search", 502);
    await expect(vk.search!(channel, "coffee", null)).rejects.toMatchObject({ kind: "transient" });
  });
});
