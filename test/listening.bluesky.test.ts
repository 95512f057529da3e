/**
 * Bluesky social listening (connector.search) against a real local atproto network (PLC, PDS,
 * AppView from @atproto/dev-env; see test/support/atproto.ts): posts by several accounts, searched
 * through the channel's PDS, which proxies app.bsky.feed.searchPosts to the AppView. The AppView
 * keeps its tables in PostgreSQL, so this file runs when CHORUS_TEST_DATABASE_URL is set, and in CI
 * (CI=true) it must be.
 *
 * The local AppView has no search service: its data plane answers searchPosts with a
 * case-sensitive substring match on the post's text (SQL `text LIKE '%q%'`, after removing
 * from:/author:/did: tokens), newest first by the AppView's sort time, paged by a (sortAt, cid)
 * cursor, ignoring sort, tag and lang. So the terms below are written in the posts' own case, and a
 * #hashtag matches because "#tag" is in the text. Stemming, phrase queries and the tag filter of
 * Bluesky's real search service cannot be tested here.
 */
import { AtpAgent, RichText } from "@atproto/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlueskyConnector } from "../src/connectors/bluesky/index.js";
import type { ChannelContext, Connector, RemotePost } from "../src/connectors/types.js";
import { type LocalAtproto, startAtproto, type TestAccount } from "./support/atproto.js";
import { pgUrl } from "./support/stores.js";

const texts = {
  anna: "Tried the new Zephyrcafe oat latte today, lovely. Menu: https://zephyr.example/menu",
  boris: "Заглянул в Zephyrcafe: кофе отличный, но очередь огромная.",
  carl: "Nothing to see here, just a walk in the park.",
  carlTag: "Weekend plans: live music #ZephyrLive",
};

describe.skipIf(!pgUrl)("Bluesky search for social listening, on a local atproto network", () => {
  let atproto: LocalAtproto;
  const accounts: Record<"brand" | "anna" | "boris" | "carl", TestAccount> = {} as never;
  const agents: Record<string, AtpAgent> = {};
  let channel: ChannelContext;
  let connector: Connector;
  const ids: Record<keyof typeof texts, { uri: string; cid: string }> = {} as never;

  const settle = () => atproto.network.processAll(30_000);
  const rkeyOf = (uri: string) => uri.split("/").pop()!;

  async function postAs(name: string, text: string, langs: string[]): Promise<{ uri: string; cid: string }> {
    const agent = agents[name]!;
    const rt = new RichText({ text });
    await rt.detectFacets(agent);
    return agent.post({ text: rt.text, langs, ...(rt.facets ? { facets: rt.facets } : {}) });
  }

  /** Every page of a search, following the cursor until the network says there is no more. */
  async function searchAll(c: Connector, term: string): Promise<{ pages: RemotePost[][]; items: RemotePost[] }> {
    const pages: RemotePost[][] = [];
    let cursor: string | null = null;
    do {
      const page = await c.search!(channel, term, cursor);
      pages.push(page.items);
      cursor = page.cursor;
    } while (cursor && pages.length < 20);
    return { pages, items: pages.flat() };
  }

  beforeAll(async () => {
    atproto = await startAtproto(pgUrl!);
    for (const name of ["brand", "anna", "boris", "carl"] as const) {
      accounts[name] = await atproto.createAccount(`${name}.test`);
      const agent = new AtpAgent({ service: atproto.pdsUrl });
      await agent.login({ identifier: accounts[name].handle, password: accounts[name].accountPassword });
      agents[name] = agent;
    }
    await agents.anna!.upsertProfile((p) => ({ ...p, displayName: "Anna Reviews" }));
    await agents.boris!.upsertProfile((p) => ({ ...p, displayName: "Борис" }));
    // Followers: anna 2, boris 1, carl 0.
    await agents.boris!.follow(accounts.anna.did);
    await agents.carl!.follow(accounts.anna.did);
    await agents.anna!.follow(accounts.boris.did);
    await settle();

    // Oldest first, each indexed before the next is written, so "newest first" is well defined.
    ids.carl = await postAs("carl", texts.carl, ["en"]);
    await settle();
    ids.anna = await postAs("anna", texts.anna, ["en"]);
    await settle();
    ids.boris = await postAs("boris", texts.boris, ["ru"]);
    await settle();
    ids.carlTag = await postAs("carl", texts.carlTag, ["en"]);
    await settle();
    // Counters: anna's post liked and reposted by carl; boris's answered by the brand.
    await agents.carl!.like(ids.anna.uri, ids.anna.cid);
    await agents.carl!.repost(ids.anna.uri, ids.anna.cid);
    await agents.brand!.post({ text: "Спасибо, что зашли!", reply: { root: ids.boris, parent: ids.boris } });
    await settle();

    connector = createBlueskyConnector();
    const connected = await connector.connect({ service: atproto.pdsUrl, identifier: accounts.brand.handle, appPassword: accounts.brand.password });
    channel = {
      externalId: connected.externalId,
      handle: connected.handle,
      credentials: connected.credentials,
      saveCredentials: async (next) => {
        channel.credentials = next;
      },
    };
  });

  afterAll(async () => {
    await atproto?.close();
  });

  it("says it can search", () => {
    expect(connector.capabilities.search).toBe(true);
  });

  it("finds the English and the Russian post for one term, newest first, with followers, counters, language and links", async () => {
    const page = await connector.search!(channel, "Zephyrcafe", null);
    expect(page.items).toEqual([
      {
        externalId: `${ids.boris.uri}|${ids.boris.cid}`,
        url: `https://bsky.app/profile/boris.test/post/${rkeyOf(ids.boris.uri)}`,
        authorName: "Борис",
        authorHandle: "boris.test",
        authorFollowers: 1,
        text: texts.boris,
        occurredAt: expect.any(String),
        lang: "ru",
        likes: 0,
        reposts: 0,
        replies: 1,
      },
      {
        externalId: `${ids.anna.uri}|${ids.anna.cid}`,
        url: `https://bsky.app/profile/anna.test/post/${rkeyOf(ids.anna.uri)}`,
        authorName: "Anna Reviews",
        authorHandle: "anna.test",
        authorFollowers: 2,
        text: texts.anna,
        occurredAt: expect.any(String),
        lang: "en",
        likes: 1,
        reposts: 1,
        replies: 0,
        links: ["https://zephyr.example/menu"],
      },
    ]);
    const [newer, older] = page.items.map((p) => Date.parse(p.occurredAt));
    expect(newer).toBeGreaterThan(older!);
    expect(Date.now() - older!).toBeLessThan(10 * 60_000);
  });

  it("matches Cyrillic words and hashtags, and leaves out posts that do not match", async () => {
    const russian = await searchAll(connector, "кофе");
    expect(russian.items.map((p) => p.externalId)).toEqual([`${ids.boris.uri}|${ids.boris.cid}`]);

    const tag = await searchAll(connector, "#ZephyrLive");
    expect(tag.items).toMatchObject([{ externalId: `${ids.carlTag.uri}|${ids.carlTag.cid}`, authorHandle: "carl.test", authorName: "carl.test", authorFollowers: 0 }]);

    const none = await connector.search!(channel, "Zephyrbakery", null);
    expect(none).toEqual({ items: [], cursor: null });
  });

  it("pages with a small limit: one post a page, the cursor going to older posts, null at the end", async () => {
    const small = createBlueskyConnector({ searchLimit: 1 });
    const { pages, items } = await searchAll(small, "Zephyrcafe");
    expect(pages.filter((p) => p.length > 0).every((p) => p.length === 1)).toBe(true);
    expect(items.map((p) => p.authorHandle)).toEqual(["boris.test", "anna.test"]);
    expect(items.map((p) => p.authorFollowers)).toEqual([1, 2]);
    // The last page ends the search: an empty one, since the AppView cannot know a full page was the last.
    expect(pages.at(-1)).toEqual([]);
  });
});
