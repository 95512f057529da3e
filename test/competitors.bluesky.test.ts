/**
 * A Bluesky competitor on a real local atproto network (@atproto/dev-env; see
 * test/support/atproto.ts): another account's profile and posts read through the brand's channel
 * session (getProfile, getAuthorFeed with posts_no_replies), replies and reposts of others left
 * out, counters as the AppView has them; a handle that does not exist refused; and the same page
 * added as a competitor through the service. The AppView keeps its tables in PostgreSQL, so this
 * file runs when CHORUS_TEST_DATABASE_URL is set.
 */
import { AtpAgent } from "@atproto/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlueskyConnector } from "../src/connectors/bluesky/index.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { type ChannelContext, type Connector, PublicPageNotFoundError } from "../src/connectors/types.js";
import { createUser } from "../src/services/auth.service.js";
import { createBrand } from "../src/services/brand.service.js";
import { compareCompetitors } from "../src/services/competitors/comparison.service.js";
import { addCompetitor } from "../src/services/competitors/competitors.service.js";
import { createSecrets } from "../src/services/secrets.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import { newId } from "../src/store/ids.js";
import { type LocalAtproto, startAtproto, type TestAccount } from "./support/atproto.js";
import { createTestStore, pgUrl, type TestStore } from "./support/stores.js";

describe.skipIf(!pgUrl)("Bluesky competitors, on a local atproto network", () => {
  let atproto: LocalAtproto;
  const accounts: Record<"brand" | "rival" | "fan", TestAccount> = {} as never;
  const agents: Record<string, AtpAgent> = {};
  let channel: ChannelContext;
  let connector: Connector;
  let store: TestStore;
  const ids: Record<string, { uri: string; cid: string }> = {};

  beforeAll(async () => {
    atproto = await startAtproto(pgUrl!);
    for (const name of ["brand", "rival", "fan"] as const) {
      accounts[name] = await atproto.createAccount(`${name}.test`);
      const agent = new AtpAgent({ service: atproto.pdsUrl });
      await agent.login({ identifier: accounts[name].handle, password: accounts[name].accountPassword });
      agents[name] = agent;
    }
    await agents.rival!.upsertProfile((p) => ({ ...p, displayName: "Rival Roasters" }));
    await agents.fan!.follow(accounts.rival.did);
    await agents.brand!.follow(accounts.rival.did);
    ids.fan = await agents.fan!.post({ text: "Where is the best flat white?" });
    await atproto.processAll();
    ids.text = await agents.rival!.post({ text: "Fresh beans from Kenya this week" });
    ids.link = await agents.rival!.post({ text: "Our brewing guide", embed: { $type: "app.bsky.embed.external", external: { uri: "https://rival.example/guide", title: "Guide", description: "" } } });
    // Not the page's own content: a reply to someone else and a repost.
    await agents.rival!.post({ text: "At ours, of course!", reply: { root: ids.fan, parent: ids.fan } });
    await agents.rival!.repost(ids.fan.uri, ids.fan.cid);
    await atproto.processAll();
    await agents.fan!.like(ids.text.uri, ids.text.cid);
    await agents.brand!.like(ids.text.uri, ids.text.cid);
    await agents.fan!.repost(ids.text.uri, ids.text.cid);
    await agents.fan!.post({ text: "Agreed", reply: { root: ids.link, parent: ids.link } });
    await atproto.processAll();

    connector = createBlueskyConnector();
    const connected = await connector.connect({ service: atproto.pdsUrl, identifier: accounts.brand.handle, appPassword: accounts.brand.password });
    channel = { externalId: connected.externalId, handle: connected.handle, credentials: connected.credentials, saveCredentials: async (next) => {
        channel.credentials = next;
      },
    };
    store = await createTestStore("sqlite");
  });

  afterAll(async () => {
    await atproto?.close();
    await store?.cleanup();
  });

  it("reads another profile and its own posts with their public counters through the channel's session", async () => {
    expect(connector.capabilities.publicPages).toBe(true);
    const page = await connector.fetchPublicPage!(channel, "https://bsky.app/profile/rival.test");
    expect(page.profile).toMatchObject({ externalId: accounts.rival.did, handle: "rival.test", name: "Rival Roasters", url: "https://bsky.app/profile/rival.test", followers: 2 });
    expect(page.profile.posts).toBeGreaterThanOrEqual(3);
    expect(page.posts?.map((p) => ({ externalId: p.externalId, text: p.text, format: p.format, likes: p.likes, comments: p.comments, reposts: p.reposts, views: p.views }))).toEqual([
      { externalId: `${ids.link!.uri}|${ids.link!.cid}`, text: "Our brewing guide", format: "link", likes: 0, comments: 1, reposts: 0, views: null },
      { externalId: `${ids.text!.uri}|${ids.text!.cid}`, text: "Fresh beans from Kenya this week", format: "text", likes: 2, comments: 0, reposts: 1, views: null },
    ]);
    expect(page.posts?.[0]?.url).toBe(`https://bsky.app/profile/rival.test/post/${ids.link!.uri.split("/").pop()}`);
    // `since` leaves older posts out.
    const none = await connector.fetchPublicPage!(channel, "rival.test", { since: new Date(Date.now() + 60_000) });
    expect(none.posts).toEqual([]);
  });

  it("refuses a handle that does not exist, and needs a channel to read through", async () => {
    await expect(connector.fetchPublicPage!(channel, "ghost.test")).rejects.toBeInstanceOf(PublicPageNotFoundError);
    await expect(connector.fetchPublicPage!(null, "rival.test")).rejects.toThrow(/connect one first/);
  });

  it("adds the profile as a competitor through the brand's Bluesky channel and compares it", async () => {
    const secrets = createSecrets(Buffer.alloc(32, 3));
    const user = await createUser(store.db, { email: "b@example.test", name: "B", password: "a long password 1" });
    const ws = await createWorkspace(store.db, { name: "B", ownerId: user.id });
    const brand = await createBrand(store.db, { userId: user.id }, ws.id, { name: "Brand", timezone: "Europe/Moscow", locale: "en" });
    const iso = new Date().toISOString();
    const channelId = newId();
    await store.db
      .insertInto("channels")
      .values({ id: channelId, workspace_id: ws.id, brand_id: brand.id, network: "bluesky", name: "brand.test", handle: channel.handle, external_id: channel.externalId, status: "active", credentials_enc: secrets.encryptJson(channel.credentials), settings: "{}", created_at: iso, updated_at: iso })
      .execute();
    const deps = { db: store.db, registry: createConnectorRegistry({ db: store.db, allowPrivateFetch: true }), secrets };
    const added = await addCompetitor(deps, { userId: user.id }, ws.id, { brandId: brand.id, network: "bluesky", page: "@rival.test" });
    expect(added).toMatchObject({ page: "rival.test", name: "Rival Roasters", channel: { id: channelId }, followers: 2, state: "ok" });
    const today = new Date().toISOString().slice(0, 10);
    const c = await compareCompetitors(deps, { userId: user.id }, ws.id, { brandId: brand.id, from: today, to: today });
    // Reading in the brand's zone: the posts are today's there unless the day just turned.
    const rival = c.pages.find((p) => p.id === added.id)!;
    const stored = await store.db.selectFrom("competitor_posts").selectAll().where("competitor_id", "=", added.id).execute();
    expect(stored).toHaveLength(2);
    expect(rival.networks).toEqual(["bluesky"]);
    if (rival.posts === 2) expect(rival.erFollowers).toBeCloseTo((2 + 1 + 1) / (2 * 2), 12);
  });
});
