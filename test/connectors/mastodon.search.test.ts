/**
 * Mastodon social listening (connector.search) against a local server answering the documented
 * shapes (test/support/fake-mastodon.ts): GET /api/v2/search for words and phrases, paged by offset
 * under a fixed max_id bound, GET /api/v1/timelines/tag/:hashtag paged by the Link header, the
 * Status → RemotePost mapping (plain text, handles, followers, counters, language, links), and
 * errors as ConnectorError kinds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMastodonConnector } from "../../src/connectors/mastodon/index.js";
import { boundAfter } from "../../src/connectors/mastodon/search.js";
import type { ChannelContext, Connector, RemotePost } from "../../src/connectors/types.js";
import { type FakeMastodon, startFakeMastodon } from "../support/fake-mastodon.js";

let fake: FakeMastodon;
let mastodon: Connector;
let channel: ChannelContext;

/** A Mastodon snowflake id: milliseconds since the epoch, shifted 16 bits, and a sequence. */
const snowflake = (ms: number, seq = 0) => String((BigInt(ms) << 16n) | BigInt(seq));

beforeAll(async () => {
  fake = await startFakeMastodon();
  mastodon = createMastodonConnector();
  const c = await mastodon.connect({ instanceUrl: fake.url, accessToken: fake.state.token });
  channel = { externalId: c.externalId, handle: c.handle, credentials: c.credentials };
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.state.statuses.clear();
  fake.requests.length = 0;
});

async function searchAll(term: string): Promise<{ pages: RemotePost[][]; cursors: (string | null)[] }> {
  const pages: RemotePost[][] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | null = null;
  do {
    const page = await mastodon.search!(channel, term, cursor);
    pages.push(page.items);
    cursors.push(page.cursor);
    cursor = page.cursor;
  } while (cursor && pages.length < 10);
  return { pages, cursors };
}

describe("mastodon search (documented API shapes)", () => {
  it("says it can search", () => {
    expect(mastodon.capabilities.search).toBe(true);
  });

  it("searches words with /api/v2/search and maps statuses: plain text, handles, followers, counters, language, links", async () => {
    const anna = fake.addAccount("anna", { displayName: "Anna Reviews", followers: 230 });
    const boris = fake.addAccount("boris", { acct: "boris@remote.example", displayName: "", followers: 12 });
    const carl = fake.addAccount("carl");
    const menu = "https://zephyr.example/menu?a=1&b=2";
    fake.addStatus(anna, "", {
      createdAt: "2026-03-10T09:00:00.000Z",
      language: "en",
      card: { url: menu, title: "Menu" },
      counts: { favourites: 7, reblogs: 2, replies: 1 },
      html:
        `<p>Tried the new Zephyrcafe oat latte with <span class="h-card" translate="no"><a href="${fake.url}/@boris" class="u-url mention">@<span>boris</span></a></span>, lovely!<br />` +
        '<a href="https://zephyr.example/menu?a=1&amp;b=2" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://</span><span class="">zephyr.example/menu?a=1&amp;b=2</span><span class="invisible"></span></a> ' +
        `<a href="${fake.url}/tags/coffee" class="mention hashtag" rel="tag">#<span>coffee</span></a></p>`,
    });
    fake.addStatus(boris, "Кофе в Zephyrcafe отличный, но очередь огромная.", { createdAt: "2026-03-10T10:00:00.000Z", language: "ru", spoiler: "отзыв", counts: { replies: 3 } });
    fake.addStatus(carl, "Nothing about coffee here.", { createdAt: "2026-03-10T11:00:00.000Z" });
    fake.addStatus(carl, "Zephyrcafe, just between us.", { createdAt: "2026-03-10T12:00:00.000Z", visibility: "private" });

    const page = await mastodon.search!(channel, "Zephyrcafe", null);
    const [req] = fake.calls("GET /api/v2/search");
    expect(req!.query).toEqual({ q: "Zephyrcafe", type: "statuses", resolve: "false", limit: "40" });
    expect(req!.headers.authorization).toBe(`Bearer ${fake.state.token}`);

    const ids = [...fake.state.statuses.values()].map((s) => s.id);
    expect(page.items).toEqual([
      {
        externalId: `${fake.url}/users/boris/statuses/${ids[1]}`,
        url: `${fake.url}/@boris@remote.example/${ids[1]}`,
        authorName: "boris",
        authorHandle: "@boris@remote.example",
        authorFollowers: 12,
        text: "отзыв\n\nКофе в Zephyrcafe отличный, но очередь огромная.",
        occurredAt: "2026-03-10T10:00:00.000Z",
        lang: "ru",
        likes: 0,
        reposts: 0,
        replies: 3,
      },
      {
        externalId: `${fake.url}/users/anna/statuses/${ids[0]}`,
        url: `${fake.url}/@anna/${ids[0]}`,
        authorName: "Anna Reviews",
        authorHandle: `@anna@${fake.host}`,
        authorFollowers: 230,
        text: `Tried the new Zephyrcafe oat latte with @boris, lovely!\n${menu} #coffee`,
        occurredAt: "2026-03-10T09:00:00.000Z",
        lang: "en",
        likes: 7,
        reposts: 2,
        replies: 1,
        // The mention and the hashtag are not links; the card's url is the content's link, once.
        links: [menu],
      },
    ]);
    expect(page.cursor).toMatch(/^s:40:\d+$/);
    // The next page is empty: the search ends.
    await expect(mastodon.search!(channel, "Zephyrcafe", page.cursor)).resolves.toEqual({ items: [], cursor: null });

    // A phrase goes as a phrase; it matches only where the words stand together.
    const phrase = await mastodon.search!(channel, '"oat latte"', null);
    expect(phrase.items.map((p) => p.authorHandle)).toEqual([`@anna@${fake.host}`]);
    expect(fake.calls("GET /api/v2/search").at(-1)!.query.q).toBe('"oat latte"');
    // A word Mastodon would read as an operator is searched as text.
    await mastodon.search!(channel, "from:anna", null);
    expect(fake.calls("GET /api/v2/search").at(-1)!.query.q).toBe('"from:anna"');
    await expect(mastodon.search!(channel, "Zephyrbakery", null)).resolves.toEqual({ items: [], cursor: null });
  });

  it("pages by offset under a bound fixed by the first page, so statuses arriving meanwhile do not shift the pages", async () => {
    const dora = fake.addAccount("dora", { followers: 3 });
    const t0 = Date.parse("2026-03-10T08:00:00.000Z");
    const added: string[] = [];
    for (let i = 0; i < 45; i++) {
      const at = t0 + i * 1000 + 250;
      added.push(fake.addStatus(dora, `Zephyrcafe review number ${i}`, { createdAt: new Date(at).toISOString(), id: snowflake(at, i) }));
    }
    const first = await mastodon.search!(channel, "zephyrcafe", null);
    expect(first.items).toHaveLength(40);
    expect(first.items[0]!.text).toBe("Zephyrcafe review number 44");
    const newest = added.at(-1)!;
    expect(first.cursor).toBe(`s:40:${boundAfter(newest)}`);
    // The bound is the start of the second after the newest status: all of that second is below it.
    expect(BigInt(boundAfter(newest)!) >> 16n).toBe(BigInt(t0 + 45_000));

    // A new status arrives before the next page is read.
    const late = t0 + 120_000;
    fake.addStatus(dora, "Zephyrcafe review, a late one", { createdAt: new Date(late).toISOString(), id: snowflake(late) });
    const second = await mastodon.search!(channel, "zephyrcafe", first.cursor);
    expect(fake.calls("GET /api/v2/search").at(-1)!.query).toMatchObject({ offset: "40", max_id: boundAfter(newest), limit: "40" });
    expect(second.items.map((p) => p.text)).toEqual([4, 3, 2, 1, 0].map((i) => `Zephyrcafe review number ${i}`));
    const third = await mastodon.search!(channel, "zephyrcafe", second.cursor);
    expect(third).toEqual({ items: [], cursor: null });
    // The late status is the first thing the next search finds.
    expect((await mastodon.search!(channel, "zephyrcafe", null)).items[0]!.text).toBe("Zephyrcafe review, a late one");
  });

  it("reads a #hashtag from the tag timeline, paged by max_id from the Link header", async () => {
    const erik = fake.addAccount("erik", { followers: 40 });
    for (let i = 0; i < 42; i++) {
      fake.addStatus(erik, `Live music tonight #ZephyrLive ${i}`, { createdAt: new Date(Date.parse("2026-03-10T08:00:00.000Z") + i * 60_000).toISOString() });
    }
    fake.addStatus(erik, "No tag, just ZephyrLive in words", {});
    const { pages, cursors } = await searchAll("#ZephyrLive");
    expect(pages.map((p) => p.length)).toEqual([40, 2, 0]);
    expect(pages[0]![0]!.text).toBe("Live music tonight #ZephyrLive 41");
    expect(pages[1]!.map((p) => p.text)).toEqual(["Live music tonight #ZephyrLive 1", "Live music tonight #ZephyrLive 0"]);
    expect(cursors[0]).toMatch(/^t:\d+$/);
    expect(cursors.at(-1)).toBeNull();
    const calls = fake.requests.filter((r) => r.path.startsWith("/api/v1/timelines/tag/"));
    expect(calls.map((r) => r.path)).toEqual(Array(3).fill("/api/v1/timelines/tag/ZephyrLive"));
    expect(calls[0]!.query).toEqual({ limit: "40" });
    // The Link header's next page: older than the last status of the first page.
    const lastOfFirst = [...fake.state.statuses.values()].find((s) => s.content.includes("#ZephyrLive 2<"))!.id;
    expect(calls[1]!.query).toEqual({ limit: "40", max_id: lastOfFirst });
    expect(fake.calls("GET /api/v2/search")).toHaveLength(0);
  });

  it("turns errors into ConnectorError kinds", async () => {
    fake.failNext("GET /api/v2/search", 401, { error: "The access token is invalid" });
    await expect(mastodon.search!(channel, "coffee", null)).rejects.toMatchObject({ name: "ConnectorError", kind: "auth_expired" });
    fake.failNext("GET /api/v2/search", 429, { error: "Too many requests" }, { "x-ratelimit-reset": new Date(Date.now() + 90_000).toISOString() });
    const limited = await mastodon.search!(channel, "coffee", null).catch((e: unknown) => e);
    expect(limited).toMatchObject({ kind: "rate_limited" });
    expect((limited as { retryAfter: number }).retryAfter).toBeGreaterThan(80);
    fake.failNext("GET /api/v1/timelines/tag/coffee", 503, { error: "Service unavailable" });
    await expect(mastodon.search!(channel, "#coffee", null)).rejects.toMatchObject({ kind: "transient" });
    fake.failNext("GET /api/v2/search", 200, { unexpected: true, statuses: "nope" });
    await expect(mastodon.search!(channel, "coffee", null)).rejects.toMatchObject({ kind: "transient" });
  });
});

describe("answering a mention found by search", () => {
  it("resolves the status URI to the server's own id before replying and liking", async () => {
    const anna = fake.addAccount("anna", { displayName: "Anna", followers: 50 });
    fake.addStatus(anna, "Zephyr coffee was cold again", { createdAt: "2026-03-10T09:00:00.000Z" });
    const [found] = (await mastodon.search!(channel, "zephyr", null)).items;
    expect(found?.externalId).toMatch(/^https?:\/\//);
    const reply = await mastodon.reply!(channel, found!.externalId, "Sorry about that, we are on it.");
    expect(reply.externalId).toMatch(/^\d+$/);
    const posted = fake.requests.filter((r) => r.method === "POST" && r.path === "/api/v1/statuses").at(-1);
    expect(posted?.form.in_reply_to_id).toBe([...fake.state.statuses.values()].find((s) => s.content.includes("Zephyr"))?.id);
    await mastodon.like!(channel, found!.externalId);
    expect(fake.requests.some((r) => r.method === "POST" && /\/api\/v1\/statuses\/\d+\/favourite$/.test(r.path))).toBe(true);
  });
});
