/**
 * Bluesky's follower sample for audience audits (connectors/bluesky/followers.ts) against a real
 * local atproto network (PLC, PDS, AppView from @atproto/dev-env; see test/support/atproto.ts):
 * accounts with and without pictures, names and posts follow the brand, one only reposts, one
 * follows nobody; the sample reads them through getFollowers (paged), getProfiles and
 * getAuthorFeed, and the whole audit runs once through the service on a store. The AppView keeps
 * its tables in PostgreSQL, so this file runs when CHORUS_TEST_DATABASE_URL is set, and in CI
 * (CI=true) it must be.
 */
import { AtpAgent } from "@atproto/api";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlueskyConnector } from "../src/connectors/bluesky/index.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import type { ChannelContext, Connector, RemoteFollower } from "../src/connectors/types.js";
import { auditSample } from "../src/domain/bot-score.js";
import { runAudit } from "../src/services/analytics/audit.service.js";
import { createSecrets } from "../src/services/secrets.js";
import { createTenant, createTestApi, json, type TestApi } from "./support/app.js";
import { type LocalAtproto, startAtproto, type TestAccount } from "./support/atproto.js";
import { pgUrl } from "./support/stores.js";

/** Who follows the brand, and how each account looks. "zed" follows someone else only. */
const names = ["brand", "anna", "boris", "carl", "u48213977", "dora", "zed"] as const;
type Name = (typeof names)[number];

describe.skipIf(!pgUrl)("Bluesky followers for audience audits, on a local atproto network", () => {
  let atproto: LocalAtproto;
  const accounts = {} as Record<Name, TestAccount>;
  const agents = {} as Record<Name, AtpAgent>;
  let connector: Connector;
  let channel: ChannelContext;
  const startedAt = Date.now();
  const times: Record<string, number> = {};

  const settle = () => atproto.network.processAll(30_000);
  const byHandle = (sample: RemoteFollower[]) => Object.fromEntries(sample.map((f) => [f.handle.replace(/\.test$/, ""), f]));

  beforeAll(async () => {
    atproto = await startAtproto(pgUrl!);
    for (const name of names) {
      accounts[name] = await atproto.createAccount(`${name}.test`);
      const agent = new AtpAgent({ service: atproto.pdsUrl });
      await agent.login({ identifier: accounts[name].handle, password: accounts[name].accountPassword });
      agents[name] = agent;
    }
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: "teal" } }).png().toBuffer();
    // The Bluesky app writes createdAt into the profile record; the local AppView answers it as the
    // account's creation time (bsky.social answers the account's own). Without a record: unknown.
    const createdAt = new Date().toISOString();
    const withAvatar = async (name: Name, displayName: string) => {
      const blob = await agents[name].uploadBlob(png, { encoding: "image/png" });
      await agents[name].upsertProfile((p) => ({ ...p, displayName, avatar: blob.data.blob, createdAt }));
    };
    // anna: picture, name, three posts. boris: picture, name, one post, then a repost of anna's.
    // carl: a name, no picture, nothing posted. u48213977: nothing at all. dora: a post, no profile.
    await withAvatar("anna", "Anna Example");
    await withAvatar("boris", "Борис");
    await agents.carl.upsertProfile((p) => ({ ...p, displayName: "Carl", createdAt }));
    let annaLast = { uri: "", cid: "" };
    for (const text of ["First!", "Coffee time", "See you at the market"]) annaLast = await agents.anna.post({ text });
    await agents.boris.post({ text: "Привет" });
    await agents.dora.post({ text: "hello" });
    await settle();
    times.beforeRepost = Date.now();
    await agents.boris.repost(annaLast.uri, annaLast.cid);
    // The brand's followers, in this order (getFollowers answers the newest follow first).
    for (const name of ["anna", "boris", "carl", "u48213977", "dora"] as const) {
      await agents[name].follow(accounts.brand.did);
      await settle();
    }
    // u48213977 also follows the others: following 5, followed by none.
    for (const name of ["anna", "boris", "carl", "dora"] as const) await agents.u48213977.follow(accounts[name].did);
    await agents.zed.follow(accounts.anna.did);
    await settle();

    connector = createBlueskyConnector({ followersPageSize: 2 });
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

  it("says it can sample followers", () => {
    expect(connector.capabilities.sampleFollowers).toBe(true);
  });

  it("reads every follower through the pages, with counts, picture, creation time and last activity", async () => {
    const sample = await connector.sampleFollowers!(channel, 50);
    const f = byHandle(sample);
    expect(Object.keys(f).sort()).toEqual(["anna", "boris", "carl", "dora", "u48213977"]);
    expect(f.anna).toMatchObject({ name: "Anna Example", hasAvatar: true, posts: 3, followers: 2, following: 1 });
    expect(f.boris).toMatchObject({ name: "Борис", hasAvatar: true, posts: 1, followers: 1, following: 1 });
    expect(f.carl).toMatchObject({ name: "Carl", hasAvatar: false, posts: 0, followers: 1, following: 1, lastActiveAt: null });
    expect(f.u48213977).toMatchObject({ name: "", hasAvatar: false, posts: 0, followers: 0, following: 5, lastActiveAt: null });
    expect(f.dora).toMatchObject({ name: "", hasAvatar: false, posts: 1, followers: 1, following: 1 });
    const now = Date.now();
    for (const name of ["anna", "boris", "carl"]) {
      expect(Date.parse(f[name]!.createdAt)).toBeGreaterThanOrEqual(startedAt - 60_000);
      expect(Date.parse(f[name]!.createdAt)).toBeLessThanOrEqual(now);
    }
    // No profile record, so this AppView cannot say when they were made.
    expect([f.u48213977!.createdAt, f.dora!.createdAt]).toEqual(["", ""]);
    // Last activity: the newest post, or boris's repost, which came after his post.
    for (const name of ["anna", "boris", "dora"]) {
      expect(Date.parse(f[name]!.lastActiveAt!)).toBeGreaterThanOrEqual(startedAt - 60_000);
      expect(Date.parse(f[name]!.lastActiveAt!)).toBeLessThanOrEqual(now);
    }
    expect(Date.parse(f.boris!.lastActiveAt!)).toBeGreaterThanOrEqual(times.beforeRepost! - 1000);
  });

  it("spreads a smaller sample over the whole list of followers", async () => {
    const sample = await connector.sampleFollowers!(channel, 2);
    // Five followers, newest follow first: dora, u48213977, carl, boris, anna; every 2.5th → 1st and 3rd.
    expect(sample.map((x) => x.handle)).toEqual(["dora.test", "carl.test"]);
  });

  it("gives the audit what it needs to tell the bare account from the people", async () => {
    const report = auditSample(await connector.sampleFollowers!(channel, 50), new Date(), 5);
    const scored = Object.fromEntries(report.followers.map((x) => [x.profile.handle.replace(/\.test$/, ""), x]));
    expect(scored.u48213977!.signals.map((s) => s.signal)).toEqual(["no_avatar", "no_name", "generated_name", "no_posts"]);
    expect(scored.u48213977!.class).toBe("bot");
    expect(scored.anna).toMatchObject({ class: "live", reason: "active" });
    expect(scored.anna!.signals.map((s) => s.key)).toEqual(["audit.signal.few_posts"]);
    // Brand-new accounts are not held to "no activity" yet.
    expect(scored.carl).toMatchObject({ class: "live", reason: "new" });
    expect(report.summary.counts).toEqual({ bot: 1, dead: 0, live: 4 });
  });

  describe("through the service, on a store", () => {
    let api: TestApi;
    afterAll(async () => {
      await api?.close();
    });

    it("audits a connected Bluesky channel and counts its followers", async () => {
      api = await createTestApi("sqlite", { CHORUS_ALLOW_PRIVATE_FETCH: "1" });
      const t = await createTenant(api);
      const res = await api.app.inject({
        method: "POST",
        url: `/api/workspaces/${t.workspaceId}/channels`,
        headers: { cookie: t.owner },
        payload: { brandId: t.brandId, network: "bluesky", fields: { service: atproto.pdsUrl, identifier: accounts.brand.handle, appPassword: accounts.brand.password } },
      });
      expect(res.statusCode).toBe(201);
      const deps = {
        db: api.store.db,
        registry: createConnectorRegistry({ db: api.store.db, allowPrivateFetch: true }),
        secrets: createSecrets(Buffer.alloc(32, 7)),
      };
      const result = await runAudit(deps, { userId: t.ownerId }, t.workspaceId, json<{ id: string }>(res).id, { size: 100 });
      expect(result.channel).toMatchObject({ network: "bluesky", handle: "brand.test", simulated: false });
      expect(result.channelFollowers).toBe(5);
      expect(result.summary.sampleSize).toBe(5);
      expect(result.summary.counts.bot).toBe(1);
      expect(result.summary.liveEstimate).toMatchObject({ channelFollowers: 5, live: 4 });
    });
  });
});
