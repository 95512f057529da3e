/**
 * Inbox teamwork on SQLite and PostgreSQL: saved replies with their variables, saved views
 * (personal and shared), bulk actions that are all or nothing, the author card across channels,
 * presence that shows to colleagues and expires, and likes that reach the Sandbox network.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxLikes } from "../src/connectors/sandbox/index.js";
import { ingestChannel } from "../src/jobs/ingest-comments.job.js";
import type { InboxDeps } from "../src/services/inbox/deps.js";
import { addMember, createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

type Member = Awaited<ReturnType<typeof addMember>>;
type Problem = { detail: string; code: string; errors?: { path: string; message: string }[] };

describe.each(dialects)("inbox teamwork (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let other: Tenant;
  let moderator: Member;
  let analyst: Member;
  let editor: Member;
  let client: Member;
  const channels: { id: string; handle: string }[] = [];
  let otherItemId: string;
  const w = () => `/api/workspaces/${t.workspaceId}`;
  const call = async (method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: object, cookie = t.owner) =>
    api.app.inject({ method, url: `${w()}${url}`, payload, headers: { cookie } });

  /** An inbox item as ingestion stores it. */
  async function item(tenant: Tenant, channelId: string, over: { handle?: string; name?: string; sentiment?: "positive" | "neutral" | "negative"; at?: string; brandId?: string; text?: string } = {}) {
    const id = crypto.randomUUID();
    const at = over.at ?? new Date().toISOString();
    await api.store.db
      .insertInto("inbox_items")
      .values({
        id,
        workspace_id: tenant.workspaceId,
        brand_id: over.brandId ?? tenant.brandId,
        channel_id: channelId,
        publication_id: null,
        kind: "comment",
        external_id: `c-${id}`,
        parent_external_id: null,
        author_name: over.name ?? "Anna Petrova",
        author_handle: over.handle ?? "anna_p",
        author_followers: 120,
        text: over.text ?? "Lovely coffee",
        lang: "en",
        sentiment: over.sentiment ?? "positive",
        sentiment_score: 0.5,
        status: "new",
        assignee_id: null,
        occurred_at: at,
        ingested_at: at,
      })
      .execute();
    return id;
  }

  beforeAll(async () => {
    api = await createTestApi(dialect);
    t = await createTenant(api);
    other = await createTenant(api);
    [moderator, analyst, editor, client] = [
      await addMember(api, t.workspaceId, "moderator"),
      await addMember(api, t.workspaceId, "analyst"),
      await addMember(api, t.workspaceId, "editor"),
      await addMember(api, t.workspaceId, "client"),
    ];
    for (const handle of ["work_north", "work_south"]) {
      const res = await call("POST", "/channels", { brandId: t.brandId, network: "sandbox", fields: { handle, followers: 5000 } });
      expect(res.statusCode, res.body).toBe(201);
      channels.push({ id: json<{ id: string }>(res).id, handle });
    }
    const oc = await api.app.inject({
      method: "POST",
      url: `/api/workspaces/${other.workspaceId}/channels`,
      headers: { cookie: other.owner },
      payload: { brandId: other.brandId, network: "sandbox", fields: { handle: "work_other" } },
    });
    otherItemId = await item(other, json<{ id: string }>(oc).id);
  });
  afterAll(async () => api?.close());

  describe("saved replies", () => {
    it("creates, lists, edits and deletes, with the roles that answer the inbox", async () => {
      const created = await call("POST", "/inbox/saved-replies", { title: "Thanks", text: "Thank you, {author}!" }, moderator.cookie);
      expect(created.statusCode, created.body).toBe(201);
      const reply = json<{ id: string; brandId: string | null; title: string }>(created);
      expect(reply).toMatchObject({ brandId: null, title: "Thanks" });

      const branded = await call("POST", "/inbox/saved-replies", { brandId: t.brandId, title: "Apology", text: "Sorry, {author}." });
      expect(branded.statusCode, branded.body).toBe(201);

      const listed = json<{ items: { id: string; title: string }[] }>(await call("GET", `/inbox/saved-replies?brandId=${t.brandId}`, undefined, analyst.cookie));
      expect(listed.items.map((r) => r.title)).toEqual(["Apology", "Thanks"]);
      const searched = json<{ items: { title: string }[] }>(await call("GET", "/inbox/saved-replies?q=apol"));
      expect(searched.items.map((r) => r.title)).toEqual(["Apology"]);

      const edited = await call("PATCH", `/inbox/saved-replies/${reply.id}`, { title: "Thank you" });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(json(edited)).toMatchObject({ title: "Thank you", text: "Thank you, {author}!" });

      for (const who of [analyst, editor]) {
        const refused = await call("POST", "/inbox/saved-replies", { title: "x", text: "x" }, who.cookie);
        expect(refused.statusCode).toBe(403);
        expect(json<Problem>(refused).detail).toMatch(/does not allow "inbox.reply"/);
      }
      expect((await call("GET", "/inbox/saved-replies", undefined, client.cookie)).statusCode).toBe(403);

      expect((await call("DELETE", `/inbox/saved-replies/${reply.id}`)).statusCode).toBe(204);
      expect((await call("DELETE", `/inbox/saved-replies/${reply.id}`)).statusCode).toBe(404);
      const after = json<{ items: { id: string }[] }>(await call("GET", "/inbox/saved-replies"));
      expect(after.items.map((r) => r.id)).not.toContain(reply.id);
    });

    it("renders the variables for an item, and refuses or reports the unknown ones", async () => {
      const itemId = await item(t, channels[0]?.id as string, { name: "Anna Petrova", handle: "@anna_p" });
      const variables = await call("PUT", `/brands/${t.brandId}/variables`, { items: [{ key: "promo", value: "COFFEE10" }] });
      expect(variables.statusCode, variables.body).toBe(200);
      const created = await call(
        "POST",
        "/inbox/saved-replies",
        { title: "Full", text: "Hi {author} ({handle})! {brand} on {channel} thanks you — {agent}. Code: {promo}. {{literal}}" },
        moderator.cookie,
      );
      expect(created.statusCode, created.body).toBe(201);
      const id = json<{ id: string }>(created).id;

      const rendered = await call("POST", `/inbox/saved-replies/${id}/render`, { itemId }, moderator.cookie);
      expect(rendered.statusCode, rendered.body).toBe(200);
      const channel = await api.store.db.selectFrom("channels").select("name").where("id", "=", channels[0]?.id as string).executeTakeFirstOrThrow();
      const mod = await api.store.db.selectFrom("users").select("name").where("id", "=", moderator.userId).executeTakeFirstOrThrow();
      const brandName = (await api.store.db.selectFrom("brands").select("name").where("id", "=", t.brandId).executeTakeFirstOrThrow()).name;
      expect(json(rendered)).toEqual({
        text: `Hi Anna Petrova (@anna_p)! ${brandName} on ${channel.name} thanks you — ${mod.name}. Code: COFFEE10. {literal}`,
        problems: [],
      });

      // Saving a variable nobody could fill is refused, naming it.
      const unknown = await call("POST", "/inbox/saved-replies", { title: "Bad", text: "Hello {author}, your {order_id} is late" }, moderator.cookie);
      expect(unknown.statusCode).toBe(400);
      const problem = json<Problem>(unknown);
      expect(problem.code).toBe("validation_failed");
      expect(problem.detail).toContain("{order_id}");
      expect(problem.errors).toEqual([{ path: "text", message: expect.stringContaining("{order_id} is not a variable") }]);
      const patched = await call("PATCH", `/inbox/saved-replies/${id}`, { text: "{link}" });
      expect(patched.statusCode).toBe(400);

      // A brand variable another brand lacks is reported when rendering there, and left as written.
      const brand2 = await call("POST", "/brands", { name: "Second brand", timezone: "UTC", locale: "en" });
      expect(brand2.statusCode, brand2.body).toBe(201);
      const brand2Id = json<{ id: string }>(brand2).id;
      const ch2 = await call("POST", "/channels", { brandId: brand2Id, network: "sandbox", fields: { handle: "work_second" } });
      const item2 = await item(t, json<{ id: string }>(ch2).id, { brandId: brand2Id, handle: "", name: "Someone" });
      const there = json<{ text: string; problems: { variable: string; message: string }[] }>(await call("POST", `/inbox/saved-replies/${id}/render`, { itemId: item2 }, moderator.cookie));
      expect(there.text).toContain("Code: {promo}.");
      expect(there.text).toContain("Hi Someone ({handle})!");
      expect(there.problems.map((p) => p.variable).sort()).toEqual(["handle", "promo"]);
      expect(there.problems.find((p) => p.variable === "handle")?.message).toMatch(/no handle/);

      // A brand's own reply is not rendered for another brand's item.
      const own = json<{ id: string }>(await call("POST", "/inbox/saved-replies", { brandId: t.brandId, title: "Own", text: "Hi {author}" }));
      const wrong = await call("POST", `/inbox/saved-replies/${own.id}/render`, { itemId: item2 });
      expect(wrong.statusCode).toBe(400);
      expect(json<Problem>(wrong).detail).toMatch(/another brand/);
      // Another workspace's item is not found.
      expect((await call("POST", `/inbox/saved-replies/${id}/render`, { itemId: otherItemId })).statusCode).toBe(404);
    });

    it("is not swallowed by /inbox/:itemId", async () => {
      const res = await call("GET", "/inbox/saved-replies");
      expect(res.statusCode, res.body).toBe(200);
      expect(json(res)).toHaveProperty("items");
      expect((await call("GET", "/inbox/views")).statusCode).toBe(200);
    });
  });

  describe("saved views", () => {
    it("keeps personal views to their owner and shows shared ones to everyone", async () => {
      const filters = { brandId: t.brandId, status: "open", sentiment: "negative", assignee: "me", unanswered: true, overdue: true, sort: "priority", kind: "comment", q: "cold", lang: "en", channelId: channels[0]?.id };
      const personal = await call("POST", "/inbox/views", { name: "My negative", filters });
      expect(personal.statusCode, personal.body).toBe(201);
      expect(json(personal)).toMatchObject({ name: "My negative", shared: false, mine: true, brandId: t.brandId, filters });
      const shared = await call("POST", "/inbox/views", { name: "Team queue", shared: true, filters: { status: "new", sort: "priority" } });
      expect(shared.statusCode, shared.body).toBe(201);
      const personalId = json<{ id: string }>(personal).id;
      const sharedId = json<{ id: string }>(shared).id;

      const mine = json<{ items: { name: string }[] }>(await call("GET", `/inbox/views?brandId=${t.brandId}`));
      expect(mine.items.map((v) => v.name)).toEqual(["My negative", "Team queue"]);
      const theirs = json<{ items: { id: string; name: string; mine: boolean; owner: { id: string } }[] }>(await call("GET", "/inbox/views", undefined, moderator.cookie));
      expect(theirs.items.map((v) => v.name)).toEqual(["Team queue"]);
      expect(theirs.items[0]).toMatchObject({ mine: false, owner: { id: t.ownerId } });

      // Someone else's personal view does not exist for the others; a shared one is theirs or an admin's to change.
      expect((await call("PATCH", `/inbox/views/${personalId}`, { name: "Mine now" }, moderator.cookie)).statusCode).toBe(404);
      expect((await call("DELETE", `/inbox/views/${personalId}`, undefined, moderator.cookie)).statusCode).toBe(404);
      const notTheirs = await call("PATCH", `/inbox/views/${sharedId}`, { name: "Renamed" }, moderator.cookie);
      expect(notTheirs.statusCode).toBe(403);
      expect(json<Problem>(notTheirs).detail).toMatch(/belongs to/);
      const renamed = await call("PATCH", `/inbox/views/${sharedId}`, { name: "Queue", filters: { status: "open" } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(json(renamed)).toMatchObject({ name: "Queue", shared: true, filters: { status: "open" } });

      // Reading roles keep personal views but do not share them.
      const analystShared = await call("POST", "/inbox/views", { name: "Mine", shared: true, filters: {} }, analyst.cookie);
      expect(analystShared.statusCode).toBe(403);
      expect((await call("POST", "/inbox/views", { name: "Mine", filters: { sentiment: "positive" } }, analyst.cookie)).statusCode).toBe(201);
      expect((await call("GET", "/inbox/views", undefined, client.cookie)).statusCode).toBe(403);

      // The filters are validated as the list's own.
      const bad = await call("POST", "/inbox/views", { name: "Bad", filters: { status: "closed" } });
      expect(bad.statusCode).toBe(400);
      expect(json<Problem>(bad).errors?.[0]?.path).toBe("filters.status");
      const unknownKey = await call("POST", "/inbox/views", { name: "Bad", filters: { colour: "red" } });
      expect(unknownKey.statusCode).toBe(400);
      const foreign = await call("POST", "/inbox/views", { name: "Bad", filters: { brandId: other.brandId } });
      expect(foreign.statusCode).toBe(404);

      expect((await call("DELETE", `/inbox/views/${sharedId}`)).statusCode).toBe(204);
      const left = json<{ items: { name: string }[] }>(await call("GET", "/inbox/views", undefined, moderator.cookie));
      expect(left.items).toEqual([]);
    });
  });

  describe("bulk actions", () => {
    it("assigns, sets the status, tags and corrects sentiment of many items in one request", async () => {
      const ids = [await item(t, channels[0]?.id as string), await item(t, channels[1]?.id as string), await item(t, channels[1]?.id as string)];
      const assign = await call("POST", "/inbox/bulk", { itemIds: ids, action: "assign", assigneeId: moderator.userId }, moderator.cookie);
      expect(assign.statusCode, assign.body).toBe(200);
      expect(json(assign)).toEqual({ action: "assign", requested: 3, changed: 3, unchanged: 0 });
      const again = json(await call("POST", "/inbox/bulk", { itemIds: ids, action: "assign", assigneeId: moderator.userId }));
      expect(again).toMatchObject({ changed: 0, unchanged: 3 });

      expect(json(await call("POST", "/inbox/bulk", { itemIds: ids, action: "status", status: "resolved" }))).toMatchObject({ changed: 3 });
      expect(json(await call("POST", "/inbox/bulk", { itemIds: ids.slice(0, 2), action: "tag", tag: "delivery" }))).toMatchObject({ changed: 2 });
      expect(json(await call("POST", "/inbox/bulk", { itemIds: ids, action: "untag", tag: "delivery" }))).toMatchObject({ changed: 2, unchanged: 1 });
      expect(json(await call("POST", "/inbox/bulk", { itemIds: ids, action: "tag", tag: "vip" }))).toMatchObject({ changed: 3 });
      expect(json(await call("POST", "/inbox/bulk", { itemIds: ids, action: "sentiment", sentiment: "negative" }))).toMatchObject({ changed: 3 });
      const rows = await api.store.db.selectFrom("inbox_items").select(["assignee_id", "status", "resolved_at", "tags", "sentiment", "sentiment_corrected"]).where("id", "in", ids).execute();
      for (const r of rows) {
        expect(r).toMatchObject({ assignee_id: moderator.userId, status: "resolved", sentiment: "negative", sentiment_corrected: 1 });
        expect(r.resolved_at).not.toBeNull();
        expect(JSON.parse(r.tags)).toEqual(["vip"]);
      }
      const corrections = await api.store.db.selectFrom("sentiment_corrections").select("item_id").where("item_id", "in", ids).execute();
      expect(corrections).toHaveLength(3);
      const audit = await api.store.db.selectFrom("audit_events").select(["data"]).where("workspace_id", "=", t.workspaceId).where("action", "=", "inbox.bulk").execute();
      expect(audit.length).toBeGreaterThanOrEqual(5);
    });

    it("is all or nothing: one item of another workspace makes it 404 and changes nothing", async () => {
      const ids = [await item(t, channels[0]?.id as string), await item(t, channels[1]?.id as string)];
      const snapshot = () => api.store.db.selectFrom("inbox_items").select(["id", "status", "assignee_id", "tags"]).where("id", "in", [...ids, otherItemId]).orderBy("id").execute();
      const before = await snapshot();
      for (const body of [
        { itemIds: [...ids, otherItemId], action: "status", status: "resolved" },
        { itemIds: [...ids, crypto.randomUUID()], action: "assign", assigneeId: null },
        { itemIds: [otherItemId, ...ids], action: "tag", tag: "x" },
      ]) {
        const res = await call("POST", "/inbox/bulk", body);
        expect(res.statusCode, res.body).toBe(404);
        expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
        expect(json<Problem>(res).detail).toMatch(/Nothing was changed/);
      }
      expect(await snapshot()).toEqual(before);
    });

    it("checks roles, the assignee and the size", async () => {
      const ids = [await item(t, channels[0]?.id as string)];
      for (const who of [analyst, editor, client]) {
        const res = await call("POST", "/inbox/bulk", { itemIds: ids, action: "status", status: "open" }, who.cookie);
        expect(res.statusCode).toBe(403);
      }
      const notMember = await call("POST", "/inbox/bulk", { itemIds: ids, action: "assign", assigneeId: other.ownerId });
      expect(notMember.statusCode).toBe(400);
      expect(json<Problem>(notMember).errors?.[0]?.path).toBe("assigneeId");
      const tooMany = await call("POST", "/inbox/bulk", { itemIds: Array.from({ length: 501 }, () => crypto.randomUUID()), action: "status", status: "open" });
      expect(tooMany.statusCode).toBe(400);
      const badAction = await call("POST", "/inbox/bulk", { itemIds: ids, action: "delete" });
      expect(badAction.statusCode).toBe(400);
      const row = await api.store.db.selectFrom("inbox_items").select(["status", "assignee_id"]).where("id", "=", ids[0] as string).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: "new", assignee_id: null });
    });
  });

  describe("author card", () => {
    it("gathers an author's items across channels with sentiment, timeline and notes", async () => {
      const [north, south] = [channels[0]?.id as string, channels[1]?.id as string];
      const first = await item(t, north, { handle: "regular_guest", name: "Regular Guest", sentiment: "positive", at: "2026-10-01T09:00:00.000Z" });
      await item(t, south, { handle: "@regular_guest", name: "Regular Guest", sentiment: "negative", at: "2026-10-02T09:00:00.000Z", text: "Cold again" });
      await item(t, south, { handle: "regular_guest", name: "Regular Guest", sentiment: "negative", at: "2026-10-02T18:00:00.000Z" });
      // The same handle in another workspace is another person's business.
      await item(other, (await api.store.db.selectFrom("channels").select("id").where("workspace_id", "=", other.workspaceId).executeTakeFirstOrThrow()).id, { handle: "regular_guest" });

      const res = await call("GET", "/inbox/authors?network=sandbox&handle=regular_guest", undefined, analyst.cookie);
      expect(res.statusCode, res.body).toBe(200);
      const card = json<{
        handle: string;
        name: string;
        total: number;
        followers: number | null;
        firstSeenAt: string;
        lastSeenAt: string;
        sentiment: Record<string, number>;
        timeline: { day: string; positive: number; negative: number }[];
        channels: { id: string; items: number }[];
        items: { id: string; channelId: string }[];
        notes: unknown[];
      }>(res);
      expect(card).toMatchObject({ handle: "regular_guest", name: "Regular Guest", total: 3, followers: 120, firstSeenAt: "2026-10-01T09:00:00.000Z", lastSeenAt: "2026-10-02T18:00:00.000Z" });
      expect(card.sentiment).toEqual({ positive: 1, neutral: 0, negative: 2, unknown: 0 });
      expect(card.timeline).toEqual([
        { day: "2026-10-01", positive: 1, neutral: 0, negative: 0, unknown: 0 },
        { day: "2026-10-02", positive: 0, neutral: 0, negative: 2, unknown: 0 },
      ]);
      expect(new Set(card.channels.map((c) => c.id))).toEqual(new Set([north, south]));
      expect(card.items).toHaveLength(3);
      expect(card.items.at(-1)?.id).toBe(first);

      // By one of the items, the same card; notes are for the team (inbox.reply) and show on it.
      const note = await call("POST", "/inbox/authors/notes", { network: "sandbox", handle: "@regular_guest", text: "Comes every morning; prefers oat milk." }, moderator.cookie);
      expect(note.statusCode, note.body).toBe(201);
      expect((await call("POST", "/inbox/authors/notes", { network: "sandbox", handle: "regular_guest", text: "x" }, analyst.cookie)).statusCode).toBe(403);
      expect((await call("POST", "/inbox/authors/notes", { network: "sandbox", handle: "nobody_here", text: "x" })).statusCode).toBe(404);
      const byItem = json<typeof card & { notes: { text: string; mine: boolean }[] }>(await call("GET", `/inbox/authors?itemId=${first}`, undefined, moderator.cookie));
      expect(byItem.total).toBe(3);
      expect(byItem.notes).toEqual([expect.objectContaining({ text: "Comes every morning; prefers oat milk.", mine: true })]);
      const noteId = json<{ id: string }>(note).id;
      expect((await call("DELETE", `/inbox/authors/notes/${noteId}`, undefined, moderator.cookie)).statusCode).toBe(204);

      expect((await call("GET", "/inbox/authors?network=sandbox&handle=nobody_here")).statusCode).toBe(404);
      expect((await call("GET", "/inbox/authors")).statusCode).toBe(400);
      expect((await call("GET", `/inbox/authors?itemId=${otherItemId}`)).statusCode).toBe(404);
    });
  });

  describe("presence", () => {
    it("shows who is answering to the others, and expires", async () => {
      const itemId = await item(t, channels[0]?.id as string);
      const beat = await call("POST", `/inbox/${itemId}/presence`, undefined, moderator.cookie);
      expect(beat.statusCode, beat.body).toBe(200);
      expect(json(beat)).toEqual({ others: [], ttlSeconds: 30 });

      const seen = json<{ others: { userId: string; name: string }[] }>(await call("GET", `/inbox/${itemId}/presence`));
      const mod = await api.store.db.selectFrom("users").select("name").where("id", "=", moderator.userId).executeTakeFirstOrThrow();
      expect(seen.others).toEqual([expect.objectContaining({ userId: moderator.userId, name: mod.name })]);
      // The owner answering too: each sees the other, never themself.
      const both = json<{ others: { userId: string }[] }>(await call("POST", `/inbox/${itemId}/presence`));
      expect(both.others.map((o) => o.userId)).toEqual([moderator.userId]);
      const modView = json<{ others: { userId: string }[] }>(await call("GET", `/inbox/${itemId}/presence`, undefined, moderator.cookie));
      expect(modView.others.map((o) => o.userId)).toEqual([t.ownerId]);

      // Leaving ends it at once; a heartbeat that is not renewed ends by itself.
      expect((await call("DELETE", `/inbox/${itemId}/presence`)).statusCode).toBe(204);
      expect(json<{ others: unknown[] }>(await call("GET", `/inbox/${itemId}/presence`, undefined, moderator.cookie)).others).toEqual([]);
      await api.store.db.updateTable("inbox_presence").set({ until: new Date(Date.now() - 1000).toISOString() }).where("item_id", "=", itemId).execute();
      expect(json<{ others: unknown[] }>(await call("GET", `/inbox/${itemId}/presence`)).others).toEqual([]);

      // Only those who answer send heartbeats.
      expect((await call("POST", `/inbox/${itemId}/presence`, undefined, analyst.cookie)).statusCode).toBe(403);
      expect((await call("GET", `/inbox/${otherItemId}/presence`)).statusCode).toBe(404);
    });
  });

  describe("like", () => {
    it("likes a comment on the Sandbox network once", async () => {
      const channelId = channels[0]?.id as string;
      const created = await call("POST", "/posts", { brandId: t.brandId, baseText: "Fresh roast", format: "text", variants: [{ channelId }] });
      expect(created.statusCode, created.body).toBe(201);
      const variantId = json<{ variants: { id: string }[] }>(created).variants[0]?.id as string;
      const ch = await api.store.db.selectFrom("channels").selectAll().where("id", "=", channelId).executeTakeFirstOrThrow();
      const connector = api.publishing.registry.get("sandbox");
      const ctx = { externalId: ch.external_id, handle: ch.handle, credentials: api.publishing.secrets.decryptJson<Record<string, unknown>>(ch.credentials_enc as string) };
      const published = await connector?.publish(ctx, { text: "Fresh roast", format: "text", media: [] }, `${variantId}:0`);
      if (!published) throw new Error("no sandbox");
      await api.store.db
        .insertInto("publications")
        .values({ id: crypto.randomUUID(), workspace_id: t.workspaceId, variant_id: variantId, channel_id: channelId, idempotency_key: `${variantId}:0`, external_id: published.externalId, url: published.url, status: "published", attempts: 1, error: null, published_at: published.publishedAt, created_at: published.publishedAt, item: 0, late: 0 })
        .execute();
      const deps: InboxDeps = { db: api.store.db, registry: api.publishing.registry, secrets: api.publishing.secrets, queue: api.queue, analyzer: async () => ({ analyze: () => ({ lang: "en", sentiment: "positive", score: 1, confidence: 1 }) }) };
      expect(await ingestChannel(deps, channelId, new Date(Date.now() + 3 * 24 * 3_600_000))).toBeGreaterThan(0);
      const comment = await api.store.db.selectFrom("inbox_items").select(["id", "external_id"]).where("channel_id", "=", channelId).where("external_id", "like", `${published.externalId}-c%`).executeTakeFirstOrThrow();

      expect((await call("POST", `/inbox/${comment.id}/like`, undefined, analyst.cookie)).statusCode).toBe(403);
      const liked = await call("POST", `/inbox/${comment.id}/like`, undefined, moderator.cookie);
      expect(liked.statusCode, liked.body).toBe(200);
      expect(json(liked)).toMatchObject({ id: comment.id, alreadyLiked: false });
      expect(json(await call("POST", `/inbox/${comment.id}/like`))).toMatchObject({ alreadyLiked: true });
      const onNetwork = await sandboxLikes(api.store.db, ch.handle);
      expect(onNetwork.map((l) => l.commentExternalId)).toEqual([comment.external_id]);
      const row = await api.store.db.selectFrom("inbox_items").select(["liked_at", "liked_by"]).where("id", "=", comment.id).executeTakeFirstOrThrow();
      expect(row.liked_by).toBe(moderator.userId);
      expect(row.liked_at).not.toBeNull();
      const audit = await api.store.db.selectFrom("audit_events").select("actor_user_id").where("action", "=", "inbox.liked").where("target_id", "=", comment.id).execute();
      expect(audit).toEqual([{ actor_user_id: moderator.userId }]);
    });
  });
});
