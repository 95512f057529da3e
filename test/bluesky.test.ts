/**
 * The Bluesky connector against a real local atproto network (PLC, PDS, AppView from
 * @atproto/dev-env; see test/support/atproto.ts). The AppView keeps its tables in PostgreSQL, so
 * this file runs when CHORUS_TEST_DATABASE_URL is set, and in CI (CI=true) it must be.
 */
import crypto from "node:crypto";
import { AtpAgent } from "@atproto/api";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlueskyConnector } from "../src/connectors/bluesky/index.js";
import { type ChannelContext, type Connector, ConnectorError, type MediaInput, type PublishResult } from "../src/connectors/types.js";
import { type LocalAtproto, startAtproto, type TestAccount } from "./support/atproto.js";
import { pgUrl } from "./support/stores.js";

type PostRecord = {
  text: string;
  facets?: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri?: string; did?: string; tag?: string }[] }[];
  embed?: {
    $type: string;
    images?: { alt: string; aspectRatio?: { width: number; height: number }; image: { mimeType: string; size: number } }[];
    external?: { uri: string; title: string; description: string };
  };
  reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
};

const uriOf = (externalId: string) => externalId.split("|")[0]!;
const cidOf = (externalId: string) => externalId.split("|")[1]!;
const rkeyOf = (externalId: string) => uriOf(externalId).split("/").pop()!;

async function png(width: number, height: number, color: string): Promise<MediaInput> {
  const data = await sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
  return { type: "image/png", bytes: data.length, width, height, alt: `${color} ${width}×${height}`, read: async () => data };
}

/** Re-signs an access token with an expiry in the past, as the PDS would have issued it 2 h ago. */
function expiredCopy(accessJwt: string, key: crypto.KeyObject): string {
  const [header, payload] = accessJwt.split(".") as [string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  const body = Buffer.from(JSON.stringify({ ...claims, iat: now - 7200, exp: now - 60 })).toString("base64url");
  const signature = crypto.createHmac("sha256", key).update(`${header}.${body}`).digest("base64url");
  return `${header}.${body}.${signature}`;
}

describe.skipIf(!pgUrl)("Bluesky connector against a local atproto network", () => {
  let atproto: LocalAtproto;
  let alice: TestAccount;
  let bob: TestAccount;
  let bobAgent: AtpAgent;
  let reader: AtpAgent;
  let connector: Connector;
  let channel: ChannelContext;
  const saved: Record<string, unknown>[] = [];
  const run = crypto.randomUUID();
  const key = (name: string) => `${run}:${name}`;

  async function getRecord(externalId: string): Promise<PostRecord> {
    const res = await reader.com.atproto.repo.getRecord({ repo: alice.did, collection: "app.bsky.feed.post", rkey: rkeyOf(externalId) });
    return res.data.value as PostRecord;
  }

  async function listPostKeys(): Promise<string[]> {
    const rkeys: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await reader.com.atproto.repo.listRecords({ repo: alice.did, collection: "app.bsky.feed.post", limit: 100, cursor });
      rkeys.push(...res.data.records.map((r) => r.uri.split("/").pop()!));
      cursor = res.data.cursor;
    } while (cursor);
    return rkeys;
  }

  beforeAll(async () => {
    const started = Date.now();
    atproto = await startAtproto(pgUrl!);
    alice = await atproto.createAccount("alice.test");
    bob = await atproto.createAccount("bob.test");
    const aliceAgent = new AtpAgent({ service: atproto.pdsUrl });
    await aliceAgent.login({ identifier: alice.handle, password: alice.accountPassword });
    await aliceAgent.upsertProfile((p) => ({ ...p, displayName: "Alice Example" }));
    bobAgent = new AtpAgent({ service: atproto.pdsUrl });
    await bobAgent.login({ identifier: bob.handle, password: bob.accountPassword });
    reader = new AtpAgent({ service: atproto.pdsUrl });
    await atproto.processAll();
    connector = createBlueskyConnector();
    console.info(`local atproto network ready in ${Date.now() - started} ms, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
  });

  afterAll(async () => {
    await atproto?.close();
  });

  it("connects with an app password and keeps the session, not the password", async () => {
    const result = await connector.connect({ service: atproto.pdsUrl, identifier: `@${alice.handle}`, appPassword: alice.password });
    expect(result).toMatchObject({ externalId: alice.did, handle: "alice.test", name: "Alice Example" });
    expect(result.credentials).toMatchObject({ service: atproto.pdsUrl, did: alice.did, handle: "alice.test" });
    // pdsUrl is kept only when the DID document names an https PDS other than `service`.
    expect(Object.keys(result.credentials).filter((k) => k !== "pdsUrl").sort()).toEqual(["accessJwt", "did", "handle", "refreshJwt", "service"]);
    expect(JSON.stringify(result.credentials)).not.toContain(alice.password);
    channel = {
      externalId: result.externalId,
      handle: result.handle,
      credentials: result.credentials,
      saveCredentials: async (next) => {
        saved.push(next);
        channel.credentials = next;
      },
    };
  });

  it("refuses a wrong app password as an auth problem", async () => {
    const err = await connector
      .connect({ service: atproto.pdsUrl, identifier: alice.handle, appPassword: "aaaa-bbbb-cccc-dddd" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe("auth_expired");
  });

  let textPost: PublishResult;
  it("publishes text with a link, a mention and a hashtag as facets, and the link as a card", async () => {
    const text = "Hello @bob.test, read https://example.com/launch?ref=chorus — #ChorusLaunch ✨";
    textPost = await connector.publish(channel, { text, format: "link", media: [] }, key("text"));
    expect(textPost.externalId).toMatch(/^at:\/\/did:plc:[a-z0-9]+\/app\.bsky\.feed\.post\/[2-7a-j][2-7a-z]{12}\|bafy/);
    expect(textPost.url).toBe(`https://bsky.app/profile/alice.test/post/${rkeyOf(textPost.externalId)}`);
    const record = await getRecord(textPost.externalId);
    expect(record.text).toBe(text);
    const bytes = Buffer.from(text, "utf8");
    const features = (record.facets ?? []).map((f) => ({
      ...f.features[0],
      slice: bytes.subarray(f.index.byteStart, f.index.byteEnd).toString("utf8"),
    }));
    expect(features).toEqual(
      expect.arrayContaining([
        { $type: "app.bsky.richtext.facet#mention", did: bob.did, slice: "@bob.test" },
        { $type: "app.bsky.richtext.facet#link", uri: "https://example.com/launch?ref=chorus", slice: "https://example.com/launch?ref=chorus" },
        { $type: "app.bsky.richtext.facet#tag", tag: "ChorusLaunch", slice: "#ChorusLaunch" },
      ]),
    );
    expect(features).toHaveLength(3);
    expect(record.embed).toEqual({
      $type: "app.bsky.embed.external",
      external: { uri: "https://example.com/launch?ref=chorus", title: "", description: "" },
    });
  });

  it("publishes two images with alt text and aspect ratios", async () => {
    const media = [await png(64, 48, "red"), await png(30, 60, "blue")];
    const post = await connector.publish(channel, { text: "Two pictures", format: "carousel", media }, key("images"));
    const record = await getRecord(post.externalId);
    expect(record.embed?.$type).toBe("app.bsky.embed.images");
    expect(record.embed?.images).toEqual([
      expect.objectContaining({ alt: "red 64×48", aspectRatio: { width: 64, height: 48 }, image: expect.objectContaining({ mimeType: "image/png", size: media[0]!.bytes }) }),
      expect.objectContaining({ alt: "blue 30×60", aspectRatio: { width: 30, height: 60 }, image: expect.objectContaining({ mimeType: "image/png", size: media[1]!.bytes }) }),
    ]);
    await atproto.processAll();
    const view = await bobAgent.app.bsky.feed.getPosts({ uris: [uriOf(post.externalId)] });
    expect(view.data.posts[0]?.embed?.$type).toBe("app.bsky.embed.images#view");
  });

  let threadRoot: PublishResult;
  it("publishes a thread whose replies point at their root and parent", async () => {
    threadRoot = await connector.publish(channel, { text: "Thread 1/3", format: "text", media: [] }, key("thread-1"));
    const rootId = threadRoot.externalId;
    const second = await connector.publish(channel, { text: "Thread 2/3", format: "text", media: [] }, key("thread-2"), {
      replyTo: { parentExternalId: rootId, rootExternalId: rootId },
    });
    const third = await connector.publish(channel, { text: "Thread 3/3", format: "text", media: [] }, key("thread-3"), {
      replyTo: { parentExternalId: second.externalId, rootExternalId: rootId },
    });
    expect((await getRecord(rootId)).reply).toBeUndefined();
    expect((await getRecord(second.externalId)).reply).toEqual({
      root: { uri: uriOf(rootId), cid: cidOf(rootId) },
      parent: { uri: uriOf(rootId), cid: cidOf(rootId) },
    });
    expect((await getRecord(third.externalId)).reply).toEqual({
      root: { uri: uriOf(rootId), cid: cidOf(rootId) },
      parent: { uri: uriOf(second.externalId), cid: cidOf(second.externalId) },
    });
  });

  it("publishes once per idempotency key, also when two attempts race", async () => {
    const variant = { text: "Only once", format: "text", media: [] };
    const first = await connector.publish(channel, variant, key("once"));
    const again = await connector.publish(channel, variant, key("once"));
    expect(again).toEqual(first);
    const raced = await Promise.all([
      connector.publish(channel, { text: "Raced", format: "text", media: [] }, key("race")),
      connector.publish(channel, { text: "Raced", format: "text", media: [] }, key("race")),
    ]);
    expect(raced[1].externalId).toBe(raced[0].externalId);
    const rkeys = await listPostKeys();
    expect(rkeys.filter((k) => k === rkeyOf(first.externalId))).toHaveLength(1);
    expect(rkeys.filter((k) => k === rkeyOf(raced[0].externalId))).toHaveLength(1);
  });

  it("finds a post by its idempotency key, and nothing for an unused key", async () => {
    const since = new Date(Date.now() - 60_000);
    expect(await connector.findPublished!(channel, key("text"), since)).toEqual(textPost);
    expect(await connector.findPublished!(channel, key("never-published"), since)).toBeNull();
  });

  it("reads likes, reposts and replies once the AppView has indexed them", async () => {
    await bobAgent.like(uriOf(textPost.externalId), cidOf(textPost.externalId));
    await bobAgent.repost(uriOf(textPost.externalId), cidOf(textPost.externalId));
    await atproto.processAll();
    const metrics = await connector.fetchPostMetrics!(channel, [textPost.externalId, threadRoot.externalId]);
    expect(metrics).toEqual([
      { externalId: textPost.externalId, reach: null, impressions: null, views: null, likes: 1, comments: 0, reposts: 1, saves: expect.anything() },
      { externalId: threadRoot.externalId, reach: null, impressions: null, views: null, likes: 0, comments: 1, reposts: 0, saves: expect.anything() },
    ]);
  });

  it("reads the channel's followers, follows and posts", async () => {
    await bobAgent.follow(alice.did);
    await atproto.processAll();
    const posts = (await listPostKeys()).length;
    expect(await connector.fetchChannelStats!(channel)).toEqual({ followers: 1, following: 0, posts });
  });

  it("deletes a post", async () => {
    const post = await connector.publish(channel, { text: "Short-lived", format: "text", media: [] }, key("delete-me"));
    await connector.delete!(channel, post.externalId);
    const err = await getRecord(post.externalId).catch((e: unknown) => e);
    expect((err as { error?: string }).error).toBe("RecordNotFound");
    expect(await connector.findPublished!(channel, key("delete-me"), new Date(0))).toBeNull();
  });

  it("reports a healthy session with its expiry", async () => {
    const health = await connector.checkHealth!(channel);
    expect(health).toMatchObject({ ok: true, message: null });
    expect(Date.parse(health.expiresAt!)).toBeGreaterThan(Date.now() + 24 * 3600_000);
  });

  it("renews an expired access token and saves the new session", async () => {
    const creds = channel.credentials as { accessJwt: string; refreshJwt: string };
    channel.credentials = { ...creds, accessJwt: expiredCopy(creds.accessJwt, atproto.network.pds.jwtSecretKey()) };
    const savesBefore = saved.length;
    const stats = await connector.fetchChannelStats!(channel);
    expect(stats.followers).toBe(1);
    expect(saved.length).toBe(savesBefore + 1);
    expect(saved.at(-1)).toMatchObject({ did: alice.did, handle: "alice.test" });
    expect((saved.at(-1) as { refreshJwt: string }).refreshJwt).not.toBe(creds.refreshJwt);
    // The saved session works on its own.
    expect((await connector.checkHealth!(channel)).ok).toBe(true);
  });

  it("never rotates a session it cannot save: an expired access token is transient, health rests on the refresh token", async () => {
    const creds = channel.credentials as { accessJwt: string; refreshJwt: string };
    const cannotSave: ChannelContext = {
      externalId: channel.externalId,
      handle: channel.handle,
      credentials: { ...creds, accessJwt: expiredCopy(creds.accessJwt, atproto.network.pds.jwtSecretKey()) },
    };
    await expect(connector.fetchChannelStats!(cannotSave)).rejects.toMatchObject({ kind: "transient" });
    const health = await connector.checkHealth!(cannotSave);
    expect(health).toMatchObject({ ok: true, message: null });
    expect(Date.parse(health.expiresAt!)).toBeGreaterThan(Date.now() + 24 * 3600_000);
    // Nothing was rotated behind the stored session's back: it goes on working as it was.
    const savesBefore = saved.length;
    expect((await connector.fetchChannelStats!(channel)).followers).toBe(1);
    expect(saved.length).toBe(savesBefore);
  });

  it("turns an invalid session into auth_expired, and an unhealthy channel", async () => {
    const broken: ChannelContext = { ...channel, credentials: { ...channel.credentials, accessJwt: "not.a.jwt", refreshJwt: "not.a.jwt" } };
    const err = await connector.publish(broken, { text: "Never", format: "text", media: [] }, key("broken")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe("auth_expired");
    const health = await connector.checkHealth!(broken);
    expect(health.ok).toBe(false);
    expect(health.message).toMatch(/Reconnect/);
  });
});
