/**
 * The VK connector against a local server answering the documented API 5.199 shapes
 * (test/support/fake-vk.ts): calls, form fields, the upload flows, ids and error classification.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ChannelContext, type Connector, ConnectorError, type MediaInput } from "../../src/connectors/types.js";
import { createVkConnector, guidFor } from "../../src/connectors/vk/index.js";
import { allScopes, type FakeVk, sampleVkStats, startFakeVk } from "../support/fake-vk.js";

/** A call that should have failed but published: the test fails with this. */
const expectedFailure = (): never => {
  throw new Error("expected the call to fail, but it succeeded");
};

let fake: FakeVk;
let vk: Connector;
let channel: ChannelContext;

const photo = (name: string): MediaInput => ({ type: "image/jpeg", bytes: 10, width: 800, height: 600, fileName: name, read: async () => Buffer.from(`jpeg:${name}`) });
const video: MediaInput = { type: "video/mp4", bytes: 9, fileName: "clip.mp4", read: async () => Buffer.from("mp4-bytes") };

beforeAll(async () => {
  fake = await startFakeVk();
  vk = createVkConnector({ baseUrl: fake.url });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(async () => {
  fake.state.adminLevel = 3;
  fake.state.permissions = allScopes;
  const c = await vk.connect({ accessToken: fake.state.token, groupId: "https://vk.com/north_coffee" });
  channel = { externalId: c.externalId, handle: c.handle, credentials: c.credentials };
  fake.requests.length = 0;
});

describe("vk connector (documented API 5.199 shapes)", () => {
  it("connects with groups.getById and account.getAppPermissions, POSTing form fields with v and the token in the body", async () => {
    fake.requests.length = 0;
    const c = await vk.connect({ accessToken: fake.state.token, groupId: "club218375" });
    expect(fake.requests.map((r) => r.api)).toEqual(["groups.getById", "account.getAppPermissions"]);
    const first = fake.requests[0]!;
    expect(first.method).toBe("POST");
    expect(first.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(first.query).toEqual({});
    expect(first.params).toMatchObject({ group_id: "218375", v: "5.199", access_token: fake.state.token });
    expect(first.params.fields).toContain("members_count");
    expect(c).toMatchObject({ externalId: "-218375", handle: "north_coffee", name: "Кофейня North" });
    expect(c.credentials).toEqual({ accessToken: fake.state.token, groupId: 218375, screenName: "north_coffee" });
  });

  it("refuses tokens without the scopes, accounts that are not editors, and bad tokens", async () => {
    fake.state.permissions = allScopes - 16;
    await expect(vk.connect({ accessToken: fake.state.token, groupId: 218375 })).rejects.toThrow(/lacks the video permission/);
    fake.state.permissions = allScopes;
    fake.state.adminLevel = 1;
    await expect(vk.connect({ accessToken: fake.state.token, groupId: 218375 })).rejects.toMatchObject({ kind: "revoked" });
    await expect(vk.connect({ accessToken: "wrong", groupId: 218375 })).rejects.toMatchObject({ kind: "auth_expired" });
    fake.failNext("account.getAppPermissions", 27, "Group authorization failed: method is unavailable with group auth.");
    await expect(vk.connect({ accessToken: fake.state.token, groupId: 218375 })).rejects.toThrow(/user token/);
  });

  it("posts text and a link as the community with a guid from the idempotency key; a retry does not post twice", async () => {
    const variant = { text: "Новое меню 🍂", format: "link", media: [], link: "https://north.coffee/menu" };
    const r = await vk.publish(channel, variant, "variant-1:0");
    expect(fake.calls("wall.post")[0]!.params).toMatchObject({
      owner_id: "-218375",
      from_group: "1",
      message: "Новое меню 🍂",
      attachments: "https://north.coffee/menu",
      guid: guidFor("variant-1:0"),
    });
    expect(r).toMatchObject({ externalId: `-218375_${r.externalId.split("_")[1]}`, url: `https://vk.com/wall${r.externalId}` });
    expect(r.url).toMatch(/^https:\/\/vk\.com\/wall-218375_\d+$/);
    const again = await vk.publish(channel, variant, "variant-1:0");
    expect(again.externalId).toBe(r.externalId);
    expect(fake.state.posts.size).toBe(1);
    expect(guidFor("variant-1:0")).not.toBe(guidFor("variant-1:1"));
  });

  it("uploads photos through getWallUploadServer → multipart 'photo' → saveWallPhoto, and video through video.save → 'video_file'", async () => {
    const r = await vk.publish(channel, { text: "Осень", format: "carousel", media: [photo("a.jpg"), video, photo("b.jpg")] }, "k-media");
    expect(fake.requests.map((q) => q.api)).toEqual([
      "photos.getWallUploadServer",
      "upload:photo",
      "photos.saveWallPhoto",
      "video.save",
      "upload:video",
      "upload:photo",
      "photos.saveWallPhoto",
      "wall.post",
    ]);
    expect(fake.calls("photos.getWallUploadServer")[0]!.params).toMatchObject({ group_id: "218375" });
    const upload = fake.calls("upload:photo")[0]!;
    expect(upload.headers["content-type"]).toMatch(/^multipart\/form-data/);
    expect(upload.files.photo).toMatchObject({ name: "a.jpg", type: "image/jpeg", text: "jpeg:a.jpg" });
    expect(fake.calls("photos.saveWallPhoto")[0]!.params).toMatchObject({ group_id: "218375", server: "622624", hash: "8112ae88" });
    expect(JSON.parse(fake.calls("photos.saveWallPhoto")[0]!.params.photo!)).toEqual([{ photo: "abc", sizes: [] }]);
    expect(fake.calls("video.save")[0]!.params).toMatchObject({ group_id: "218375", name: "clip.mp4", wallpost: "0" });
    expect(fake.calls("upload:video")[0]!.files.video_file).toMatchObject({ name: "clip.mp4", text: "mp4-bytes" });
    expect(fake.calls("wall.post")[0]!.params.attachments).toMatch(/^photo-218375_\d+,video-218375_\d+,photo-218375_\d+$/);
    expect(r.externalId).toMatch(/^-218375_\d+$/);
  });

  it("publishes a thread item as a comment from the community and deletes posts and comments", async () => {
    const root = await vk.publish(channel, { text: "Пост", format: "text", media: [] }, "k-root");
    const c1 = await vk.publish(channel, { text: "Первый комментарий", format: "text", media: [] }, "k-c1", {
      replyTo: { parentExternalId: root.externalId, rootExternalId: root.externalId },
    });
    const postId = root.externalId.split("_")[1];
    expect(fake.calls("wall.createComment")[0]!.params).toMatchObject({ owner_id: "-218375", post_id: postId, from_group: "218375", message: "Первый комментарий" });
    expect(fake.calls("wall.createComment")[0]!.params).not.toHaveProperty("reply_to_comment");
    expect(c1.externalId).toMatch(new RegExp(`^-218375_${postId}_\\d+$`));
    expect(c1.url).toMatch(new RegExp(`^https://vk.com/wall-218375_${postId}\\?reply=\\d+$`));
    const c2 = await vk.publish(channel, { text: "Второй", format: "text", media: [] }, "k-c2", {
      replyTo: { parentExternalId: c1.externalId, rootExternalId: root.externalId },
    });
    expect(fake.calls("wall.createComment")[1]!.params.reply_to_comment).toBe(c1.externalId.split("_")[2]);

    await vk.delete!(channel, c2.externalId);
    expect(fake.calls("wall.deleteComment")[0]!.params).toMatchObject({ owner_id: "-218375", comment_id: c2.externalId.split("_")[2] });
    await vk.delete!(channel, root.externalId);
    expect(fake.calls("wall.delete")[0]!.params).toMatchObject({ owner_id: "-218375", post_id: postId });
    expect(fake.state.posts.has(root.externalId)).toBe(false);
  });

  it("edits a post with wall.edit, keeping its attachments as wall.getById reports them", async () => {
    const r = await vk.publish(channel, { text: "Было", format: "carousel", media: [photo("a.jpg"), video], link: "https://north.coffee/menu" }, "k-edit");
    const sentAttachments = fake.calls("wall.post")[0]!.params.attachments!;
    const [photoId, videoId] = sentAttachments.split(",");
    fake.requests.length = 0;
    const edited = await vk.edit!(channel, r.externalId, { text: "Стало 🍂", format: "carousel", media: [], link: null });
    expect(fake.requests.map((q) => q.api)).toEqual(["wall.getById", "wall.edit"]);
    expect(fake.calls("wall.edit")[0]!.params).toMatchObject({
      owner_id: "-218375",
      post_id: r.externalId.split("_")[1],
      message: "Стало 🍂",
      attachments: `${photoId},${videoId}_k,https://north.coffee/menu`,
    });
    expect(edited).toMatchObject({ externalId: r.externalId, url: r.url });
    expect(fake.state.posts.get(r.externalId)).toMatchObject({ text: "Стало 🍂" });

    // A text-only post: no attachments parameter at all.
    const plain = await vk.publish(channel, { text: "Текст", format: "text", media: [] }, "k-edit-2");
    await vk.edit!(channel, plain.externalId, { text: "Новый текст", format: "text", media: [] });
    expect(fake.calls("wall.edit")[1]!.params).not.toHaveProperty("attachments");
  });

  it("maps wall.edit refusals like publish ones and refuses a deleted post or an over-long text", async () => {
    const r = await vk.publish(channel, { text: "Пост", format: "text", media: [] }, "k-edit-3");
    fake.failNext("wall.edit", 15, "Access denied: you can't edit this post");
    await expect(vk.edit!(channel, r.externalId, { text: "x", format: "text", media: [] })).rejects.toMatchObject({ kind: "revoked" });
    fake.failNext("wall.edit", 5, "User authorization failed: invalid session.");
    await expect(vk.edit!(channel, r.externalId, { text: "x", format: "text", media: [] })).rejects.toMatchObject({ kind: "auth_expired" });
    await expect(vk.edit!(channel, "-218375_999999", { text: "x", format: "text", media: [] })).rejects.toMatchObject({
      kind: "invalid_content",
      message: expect.stringMatching(/no longer on the community's wall/),
    });
    const before = fake.calls("wall.edit").length;
    await expect(vk.edit!(channel, r.externalId, { text: "a".repeat(16_385), format: "text", media: [] })).rejects.toMatchObject({ kind: "invalid_content" });
    expect(fake.calls("wall.edit")).toHaveLength(before);
    expect(vk.capabilities.edit).toBe(true);
  });

  it("reads post metrics with wall.getById and community stats with groups.getById + wall.get", async () => {
    const a = await vk.publish(channel, { text: "A", format: "text", media: [] }, "k-a");
    const post = fake.state.posts.get(a.externalId)!;
    Object.assign(post, { views: 1200, likes: 40, reposts: 3, comments: 7 });
    const metrics = await vk.fetchPostMetrics!(channel, [a.externalId, "-218375_999999"]);
    expect(fake.calls("wall.getById")[0]!.params.posts).toBe(`${a.externalId},-218375_999999`);
    expect(metrics).toEqual([{ externalId: a.externalId, reach: null, impressions: null, views: 1200, likes: 40, comments: 7, reposts: 3, saves: null }]);

    // A token that may not read statistics (stats.get: access denied): followers and posts only.
    expect(await vk.fetchChannelStats!(channel)).toEqual({ followers: 8120, following: null, posts: 412 });
    expect(fake.calls("wall.get")[0]!.params).toMatchObject({ owner_id: "-218375" });

    // With statistics: the 24 hours before the reading — who came and left, reach, and the visitors by sex, age, city and country.
    fake.state.stats = sampleVkStats;
    const at = new Date("2026-03-16T06:00:00.000Z");
    const stats = await vk.fetchChannelStats!(channel, at);
    expect(stats).toMatchObject({ followers: 8120, joined: 37, left: 12, reach: 5230 });
    expect(stats.audience?.sex).toEqual([
      { key: "f", label: "female", count: 260 },
      { key: "m", label: "male", count: 150 },
    ]);
    expect(stats.audience?.cities[0]).toEqual({ key: "2", label: "Санкт-Петербург", count: 300 });
    expect(stats.audience?.countries).toEqual([{ key: "RU", label: "Россия", count: 395 }]);
    const call = fake.calls("stats.get").at(-1)!.params;
    expect(call).toMatchObject({ group_id: "218375", timestamp_to: String(at.getTime() / 1000), timestamp_from: String(at.getTime() / 1000 - 86_400), stats_groups: "visitors,reach,activity" });
  });

  it("reports health: ok, then a lost editor role, then an expired token", async () => {
    expect(await vk.checkHealth!(channel)).toMatchObject({ ok: true, message: null });
    fake.state.adminLevel = 0;
    expect(await vk.checkHealth!(channel)).toMatchObject({ ok: false, message: expect.stringMatching(/no longer an editor/) });
    fake.failNext("groups.getById", 5, "User authorization failed: access_token has expired.");
    expect(await vk.checkHealth!(channel)).toMatchObject({ ok: false, message: expect.stringMatching(/no longer accepts/) });
  });

  it("classifies the documented error codes, and keeps the token out of every message", async () => {
    const post = async (code: number, msg: string) => {
      fake.failNext("wall.post", code, msg);
      return vk.publish(channel, { text: "x", format: "text", media: [] }, `k-${code}`).then(expectedFailure, (e: unknown) => e as ConnectorError);
    };
    const cases: [number, string, string][] = [
      [5, "User authorization failed: invalid session.", "auth_expired"],
      [6, "Too many requests per second", "rate_limited"],
      [9, "Flood control", "rate_limited"],
      [15, "Access denied: no access to call this method", "revoked"],
      [7, "Permission to perform this action is denied", "revoked"],
      [27, "Group authorization failed", "revoked"],
      [100, "One of the parameters specified was missing or invalid", "invalid_content"],
      [214, "Access to adding post denied", "invalid_content"],
      [219, "Advertisement post was recently added", "invalid_content"],
      [10, "Internal server error", "transient"],
    ];
    for (const [code, msg, kind] of cases) {
      const err = await post(code, msg);
      expect(err, `error ${code}`).toBeInstanceOf(ConnectorError);
      expect(err.kind, `error ${code}`).toBe(kind);
      expect(err.message).not.toContain(fake.state.token);
    }
    expect((await post(6, "Too many requests per second")).retryAfter).toBe(1);
    expect((await post(9, "Flood control")).retryAfter).toBeGreaterThan(1);
    expect((await post(214, "Access to adding post denied")).message).toMatch(/does not allow posting/);

    fake.failHttpNext("wall.post", 502);
    await expect(vk.publish(channel, { text: "x", format: "text", media: [] }, "k-502")).rejects.toMatchObject({ kind: "transient" });
    const down = createVkConnector({ baseUrl: "http://127.0.0.1:9" });
    await expect(down.publish(channel, { text: "x", format: "text", media: [] }, "k-down")).rejects.toMatchObject({ kind: "transient" });
  });
});
