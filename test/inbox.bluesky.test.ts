/**
 * Bluesky in the inbox against a real local atproto network (PLC, PDS, AppView from
 * @atproto/dev-env; see test/support/atproto.ts): comments, replies and mentions read from the
 * network, replies, hiding and likes written to it and read back, deletions noticed, and once the
 * whole way through ingestion to the inbox API. The AppView keeps its tables in PostgreSQL, so this
 * file runs when CHORUS_TEST_DATABASE_URL is set, and in CI (CI=true) it must be.
 *
 * The AppView indexes asynchronously: every write by another account is followed by settle(),
 * which waits until everything written so far is indexed (with a timeout generous enough for a
 * busy 2-core machine), and what can lag beyond that is polled with waitFor.
 */
import crypto from "node:crypto";
import { AtpAgent, RichText } from "@atproto/api";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlueskyConnector } from "../src/connectors/bluesky/index.js";
import type { ChannelContext, CommentPage, Connector, PublishResult, RemoteComment } from "../src/connectors/types.js";
import { ingestChannel } from "../src/jobs/ingest-comments.job.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { createTenant, createTestApi, json, type TestApi } from "./support/app.js";
import { type LocalAtproto, startAtproto, type TestAccount } from "./support/atproto.js";
import { pgUrl } from "./support/stores.js";
import { waitFor } from "./support/wait.js";

type Ref = { uri: string; cid: string };
type PostRecord = { text: string; reply?: { root: Ref; parent: Ref } };

const refOf = (externalId: string): Ref => {
  const [uri, cid] = externalId.split("|") as [string, string];
  return { uri, cid };
};
const rkeyOf = (externalId: string) => refOf(externalId).uri.split("/").pop()!;
const idOf = (ref: Ref) => `${ref.uri}|${ref.cid}`;
const byExternalId = (items: RemoteComment[]) => [...items].sort((a, b) => a.externalId.localeCompare(b.externalId));

const texts = {
  bob: "@brand.test Terrible service, the coffee was awful and the staff rude. Never again.",
  carol: "Ужасное обслуживание, кофе холодный. Больше не приду.",
  carolToBob: "Согласна, ужасное обслуживание, кофе холодный.",
  dave: "Ordered from @brand.test today, the coffee was awful and the staff rude.",
};

describe.skipIf(!pgUrl)("Bluesky comments in the inbox, on a local atproto network", () => {
  let atproto: LocalAtproto;
  let brand: TestAccount;
  let bob: TestAccount;
  let carol: TestAccount;
  let dave: TestAccount;
  const agents: Record<string, AtpAgent> = {};
  let connector: Connector;
  let channel: ChannelContext;
  const run = crypto.randomUUID();
  const key = (name: string) => `${run}:${name}`;
  const startedAt = Date.now();

  /** Waits until the AppView has indexed everything written so far; the default 5 s is short on a busy machine. */
  const settle = () => atproto.network.processAll(30_000);
  const fetchAll = (cursor: string | null = null): Promise<CommentPage> => connector.fetchComments!(channel, cursor);

  async function login(account: TestAccount): Promise<AtpAgent> {
    const agent = new AtpAgent({ service: atproto.pdsUrl });
    await agent.login({ identifier: account.handle, password: account.accountPassword });
    return agent;
  }

  /** Posts as another account, with facets (mentions) as the Bluesky app makes them; returns "uri|cid". */
  async function postAs(agent: AtpAgent, text: string, extra: { reply?: { root: Ref; parent: Ref }; embed?: { $type: string; record: Ref } } = {}): Promise<string> {
    const rt = new RichText({ text });
    await rt.detectFacets(agent);
    const res = await agent.post({ text: rt.text, ...(rt.facets ? { facets: rt.facets } : {}), ...extra });
    return idOf(res);
  }
  const replyAs = (agent: AtpAgent, text: string, parent: string, root: string) =>
    postAs(agent, text, { reply: { root: refOf(root), parent: refOf(parent) } });

  async function record<T>(repo: string, collection: string, rkey: string): Promise<T> {
    const res = await agents.bob!.com.atproto.repo.getRecord({ repo, collection, rkey });
    return res.data.value as T;
  }

  async function listRecords<T>(repo: string, collection: string): Promise<{ uri: string; value: T }[]> {
    const out: { uri: string; value: T }[] = [];
    let cursor: string | undefined;
    do {
      const res = await agents.bob!.com.atproto.repo.listRecords({ repo, collection, limit: 100, cursor });
      out.push(...res.data.records.map((r) => ({ uri: r.uri, value: r.value as T })));
      cursor = res.data.cursor;
    } while (cursor);
    return out;
  }

  beforeAll(async () => {
    atproto = await startAtproto(pgUrl!);
    brand = await atproto.createAccount("brand.test");
    bob = await atproto.createAccount("bob.test");
    carol = await atproto.createAccount("carol.test");
    dave = await atproto.createAccount("dave.test");
    for (const a of [brand, bob, carol, dave]) agents[a.handle.split(".")[0]!] = await login(a);
    const avatar = await sharp({ create: { width: 32, height: 32, channels: 3, background: "orange" } }).png().toBuffer();
    const blob = await agents.bob!.uploadBlob(avatar, { encoding: "image/png" });
    await agents.bob!.upsertProfile((p) => ({ ...p, displayName: "Bob Critic", avatar: blob.data.blob }));
    await agents.carol!.upsertProfile((p) => ({ ...p, displayName: "Карина" }));
    // Followers: bob 2, carol 1, dave 0.
    await agents.carol!.follow(bob.did);
    await agents.dave!.follow(bob.did);
    await agents.brand!.follow(carol.did);
    await settle();
    connector = createBlueskyConnector();
    const connected = await connector.connect({ service: atproto.pdsUrl, identifier: brand.handle, appPassword: brand.password });
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

  let root: PublishResult;
  const ids: Record<"bob" | "carol" | "carolToBob" | "dave" | "quote", string> = { bob: "", carol: "", carolToBob: "", dave: "", quote: "" };
  let firstPage: CommentPage;

  it("reads replies at every depth in the brand's thread and mentions elsewhere, with authors and followers", async () => {
    root = await connector.publish(channel, { text: "Our autumn menu is here 🍂", format: "text", media: [] }, key("root"));
    // The AppView indexes repos in parallel: a reply indexed before its root gets no notification
    // (its thread still has it). People answer posts they have seen, so the post is indexed first.
    await settle();
    ids.bob = await replyAs(agents.bob!, texts.bob, root.externalId, root.externalId);
    ids.carol = await replyAs(agents.carol!, texts.carol, root.externalId, root.externalId);
    await settle();
    ids.carolToBob = await replyAs(agents.carol!, texts.carolToBob, ids.bob, root.externalId);
    ids.dave = await postAs(agents.dave!, texts.dave);
    await settle();

    firstPage = await fetchAll();
    const url = (handle: string, id: string) => `https://bsky.app/profile/${handle}/post/${rkeyOf(id)}`;
    const common = { occurredAt: expect.any(String) };
    expect(byExternalId(firstPage.items)).toEqual(
      byExternalId([
        {
          ...common,
          externalId: ids.bob,
          postExternalId: root.externalId,
          parentExternalId: null,
          kind: "comment",
          authorName: "Bob Critic",
          authorHandle: "bob.test",
          authorFollowers: 2,
          authorAvatarUrl: expect.stringContaining(bob.did),
          text: texts.bob,
          url: url("bob.test", ids.bob),
        },
        {
          ...common,
          externalId: ids.carol,
          postExternalId: root.externalId,
          parentExternalId: null,
          kind: "comment",
          authorName: "Карина",
          authorHandle: "carol.test",
          authorFollowers: 1,
          authorAvatarUrl: null,
          text: texts.carol,
          url: url("carol.test", ids.carol),
        },
        {
          ...common,
          externalId: ids.carolToBob,
          postExternalId: root.externalId,
          parentExternalId: ids.bob,
          kind: "reply",
          authorName: "Карина",
          authorHandle: "carol.test",
          authorFollowers: 1,
          authorAvatarUrl: null,
          text: texts.carolToBob,
          url: url("carol.test", ids.carolToBob),
        },
        {
          ...common,
          externalId: ids.dave,
          postExternalId: ids.dave,
          parentExternalId: null,
          kind: "mention",
          authorName: "dave.test",
          authorHandle: "dave.test",
          authorFollowers: 0,
          authorAvatarUrl: null,
          text: texts.dave,
          url: url("dave.test", ids.dave),
        },
      ]),
    );
    for (const item of firstPage.items) {
      const at = Date.parse(item.occurredAt);
      expect(at).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(at).toBeLessThanOrEqual(Date.now());
    }
    expect(firstPage.complete).toEqual([root.externalId]);
    expect(firstPage.cursor).not.toBeNull();

    // Fetching again gives the same items: the inbox deduplicates them by externalId.
    const again = await fetchAll();
    expect(byExternalId(again.items)).toEqual(byExternalId(firstPage.items));
    expect(again.complete).toEqual([root.externalId]);
  });

  it("the caller's follow-up call reads only notifications, which give the same items, and ends with a null cursor", async () => {
    // Threads are read again 30 s after the last reading: the follow-up comes right after its page.
    const page = await fetchAll();
    const followUp = await fetchAll(page.cursor);
    expect(followUp.complete).toEqual([]);
    expect(followUp.cursor).toBeNull();
    // Replies and the mention in the brand's own thread come through notifications as the very items the thread gives.
    expect(byExternalId(followUp.items)).toEqual(byExternalId(page.items));
  });

  it("a quote posted later comes through the saved cursor as a mention", async () => {
    const quoteText = "Is this the menu they are so proud of?";
    ids.quote = await postAs(agents.dave!, quoteText, { embed: { $type: "app.bsky.embed.record", record: refOf(root.externalId) } });
    await settle();
    const page = await fetchAll(firstPage.cursor);
    expect(page.items.find((i) => i.externalId === ids.quote)).toMatchObject({ kind: "mention", postExternalId: ids.quote, parentExternalId: null, text: quoteText, authorHandle: "dave.test" });
    expect(page.cursor).not.toBeNull();
    expect((await fetchAll(page.cursor)).cursor).toBeNull();
  });

  let brandReply: { externalId: string; url: string | null };
  it("replies to a reply in the right thread under the right parent, once per idempotency key", async () => {
    const text = "Нам очень жаль! Напишите нам, пожалуйста, мы всё исправим.";
    brandReply = await connector.reply!(channel, ids.carolToBob, text, { idempotencyKey: key("reply-1") });
    expect(brandReply.url).toBe(`https://bsky.app/profile/brand.test/post/${rkeyOf(brandReply.externalId)}`);
    const rec = await record<PostRecord>(brand.did, "app.bsky.feed.post", rkeyOf(brandReply.externalId));
    expect(rec).toMatchObject({ text, reply: { root: refOf(root.externalId), parent: refOf(ids.carolToBob) } });

    // Seen from another account, the reply hangs under carol's reply to bob.
    await settle();
    const res = await agents.bob!.app.bsky.feed.getPostThread({ uri: refOf(root.externalId).uri, depth: 10 });
    type Node = { post: { uri: string; author: { handle: string } }; replies?: Node[] };
    const top = res.data.thread as unknown as Node;
    const underBob = top.replies?.find((n) => n.post.uri === refOf(ids.bob).uri);
    const underCarol = underBob?.replies?.find((n) => n.post.uri === refOf(ids.carolToBob).uri);
    expect(underCarol?.replies?.map((n) => [n.post.uri, n.post.author.handle])).toEqual([[refOf(brandReply.externalId).uri, "brand.test"]]);

    // The same key again: the reply already made, not a second one.
    expect(await connector.reply!(channel, ids.carolToBob, text, { idempotencyKey: key("reply-1") })).toEqual(brandReply);
    const posts = await listRecords<PostRecord>(brand.did, "app.bsky.feed.post");
    expect(posts.filter((p) => p.value.reply?.parent.uri === refOf(ids.carolToBob).uri)).toHaveLength(1);

    // The brand's own reply is not an inbox item; what it answers still is.
    const page = await fetchAll();
    expect(page.items.map((i) => i.externalId)).not.toContain(brandReply.externalId);
    expect(page.items.map((i) => i.externalId)).toContain(ids.carolToBob);
    expect(page.complete).toEqual([root.externalId]);
  });

  it("refuses a reply over 300 graphemes before calling the network", async () => {
    const err = await connector.reply!(channel, ids.bob, `${"a".repeat(300)}👍🏽`, { idempotencyKey: key("too-long") }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "ConnectorError", kind: "invalid_content", message: expect.stringContaining("301 characters long; Bluesky allows 300") });
  });

  it("answers a mention in its author's thread, and the answer back is a mention too", async () => {
    const answer = await connector.reply!(channel, ids.dave, "Sorry to hear that, Dave. We will make it right.", { idempotencyKey: key("reply-dave") });
    const rec = await record<PostRecord>(brand.did, "app.bsky.feed.post", rkeyOf(answer.externalId));
    expect(rec.reply).toEqual({ root: refOf(ids.dave), parent: refOf(ids.dave) });
    await settle();
    const back = await replyAs(agents.dave!, "Thanks, waiting for the refund.", answer.externalId, ids.dave);
    await settle();
    const page = await fetchAll();
    expect(page.items.find((i) => i.externalId === back)).toMatchObject({ kind: "mention", postExternalId: back, parentExternalId: null, authorHandle: "dave.test" });
    expect(page.items.map((i) => i.externalId)).not.toContain(answer.externalId);
  });

  type Threadgate = { post: string; createdAt: string; allow?: { $type: string }[]; hiddenReplies?: string[] };

  it("hides a reply in the brand's thread with the root's threadgate, once; the brand still reads it", async () => {
    await connector.hide!(channel, ids.carol);
    await connector.hide!(channel, ids.carol);
    const gate = await record<Threadgate>(brand.did, "app.bsky.feed.threadgate", rkeyOf(root.externalId));
    expect(gate).toMatchObject({ post: refOf(root.externalId).uri, hiddenReplies: [refOf(ids.carol).uri] });
    expect(Number.isNaN(Date.parse(gate.createdAt))).toBe(false);
    await settle();
    const page = await fetchAll();
    expect(page.items.map((i) => i.externalId)).toContain(ids.carol);
    expect(page.complete).toEqual([root.externalId]);
  });

  it("keeps a threadgate's reply rules when hiding, and refuses to hide outside the brand's threads", async () => {
    const gated = await connector.publish(channel, { text: "Only @bob.test may answer this one", format: "text", media: [] }, key("gated"));
    const gatedRef = refOf(gated.externalId);
    await agents.brand!.com.atproto.repo.createRecord({
      repo: brand.did,
      collection: "app.bsky.feed.threadgate",
      rkey: rkeyOf(gated.externalId),
      record: { $type: "app.bsky.feed.threadgate", post: gatedRef.uri, allow: [{ $type: "app.bsky.feed.threadgate#mentionRule" }], createdAt: new Date().toISOString() },
    });
    await settle();
    const bobsAnswer = await replyAs(agents.bob!, "Still waiting for my refund.", gated.externalId, gated.externalId);
    await settle();
    await connector.hide!(channel, bobsAnswer);
    const gate = await record<Threadgate>(brand.did, "app.bsky.feed.threadgate", rkeyOf(gated.externalId));
    expect(gate).toMatchObject({ post: gatedRef.uri, allow: [{ $type: "app.bsky.feed.threadgate#mentionRule" }], hiddenReplies: [refOf(bobsAnswer).uri] });

    const err = await connector.hide!(channel, ids.dave).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "invalid_content", message: expect.stringContaining("only in its own threads") });
  });

  it("likes a comment once, however often asked", async () => {
    await connector.like!(channel, ids.bob);
    await connector.like!(channel, ids.bob);
    await settle();
    await connector.like!(channel, ids.bob);
    const likes = await listRecords<{ subject: Ref }>(brand.did, "app.bsky.feed.like");
    expect(likes.filter((l) => l.value.subject.uri === refOf(ids.bob).uri)).toHaveLength(1);
    const view = await agents.bob!.app.bsky.feed.getPosts({ uris: [refOf(ids.bob).uri] });
    expect(view.data.posts[0]?.likeCount).toBe(1);
  });

  it("a reply deleted on the network is absent from a complete thread, and cannot be answered", async () => {
    await agents.carol!.deletePost(refOf(ids.carol).uri);
    await settle();
    const page = await waitFor(fetchAll, (p) => !p.items.some((i) => i.externalId === ids.carol));
    expect(page.complete).toContain(root.externalId);
    expect(page.items.map((i) => i.externalId)).toEqual(expect.arrayContaining([ids.bob, ids.carolToBob, ids.dave]));
    const err = await connector.reply!(channel, ids.carol, "Sorry!", { idempotencyKey: key("reply-deleted") }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "invalid_content", message: expect.stringContaining("the comment was deleted") });
    await expect(connector.like!(channel, ids.carol)).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringContaining("deleted") });
    await expect(connector.hide!(channel, ids.carol)).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringContaining("deleted") });
  });

  describe("through ingestion to the inbox API (PostgreSQL)", () => {
    let api: TestApi;
    afterAll(async () => api?.close());

    it("stores the channel's comments and mentions with language and sentiment, linked to the publication", async () => {
      api = await createTestApi("postgres", { CHORUS_ALLOW_PRIVATE_FETCH: "1" });
      const t = await createTenant(api);
      const call = (method: "GET" | "POST", url: string, payload?: object) =>
        api.app.inject({ method, url: `/api/workspaces/${t.workspaceId}${url}`, payload, headers: { cookie: t.owner } });
      const connected = await call("POST", "/channels", { brandId: t.brandId, network: "bluesky", fields: { service: atproto.pdsUrl, identifier: brand.handle, appPassword: brand.password } });
      expect(connected.statusCode, connected.body).toBe(201);
      const channelId = json<{ id: string }>(connected).id;

      // The brand's post as Chorus published it: a post with a variant on this channel and its publication.
      const created = await call("POST", "/posts", { brandId: t.brandId, baseText: "Our autumn menu is here 🍂", format: "text", variants: [{ channelId }] });
      expect(created.statusCode, created.body).toBe(201);
      const variantId = json<{ variants: { id: string }[] }>(created).variants[0]!.id;
      await api.store.db
        .insertInto("publications")
        .values({ id: crypto.randomUUID(), workspace_id: t.workspaceId, variant_id: variantId, channel_id: channelId, idempotency_key: key("root"), external_id: root.externalId, url: root.url, status: "published", attempts: 1, error: null, published_at: root.publishedAt, created_at: root.publishedAt, item: 0, late: 0 })
        .execute();

      const deps = createInboxDeps({ store: api.store, registry: api.publishing.registry, secrets: api.publishing.secrets, queue: api.queue });
      expect(await ingestChannel(deps, channelId)).toBeGreaterThanOrEqual(5);

      type Item = { kind: string; text: string; lang: string | null; sentiment: string | null; author: { handle: string; followers: number | null }; post: { url: string | null } | null };
      const list = await call("GET", "/inbox?limit=200");
      expect(list.statusCode, list.body).toBe(200);
      const items = json<{ items: Item[] }>(list).items;
      const byText = (text: string) => items.find((i) => i.text === text);
      expect(byText(texts.bob)).toMatchObject({ kind: "comment", lang: "en", sentiment: "negative", author: { handle: "bob.test", followers: 2 }, post: { url: root.url } });
      expect(byText(texts.carolToBob)).toMatchObject({ kind: "reply", lang: "ru", sentiment: "negative", author: { handle: "carol.test", followers: 1 }, post: { url: root.url } });
      expect(byText(texts.dave)).toMatchObject({ lang: "en", sentiment: "negative", author: { handle: "dave.test" } });
      // Deleted on the network before it was ever ingested: never an item.
      expect(byText(texts.carol)).toBeUndefined();
      // The brand's own replies are not items.
      expect(items.every((i) => i.author.handle !== "brand.test")).toBe(true);

      // Ingesting again adds nothing.
      expect(await ingestChannel(deps, channelId)).toBe(0);
    });
  });
});
