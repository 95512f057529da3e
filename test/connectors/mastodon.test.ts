/**
 * The Mastodon connector against a local server answering the documented shapes
 * (test/support/fake-mastodon.ts): requests sent, media processing, Idempotency-Key, limits read
 * from the instance, rate-limit headers, findPublished and error classification.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMastodonConnector } from "../../src/connectors/mastodon/index.js";
import { type ChannelContext, type Connector, ConnectorError, type MediaInput } from "../../src/connectors/types.js";
import { type FakeMastodon, startFakeMastodon } from "../support/fake-mastodon.js";

/** A call that should have failed but published: the test fails with this. */
const expectedFailure = (): never => {
  throw new Error("expected the call to fail, but it succeeded");
};

let fake: FakeMastodon;
let mastodon: Connector;
let channel: ChannelContext;

const image: MediaInput = { type: "image/png", bytes: 8, width: 10, height: 10, alt: "Чашка капучино", fileName: "cup.png", read: async () => Buffer.from("png-data") };
const video: MediaInput = { type: "video/mp4", bytes: 9, fileName: "pour.mp4", read: async () => Buffer.from("mp4-bytes") };
const text = (t: string) => ({ text: t, format: "text", media: [] as MediaInput[] });

beforeAll(async () => {
  fake = await startFakeMastodon();
  mastodon = createMastodonConnector({ pollIntervalMs: 5 });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(async () => {
  fake.state.maxCharacters = 500;
  const c = await mastodon.connect({ instanceUrl: fake.url, accessToken: fake.state.token, visibility: "unlisted" });
  channel = { externalId: c.externalId, handle: c.handle, credentials: c.credentials };
  fake.requests.length = 0;
});

describe("mastodon connector (documented API shapes)", () => {
  it("connects with verify_credentials and /api/v2/instance, keeping the instance's limits", async () => {
    fake.requests.length = 0;
    fake.state.maxCharacters = 5000;
    const c = await mastodon.connect({ instanceUrl: `${fake.url}/`, accessToken: fake.state.token });
    expect(fake.requests.map((r) => r.route)).toEqual(["GET /api/v1/accounts/verify_credentials", "GET /api/v2/instance"]);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${fake.state.token}`);
    expect(c).toMatchObject({ externalId: "109876543210", handle: `@northcoffee@${fake.host}`, name: "North Coffee" });
    expect(c.credentials).toMatchObject({ instanceUrl: fake.url, visibility: "public", accountId: "109876543210" });
    expect(c.credentials.limits).toMatchObject({ maxCharacters: 5000, maxMedia: 4, urlLength: 23, imageSizeLimit: 16777216, videoSizeLimit: 103809024 });
    await expect(mastodon.connect({ instanceUrl: fake.url, accessToken: "wrong" })).rejects.toMatchObject({ kind: "auth_expired" });
  });

  it("uses the instance's own limit when publishing, Mastodon's default in validate()", async () => {
    fake.state.maxCharacters = 5000;
    const c = await mastodon.connect({ instanceUrl: fake.url, accessToken: fake.state.token });
    const long = text("б".repeat(1200));
    expect(mastodon.validate(long)).toMatchObject([{ field: "text" }]);
    await expect(mastodon.publish({ externalId: c.externalId, handle: c.handle, credentials: c.credentials }, long, "long-1")).resolves.toMatchObject({
      externalId: expect.any(String),
    });
    await expect(mastodon.publish(channel, long, "long-2")).rejects.toMatchObject({ kind: "invalid_content" });
  });

  it("posts form fields with the Idempotency-Key header; the same key returns the same status", async () => {
    const variant = { text: "Осеннее меню", format: "link", media: [], link: "https://north.coffee/menu" };
    const r = await mastodon.publish(channel, variant, "variant-9:0");
    const sent = fake.calls("POST /api/v1/statuses")[0]!;
    expect(sent.headers["idempotency-key"]).toBe("variant-9:0");
    expect(sent.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent.form).toEqual({ status: "Осеннее меню\n\nhttps://north.coffee/menu", visibility: "unlisted" });
    expect(r.url).toBe(`${fake.url}/@northcoffee/${r.externalId}`);
    expect(Number.isNaN(Date.parse(r.publishedAt))).toBe(false);
    const again = await mastodon.publish(channel, variant, "variant-9:0");
    expect(again).toEqual(r);
    expect([...fake.state.statuses.values()].filter((s) => s.content.includes("Осеннее"))).toHaveLength(1);
  });

  it("uploads an image (200) with its description and replies with in_reply_to_id", async () => {
    // The parent must exist: Mastodon answers a reply to a missing status with 404.
    const parent = fake.addStatus(null, "Меню недели");
    const r = await mastodon.publish(channel, { text: "Капучино", format: "image", media: [image] }, "img-1", {
      replyTo: { parentExternalId: parent, rootExternalId: parent },
    });
    const upload = fake.calls("POST /api/v2/media")[0]!;
    expect(upload.headers["content-type"]).toMatch(/^multipart\/form-data/);
    expect(upload.files.file).toEqual({ name: "cup.png", type: "image/png", size: 8, text: "png-data" });
    expect(upload.form).toEqual({ description: "Чашка капучино" });
    expect(fake.calls("GET /api/v1/media/:id")).toHaveLength(0);
    const post = fake.calls("POST /api/v1/statuses")[0]!;
    expect(post.form["media_ids[]"]).toHaveLength(1);
    expect(post.form.in_reply_to_id).toBe(parent);
    expect(fake.state.statuses.get(r.externalId)!.in_reply_to_id).toBe(parent);
  });

  it("waits for a video processed asynchronously (202, then 206) before posting", async () => {
    fake.state.processingPolls = 2;
    await mastodon.publish(channel, { text: "", format: "video", media: [video] }, "vid-1");
    expect(fake.calls("GET /api/v1/media/:id")).toHaveLength(3);
    const mediaId = fake.calls("GET /api/v1/media/:id")[0]!.path.split("/").pop();
    expect(fake.calls("POST /api/v1/statuses")[0]!.form["media_ids[]"]).toEqual([mediaId]);
    expect(fake.calls("POST /api/v1/statuses")[0]!.form).not.toHaveProperty("status");
  });

  it("edits with PUT /api/v1/statuses/:id, sending the status's media back as media_ids[]", async () => {
    const r = await mastodon.publish(channel, { text: "Было", format: "image", media: [image] }, "edit-1");
    const mediaIds = fake.calls("POST /api/v1/statuses")[0]!.form["media_ids[]"];
    fake.requests.length = 0;
    const edited = await mastodon.edit!(channel, r.externalId, { text: "Стало", format: "image", media: [], link: "https://north.coffee/menu" });
    expect(fake.requests.map((q) => q.route)).toEqual(["GET /api/v1/statuses/:id", "PUT /api/v1/statuses/:id"]);
    const put = fake.calls("PUT /api/v1/statuses/:id")[0]!;
    expect(put.path).toBe(`/api/v1/statuses/${r.externalId}`);
    expect(put.headers.authorization).toBe(`Bearer ${fake.state.token}`);
    expect(put.form).toEqual({ status: "Стало\n\nhttps://north.coffee/menu", "media_ids[]": mediaIds });
    expect(edited).toEqual(r);
    expect(fake.state.statuses.get(r.externalId)!.media_ids).toEqual(mediaIds);
  });

  it("maps edit refusals like publish ones and checks the text against the instance's limit first", async () => {
    const r = await mastodon.publish(channel, text("Пост"), "edit-2");
    fake.failNext("PUT /api/v1/statuses/:id", 422, { error: "Validation failed: Text can't be blank" });
    await expect(mastodon.edit!(channel, r.externalId, text("x"))).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/can't be blank/) });
    fake.failNext("PUT /api/v1/statuses/:id", 403, { error: "This action is not allowed" });
    await expect(mastodon.edit!(channel, r.externalId, text("x"))).rejects.toMatchObject({ kind: "revoked" });
    await expect(mastodon.edit!(channel, "1", text("x"))).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/Record not found/) });
    const before = fake.calls("PUT /api/v1/statuses/:id").length;
    await expect(mastodon.edit!(channel, r.externalId, text("a".repeat(501)))).rejects.toMatchObject({ kind: "invalid_content" });
    expect(fake.calls("PUT /api/v1/statuses/:id")).toHaveLength(before);
    expect(mastodon.capabilities.edit).toBe(true);
  });

  it("deletes (a second delete finds it gone and is fine), reads metrics and account stats", async () => {
    const r = await mastodon.publish(channel, text("Метрики"), "m-1");
    Object.assign(fake.state.statuses.get(r.externalId)!, { favourites_count: 12, reblogs_count: 3, replies_count: 2 });
    expect(await mastodon.fetchPostMetrics!(channel, [r.externalId, "1"])).toEqual([
      { externalId: r.externalId, reach: null, impressions: null, views: null, likes: 12, comments: 2, reposts: 3, saves: null },
    ]);
    expect(await mastodon.fetchChannelStats!(channel)).toEqual({ followers: 640, following: 88, posts: 1210 });
    await mastodon.delete!(channel, r.externalId);
    expect(fake.calls("DELETE /api/v1/statuses/:id")[0]!.path).toBe(`/api/v1/statuses/${r.externalId}`);
    expect(fake.state.statuses.has(r.externalId)).toBe(false);
    await expect(mastodon.delete!(channel, r.externalId)).resolves.toBeUndefined();
  });

  it("reports health with the X-RateLimit budget", async () => {
    fake.state.rateLimit = { limit: 300, remaining: 120, reset: "2030-01-01T00:05:00.000Z" };
    expect(await mastodon.checkHealth!(channel)).toEqual({
      ok: true,
      message: null,
      expiresAt: null,
      rateLimit: { limit: 300, remaining: 119, resetAt: "2030-01-01T00:05:00.000Z" },
    });
    fake.failNext("GET /api/v1/accounts/verify_credentials", 401, { error: "The access token was revoked" });
    expect(await mastodon.checkHealth!(channel)).toMatchObject({ ok: false, message: expect.stringMatching(/access token/) });
  });

  it("classifies 401, 403, 422, 429 (retry after X-RateLimit-Reset), 5xx and network failures", async () => {
    const post = async (status: number, body: unknown, headers?: Record<string, string>) => {
      fake.failNext("POST /api/v1/statuses", status, body, headers);
      return mastodon.publish(channel, text("x"), `e-${status}-${Math.random()}`).then(expectedFailure, (e: unknown) => e as ConnectorError);
    };
    expect(await post(401, { error: "The access token is invalid" })).toMatchObject({ kind: "auth_expired" });
    expect(await post(403, { error: "Your login is currently disabled" })).toMatchObject({ kind: "revoked" });
    const invalid = await post(422, { error: "Validation failed: Text character limit of 500 exceeded" });
    expect(invalid).toBeInstanceOf(ConnectorError);
    expect(invalid).toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/character limit of 500/) });
    const reset = new Date(Date.now() + 90_000).toISOString();
    const limited = await post(429, { error: "Too many requests" }, { "x-ratelimit-reset": reset, "x-ratelimit-remaining": "0" });
    expect(limited.kind).toBe("rate_limited");
    expect(limited.retryAfter).toBeGreaterThanOrEqual(88);
    expect(limited.retryAfter).toBeLessThanOrEqual(91);
    expect(await post(503, { error: "Service Unavailable" })).toMatchObject({ kind: "transient" });
    const down = { ...channel, credentials: { ...channel.credentials, instanceUrl: "http://127.0.0.1:9" } };
    await expect(mastodon.publish(down, text("x"), "down")).rejects.toMatchObject({ kind: "transient" });
  });

  describe("findPublished", () => {
    it("finds the status this process sent under the key, by its text", async () => {
      const since = new Date(Date.now() - 60_000);
      const r = await mastodon.publish(channel, { text: "Найди меня & <не теряй>", format: "link", media: [], link: "https://north.coffee/a" }, "find-1");
      await mastodon.publish(channel, text("Другой пост"), "find-other");
      expect(await mastodon.findPublished!(channel, "find-1", since)).toEqual(r);
      const listed = fake.calls("GET /api/v1/accounts/:id/statuses")[0]!;
      expect(listed.path).toBe("/api/v1/accounts/109876543210/statuses");
      expect(listed.query).toMatchObject({ limit: "40", exclude_reblogs: "true" });
    });

    it("says 'not published' when the text it sent is not among the statuses since then, however old the attempt", async () => {
      fake.failNext("POST /api/v1/statuses", 503, { error: "Service Unavailable" });
      await expect(mastodon.publish(channel, text("Потерянный ответ"), "find-2")).rejects.toMatchObject({ kind: "transient" });
      await mastodon.publish(channel, text("Чужой пост после попытки"), "find-2-other");
      // Two hours ago is past the Idempotency-Key hour: only the remembered text makes this answer safe.
      expect(await mastodon.findPublished!(channel, "find-2", new Date(Date.now() - 2 * 3_600_000))).toBeNull();
      expect(await mastodon.findPublished!(channel, "never-sent-here", new Date(Date.now() + 60_000))).toBeNull();
    });

    it("without the text: safe to retry within the Idempotency-Key hour, refuses to guess after it", async () => {
      const fresh = createMastodonConnector();
      await mastodon.publish(channel, text("Пост без памяти"), "find-3");
      expect(await fresh.findPublished!(channel, "find-3", new Date(Date.now() - 5 * 60_000))).toBeNull();
      await expect(fresh.findPublished!(channel, "find-3", new Date(Date.now() - 2 * 3_600_000))).rejects.toThrow(/cannot tell/);
    });
  });
});
