import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, type TestStore } from "../../../test/support/stores.js";
import { type ChannelContext, type Connector, ConnectorError, type RemoteComment } from "../types.js";
import { createSandboxConnector } from "./index.js";

let store: TestStore;
let clock = new Date("2026-03-10T16:00:00.000Z");
let sandbox: Connector;

beforeAll(async () => {
  store = await createTestStore("sqlite");
  sandbox = createSandboxConnector({ db: store.db, now: () => clock });
});
afterAll(async () => {
  await store?.cleanup();
});

async function channel(input: Record<string, unknown>): Promise<ChannelContext> {
  const c = await sandbox.connect(input);
  return { externalId: c.externalId, handle: c.handle, credentials: c.credentials };
}
const post = (text: string, format = "text") => ({ text, format, media: [] });
const hours = (h: number) => new Date(clock.getTime() + h * 3_600_000);

describe("sandbox connector", () => {
  it("says it is simulated and connects with defaults", async () => {
    expect(sandbox).toMatchObject({ network: "sandbox", displayName: "Sandbox", simulated: true });
    const c = await sandbox.connect({ handle: "north.coffee" });
    expect(c.externalId).toBe("sandbox:north.coffee");
    expect(c.credentials).toMatchObject({ followers: 1200, timezone: "Europe/Moscow", botShare: 0.08, failMode: "none" });
    await expect(sandbox.connect({ handle: "North!" })).rejects.toThrow();
  });

  it("validates length in graphemes, media count, type and size, and empty posts", () => {
    const media = (type = "image/jpeg", bytes = 1000) => ({ type, bytes });
    expect(sandbox.validate(post("👍🏽".repeat(2000)))).toEqual([]);
    expect(sandbox.validate(post("a".repeat(2001)))).toMatchObject([{ field: "text" }]);
    expect(sandbox.validate({ text: "  ", format: "text", media: [] })).toMatchObject([{ field: "text" }]);
    expect(sandbox.validate({ text: "", format: "image", media: [media()] })).toEqual([]);
    expect(sandbox.validate({ text: "x", format: "carousel", media: [1, 2, 3, 4, 5].map(() => media()) })).toMatchObject([
      { field: "media" },
    ]);
    expect(sandbox.validate({ text: "x", format: "image", media: [media("image/webp")] })).toMatchObject([
      { field: "media.0" },
    ]);
    expect(sandbox.validate({ text: "x", format: "video", media: [media("video/mp4", 21 * 1024 * 1024)] })).toMatchObject([
      { field: "media.0" },
    ]);
  });

  it("publishes idempotently, also under concurrent retries", async () => {
    const ch = await channel({ handle: "idem.coffee" });
    const first = await sandbox.publish(ch, post("Привет!"), "key-1");
    expect(first.url).toBe(`sandbox://idem.coffee/posts/${first.externalId}`);
    clock = hours(1);
    const again = await sandbox.publish(ch, post("Привет!"), "key-1");
    expect(again).toEqual(first);
    const racing = await Promise.all([1, 2, 3, 4, 5].map(() => sandbox.publish(ch, post("Race"), "key-2")));
    expect(new Set(racing.map((r) => r.externalId)).size).toBe(1);
    const rows = await store.db.selectFrom("sandbox_posts").select("idempotency_key").where("account", "=", "idem.coffee").execute();
    expect(rows.map((r) => r.idempotency_key).sort()).toEqual(["key-1", "key-2"]);
    await expect(sandbox.publish(ch, post(""), "key-3")).rejects.toMatchObject({ kind: "invalid_content" });
  });

  it("reports metrics that grow with time, stats, and hides deleted posts", async () => {
    const ch = await channel({ handle: "metrics.coffee", followers: 20_000 });
    const p1 = await sandbox.publish(ch, post("Новинка: раф с лавандой", "video"), "m-1");
    const p2 = await sandbox.publish(ch, post("Скоро удалим", "image"), "m-2");
    const [early] = await sandbox.fetchPostMetrics!(ch, [p1.externalId], hours(2));
    const [late] = await sandbox.fetchPostMetrics!(ch, [p1.externalId], hours(40));
    expect(late!.reach!).toBeGreaterThan(early!.reach!);
    expect(late!.likes).toBeGreaterThanOrEqual(early!.likes);
    expect((await sandbox.fetchChannelStats!(ch, hours(1))).posts).toBe(2);
    await sandbox.delete!(ch, p2.externalId);
    const after = await sandbox.fetchPostMetrics!(ch, [p2.externalId, p1.externalId, "nope"], hours(40));
    expect(after.map((m) => m.externalId)).toEqual([p1.externalId]);
    const stats = await sandbox.fetchChannelStats!(ch, hours(1));
    expect(stats.posts).toBe(1);
    expect(stats.followers).toBeGreaterThanOrEqual(20_000);
  });

  it("pages through comments up to `at`, in time order, matching the comment counters", async () => {
    const ch = await channel({ handle: "talk.coffee", followers: 30_000, botShare: 0.2 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      clock = hours(5);
      ids.push((await sandbox.publish(ch, post(`Пост ${i}`, "text"), `c-${i}`)).externalId);
    }
    const at = hours(10);
    const seen: RemoteComment[] = [];
    let cursor: string | null = null;
    do {
      const page = await sandbox.fetchComments!(ch, cursor, at);
      seen.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    // Each comment arrives once, shown as it is at `at`; an edit or deletion later is reported again under the same id.
    const firstSeen = new Map<string, RemoteComment>();
    for (const c of seen) if (!firstSeen.has(c.externalId)) firstSeen.set(c.externalId, c);
    const arrivals = [...firstSeen.values()];
    const onPosts = arrivals.filter((c) => c.kind === "comment" || c.kind === "reply");
    expect(onPosts.length).toBeGreaterThan(50);
    expect(seen.length - arrivals.length).toBe(seen.filter((c) => c.deleted || c.editedAt).length - arrivals.filter((c) => c.deleted || c.editedAt).length);
    expect(seen.every((c) => c.occurredAt <= at.toISOString())).toBe(true);
    expect(arrivals.map((c) => c.occurredAt)).toEqual(arrivals.map((c) => c.occurredAt).sort());
    const metrics = await sandbox.fetchPostMetrics!(ch, ids, at);
    expect(metrics.reduce((s, m) => s + m.comments, 0)).toBe(onPosts.length);
    // Reading from the start again gives every comment in the same state: replays are harmless.
    const replay = await sandbox.fetchComments!(ch, null, at);
    for (const c of replay.items) expect(seen.filter((s) => s.externalId === c.externalId).every((s) => s.text === c.text && s.deleted === c.deleted)).toBe(true);
    // Threads: some comments answer an earlier comment of the same post.
    const replies = onPosts.filter((c) => c.kind === "reply");
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => onPosts.some((c) => c.externalId === r.parentExternalId && c.postExternalId === r.postExternalId && c.occurredAt <= r.occurredAt))).toBe(true);
    // Mentions and messages of the account's days since it was connected.
    const direct = arrivals.filter((c) => c.kind === "mention" || c.kind === "message");
    expect(direct.every((c) => c.parentExternalId === null && c.externalId.startsWith("talk.coffee~"))).toBe(true);
  });

  it("fails the way failMode says", async () => {
    const cases = [
      ["auth_expired", undefined],
      ["rate_limited", 60],
      ["transient", undefined],
    ] as const;
    for (const [failMode, retryAfter] of cases) {
      const ch = await channel({ handle: `fail.${failMode}`, failMode });
      for (const call of [
        () => sandbox.publish(ch, post("x"), `f-${failMode}`),
        () => sandbox.fetchPostMetrics!(ch, ["x"]),
        () => sandbox.fetchChannelStats!(ch),
        () => sandbox.fetchComments!(ch, null),
        () => sandbox.sampleFollowers!(ch, 10),
      ]) {
        const err = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ConnectorError);
        expect(err).toMatchObject({ kind: failMode, retryAfter });
      }
    }
  });
});
