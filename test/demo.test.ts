import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phrases } from "../src/connectors/sandbox/comments.js";
import { AppError } from "../src/errors.js";
import { login } from "../src/services/auth.service.js";
import { createDemo, type DemoResult, demoEmail } from "../src/services/demo.service.js";
import { createSecrets } from "../src/services/secrets.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

const secrets = createSecrets(Buffer.alloc(32, 7));
const now = new Date("2026-03-16T09:30:00.000Z");
const dayMs = 86_400_000;

describe.each(dialects)("demo workspace on %s", (dialect) => {
  let store: TestStore;
  let demo: DemoResult;

  beforeAll(async () => {
    store = await createTestStore(dialect);
    demo = await createDemo(store, { secrets, now, password: "demo-password-123" });
  });
  afterAll(async () => {
    await store?.cleanup();
  });

  const countAll = async (table: "posts" | "publications" | "sandbox_posts") =>
    Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  it("creates the user, workspace, two brands and three sandbox channels", async () => {
    expect(demo).toMatchObject({ email: demoEmail, password: "demo-password-123" });
    const brands = await store.db.selectFrom("brands").selectAll().where("workspace_id", "=", demo.workspaceId).execute();
    expect(brands).toHaveLength(2);
    expect(brands.find((b) => b.id === demo.brandId)).toMatchObject({ timezone: "Europe/Moscow", locale: "ru" });
    const channels = await store.db.selectFrom("channels").selectAll().execute();
    expect(channels).toHaveLength(3);
    for (const c of channels) {
      expect(c).toMatchObject({ network: "sandbox", status: "active", brand_id: demo.brandId });
      expect(secrets.decryptJson<{ handle: string }>(c.credentials_enc!).handle).toBe(c.handle);
    }
  });

  it("has a month of published posts with publications on the sandbox and metric snapshots", async () => {
    const posts = await store.db.selectFrom("posts").select(["rubric", "format", "status"]).execute();
    const published = posts.filter((p) => p.status === "published").length;
    expect(published).toBeGreaterThanOrEqual(30);
    expect(published).toBeLessThanOrEqual(60);
    const publications = await store.db.selectFrom("publications").select(["status", "url"]).execute();
    expect(publications).toHaveLength(published * 3);
    expect(publications.every((p) => p.status === "published" && p.url?.startsWith("sandbox://"))).toBe(true);
    // (The demo's competitors post on the Sandbox too: count the brand's accounts.)
    expect(Number((await store.db.selectFrom("sandbox_posts").select((eb) => eb.fn.countAll<number>().as("n")).where("account", "in", ["severny.coffee", "severny.roastery", "north.coffee.en"]).executeTakeFirstOrThrow()).n)).toBe(published * 3);
    expect(new Set(posts.map((p) => p.rubric)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(posts.map((p) => p.format)).size).toBe(5);

    const snaps = await store.db.selectFrom("metric_snapshots").selectAll().execute();
    const perPost = snaps.filter((s) => s.publication_id);
    expect(perPost.length).toBeGreaterThan(published * 3 * 3);
    expect(perPost.every((s) => (s.reach ?? 0) >= 0 && s.likes !== null)).toBe(true);
    // Daily follower counts: 31 per channel, growing over the month.
    const followers = snaps.filter((s) => s.publication_id === null);
    expect(followers).toHaveLength(3 * 31);
    const first = followers.filter((s) => s.channel_id === followers[0]!.channel_id).sort((a, b) => (a.taken_at < b.taken_at ? -1 : 1));
    expect(first[first.length - 1]!.followers!).toBeGreaterThan(first[0]!.followers!);
  });

  it("fills the inbox with comments in several languages, negative ones in en and ru included, the recent ones waiting", async () => {
    const items = await store.db.selectFrom("inbox_items").selectAll().execute();
    expect(items.length).toBeGreaterThan(100);
    expect(items.every((i) => i.sentiment !== null && i.due_at !== null)).toBe(true);
    // Comments, replies in threads under them, mentions of the brand and messages to it.
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(["comment", "reply", "mention", "message"]));
    const twoDaysAgo = new Date(now.getTime() - 2 * 86_400_000).toISOString();
    const recent = items.filter((i) => i.occurred_at >= twoDaysAgo);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((i) => i.status === "new" && i.first_response_at === null)).toBe(true);
    // The older ones were answered (their response times feed the report) and resolved, except the
    // complaints of the last week, which wait open.
    const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const older = items.filter((i) => i.occurred_at < twoDaysAgo);
    const lingering = older.filter((i) => i.sentiment === "negative" && i.occurred_at >= weekAgo);
    expect(lingering.length).toBeGreaterThan(0);
    expect(lingering.every((i) => i.status === "open" && i.first_response_at === null && Number(i.rank) >= 10_000_000_000)).toBe(true);
    const closed = older.filter((i) => !lingering.includes(i));
    expect(closed.every((i) => i.status === "resolved" && i.first_response_at !== null && i.first_response_at > i.occurred_at)).toBe(true);
    expect(items.every((i) => i.occurred_at <= now.toISOString())).toBe(true);
    const onPosts = items.filter((i) => i.kind === "comment" || i.kind === "reply");
    expect(onPosts.every((i) => i.publication_id !== null)).toBe(true);
    expect(items.filter((i) => i.kind === "mention" || i.kind === "message").every((i) => i.publication_id === null)).toBe(true);
    for (const lang of ["en", "ru"] as const) {
      const negative = new Set(phrases[lang].negative);
      expect(items.some((i) => i.lang === lang && negative.has(i.text))).toBe(true);
      // Classified as the inbox's ingestion does: the complaints are there as negative items.
      expect(items.some((i) => i.lang === lang && negative.has(i.text) && i.sentiment === "negative")).toBe(true);
    }
    expect(new Set(items.map((i) => i.lang))).toEqual(new Set(["en", "ru", "uk", null]));
  });

  it("schedules posts over the next seven days", async () => {
    const scheduled = await store.db
      .selectFrom("variants")
      .innerJoin("posts", "posts.id", "variants.post_id")
      .select(["variants.scheduled_at", "variants.status", "posts.status as postStatus"])
      .where("posts.status", "=", "scheduled")
      .execute();
    expect(scheduled.length).toBeGreaterThanOrEqual(7 * 3);
    for (const v of scheduled) {
      expect(v.status).toBe("scheduled");
      expect(v.scheduled_at! > now.toISOString()).toBe(true);
      expect(Date.parse(v.scheduled_at!)).toBeLessThan(now.getTime() + 7 * dayMs);
    }
  });

  it("refuses a second demo and lets the demo user sign in", async () => {
    const err = await createDemo(store, { secrets, now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "conflict", message: expect.stringContaining("demo already exists") });
    expect(await countAll("publications")).toBeGreaterThan(0);
    const session = await login(store.db, { email: demoEmail, password: "demo-password-123", ip: null, sessionDays: 1 });
    expect(session.user.name).toBe("Demo Manager");
  });
});
