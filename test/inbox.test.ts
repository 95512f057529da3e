/**
 * The inbox end to end on SQLite and PostgreSQL: comments ingested from two Sandbox channels (once,
 * however often ingestion runs), filters, work on items (status, assignment, notes, sentiment
 * corrections) and replies that reach the network — or fail with its reason, the text kept.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Lang, phrases } from "../src/connectors/sandbox/comments.js";
import { sandboxModeration, sandboxReplies } from "../src/connectors/sandbox/index.js";
import { ingestChannel, registerInbox, storePage, sweepChannels } from "../src/jobs/ingest-comments.job.js";
import { flipOverdue } from "../src/services/inbox/priority.js";
import type { Analyzer, InboxDeps } from "../src/services/inbox/deps.js";
import { newId } from "../src/store/ids.js";
import { addMember, createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";
import { waitFor } from "./support/wait.js";

/** A stand-in for the analysis service: the sandbox's own phrase banks say what each text is. */
const fakeAnalyzer: Analyzer = {
  analyze(text) {
    for (const lang of ["en", "ru", "uk"] as Lang[]) {
      const bank = phrases[lang];
      if (bank.negative.includes(text)) return { lang, sentiment: "negative", score: -0.8, confidence: 0.9 };
      if (bank.positive.includes(text)) return { lang, sentiment: "positive", score: 0.8, confidence: 0.9 };
      if (Object.values(bank).some((list) => list.includes(text))) return { lang, sentiment: "neutral", score: 0, confidence: 0.6 };
    }
    return { lang: null, sentiment: "neutral", score: 0, confidence: 0.1 };
  },
};

type Item = { id: string; kind: string; overdue: boolean; channelId: string; lang: string | null; sentiment: string | null; status: string; assignee: { id: string; name: string } | null; tags: string[]; text: string; author: { name: string; handle: string }; post: { id: string; url: string | null; title: string } | null; replies: number; firstResponseAt: string | null; resolvedAt: string | null; occurredAt: string };
type Detail = Item & { thread: Item[]; notes: { authorName: string; text: string }[]; replies: { id: string; status: string; error: string | null; text: string; sentAt: string | null }[] };

describe.each(dialects)("inbox (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let deps: InboxDeps;
  const channels: { id: string; handle: string }[] = [];
  const at = new Date(Date.now() + 3 * 24 * 3_600_000);
  const w = () => `/api/workspaces/${t.workspaceId}`;
  const call = async (method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: object, cookie = t.owner) =>
    api.app.inject({ method, url: `${w()}${url}`, payload, headers: { cookie } });
  const list = async (query = "") => {
    const res = await call("GET", `/inbox?limit=200${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return json<{ items: Item[]; nextCursor: string | null }>(res);
  };

  /** Publishes a post on a channel through the sandbox connector and records its publication. */
  async function publish(channelId: string, text: string) {
    const created = await call("POST", "/posts", { brandId: t.brandId, baseText: text, format: "text", variants: [{ channelId }] });
    expect(created.statusCode, created.body).toBe(201);
    const variantId = json<{ variants: { id: string }[] }>(created).variants[0]?.id as string;
    const ch = await api.store.db.selectFrom("channels").selectAll().where("id", "=", channelId).executeTakeFirstOrThrow();
    const connector = api.publishing.registry.get("sandbox");
    const ctx = { externalId: ch.external_id, handle: ch.handle, credentials: api.publishing.secrets.decryptJson<Record<string, unknown>>(ch.credentials_enc as string) };
    const res = await connector?.publish(ctx, { text, format: "text", media: [] }, `${variantId}:0`);
    if (!res) throw new Error("no sandbox");
    await api.store.db
      .insertInto("publications")
      .values({ id: crypto.randomUUID(), workspace_id: t.workspaceId, variant_id: variantId, channel_id: channelId, idempotency_key: `${variantId}:0`, external_id: res.externalId, url: res.url, status: "published", attempts: 1, error: null, published_at: res.publishedAt, created_at: res.publishedAt, item: 0, late: 0 })
      .execute();
    return res;
  }

  beforeAll(async () => {
    api = await createTestApi(dialect);
    t = await createTenant(api);
    for (const handle of ["inbox_north", "inbox_south"]) {
      const res = await call("POST", "/channels", { brandId: t.brandId, network: "sandbox", fields: { handle, followers: 20000 } });
      expect(res.statusCode, res.body).toBe(201);
      channels.push({ id: json<{ id: string }>(res).id, handle });
    }
    for (const [i, c] of channels.entries()) {
      await publish(c.id, `Свежая обжарка №${i + 1}`);
      await publish(c.id, `Новый десерт №${i + 1}\nс вишней`);
    }
    deps = { db: api.store.db, registry: api.publishing.registry, secrets: api.publishing.secrets, queue: api.queue, analyzer: async () => fakeAnalyzer };
    registerInbox(api.queue, deps);
    await api.queue.start();
  });
  afterAll(async () => api?.close());

  it("ingests each comment once, however often it runs, with language, sentiment and the post", async () => {
    let first = 0;
    for (const c of channels) first += await ingestChannel(deps, c.id, at);
    expect(first).toBeGreaterThan(50);
    let again = 0;
    for (const c of channels) again += await ingestChannel(deps, c.id, at);
    expect(again).toBe(0);
    const rows = await api.store.db
      .selectFrom("inbox_items")
      .select(["channel_id", "external_id", "lang", "sentiment", "publication_id", "status", "kind", "parent_external_id", "edited_at", "deleted_at", "text", "due_at"])
      .where("workspace_id", "=", t.workspaceId)
      .execute();
    expect(rows).toHaveLength(first);
    expect(new Set(rows.map((r) => `${r.channel_id}/${r.external_id}`)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.channel_id)).size).toBe(2);
    expect(rows.every((r) => r.status === "new" && r.due_at !== null)).toBe(true);
    // Comments and replies hang on the brand's posts; mentions and messages do not.
    expect(rows.some((r) => r.kind === "comment")).toBe(true);
    expect(rows.every((r) => ["comment", "reply", "mention", "message"].includes(r.kind))).toBe(true);
    expect(rows.filter((r) => r.kind === "comment" || r.kind === "reply").every((r) => r.publication_id !== null)).toBe(true);
    expect(rows.filter((r) => r.kind === "reply").every((r) => r.parent_external_id !== null)).toBe(true);
    // What authors changed on the network since (the Sandbox's authors add an "UPD:" line).
    expect(rows.filter((r) => r.edited_at !== null).every((r) => /UPD: /.test(r.text))).toBe(true);
    expect(new Set(rows.map((r) => r.lang).filter(Boolean))).toEqual(new Set(["ru", "en", "uk"]));
    expect(rows.some((r) => r.sentiment === "negative")).toBe(true);
    const cursors = await api.store.db.selectFrom("inbox_cursors").selectAll().execute();
    expect(cursors.every((c) => c.last_error === null && c.last_run_at !== null)).toBe(true);
  });

  it("reflects what the network reports: edits (a corrected sentiment kept), deletions, and comments gone from a post read whole", async () => {
    const channel = await api.store.db.selectFrom("channels").select(["id", "workspace_id", "brand_id"]).where("id", "=", channels[0]?.id as string).executeTakeFirstOrThrow();
    const comment = (id: string, text: string, post = "edit-post") => ({ externalId: id, postExternalId: post, parentExternalId: null, authorName: "Ира", authorHandle: "ira", authorFollowers: 12, text, occurredAt: new Date().toISOString() });
    const analyze = fakeAnalyzer.analyze;
    const negative = phrases.ru.negative[0] as string;
    const positive = phrases.ru.positive[0] as string;
    expect(await storePage(deps, channel, { items: [comment("e1", positive), comment("e2", positive), comment("e3", positive), comment("e4", positive)], cursor: null }, analyze)).toEqual({ added: 4, edited: 0, deleted: 0 });
    const row = async (id: string) => api.store.db.selectFrom("inbox_items").selectAll().where("channel_id", "=", channel.id).where("external_id", "=", id).executeTakeFirstOrThrow();
    await call("PATCH", `/inbox/${(await row("e2")).id}`, { sentiment: "neutral" });
    const editedAt = new Date().toISOString();
    const changes = { items: [{ ...comment("e1", negative), editedAt }, { ...comment("e2", negative), editedAt }, { ...comment("e3", ""), deleted: true }], cursor: null };
    expect(await storePage(deps, channel, changes, analyze)).toEqual({ added: 0, edited: 2, deleted: 1 });
    expect(await row("e1")).toMatchObject({ text: negative, edited_at: editedAt, sentiment: "negative" });
    // A person's correction outranks the model, even after an edit.
    expect(await row("e2")).toMatchObject({ text: negative, sentiment: "neutral" });
    expect((await row("e3")).deleted_at).not.toBeNull();
    // The post read whole no longer has e4: it was deleted there. Items of other posts are untouched.
    expect(await storePage(deps, channel, { items: [comment("e1", negative), comment("e2", negative)], cursor: null, complete: ["edit-post"] }, analyze)).toEqual({ added: 0, edited: 0, deleted: 1 });
    expect((await row("e4")).deleted_at).not.toBeNull();
    expect((await row("e1")).deleted_at).toBeNull();
    const listed = (await list()).items.map((i) => i.text);
    expect(listed).not.toContain("");
    await api.store.db.deleteFrom("inbox_items").where("channel_id", "=", channel.id).where("post_external_id", "=", "edit-post").execute();
  });

  it("the sweep enqueues one ingest per channel and minute", async () => {
    const minute = new Date("2030-01-01T10:00:30Z");
    expect(await sweepChannels(deps, minute)).toBe(2);
    await sweepChannels(deps, minute);
    const jobs = await api.store.db.selectFrom("jobs").select("key").where("kind", "=", "inbox.ingest").execute();
    // The key is unique while a job is pending (the running queue may finish the first ones meanwhile).
    const keys = new Set(jobs.map((j) => j.key).filter((k) => k?.endsWith("2030-01-01T10:00:00.000Z")));
    expect([...keys].sort()).toEqual(channels.map((c) => `${c.id}:2030-01-01T10:00:00.000Z`).sort());
  });

  it("lists newest first with the item's shape, pages with a cursor, and filters", async () => {
    const all = await list();
    const times = all.items.map((i) => i.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    const first = all.items.find((i) => i.kind === "comment") as Item;
    expect(first).toMatchObject({ network: "sandbox", networkName: "Sandbox", kind: "comment", replies: 0, assignee: null, tags: [] });
    const mentions = await list("&kind=mention");
    expect(mentions.items.length).toBeGreaterThan(0);
    expect(mentions.items.every((i) => i.kind === "mention" && i.post === null)).toBe(true);
    expect(first.post?.title).toMatch(/^(Свежая обжарка|Новый десерт) №\d$/);
    expect(first.post?.url).toMatch(/^sandbox:\/\//);

    const page1 = json<{ items: Item[]; nextCursor: string }>(await call("GET", "/inbox?limit=10"));
    const page2 = json<{ items: Item[] }>(await call("GET", `/inbox?limit=10&cursor=${page1.nextCursor}`));
    expect([...page1.items, ...page2.items].map((i) => i.id)).toEqual(all.items.slice(0, 20).map((i) => i.id));

    const negative = await list("&sentiment=negative");
    expect(negative.items.length).toBeGreaterThan(0);
    expect(negative.items.every((i) => i.sentiment === "negative")).toBe(true);
    const ch = await list(`&channelId=${channels[1]?.id}`);
    expect(ch.items.every((i) => i.channelId === channels[1]?.id)).toBe(true);
    const uk = await list("&lang=uk");
    expect(uk.items.length).toBeGreaterThan(0);
    expect(uk.items.every((i) => i.lang === "uk")).toBe(true);
    const word = (negative.items[0] as Item).text.split(" ")[1] as string;
    const found = await list(`&q=${encodeURIComponent(word)}`);
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items.every((i) => `${i.text} ${i.author.name} ${i.author.handle}`.toLowerCase().includes(word.toLowerCase()))).toBe(true);
    expect((await list("&q=%25%25nothing-like-this")).items).toEqual([]);
    const counts = json<Record<string, number>>(await call("GET", "/inbox/counts"));
    // Counted in the database, not from the first page (the list pages at 200).
    const live = await api.store.db.selectFrom("inbox_items").select(["sentiment"]).where("workspace_id", "=", t.workspaceId).where("deleted_at", "is", null).execute();
    expect(counts).toMatchObject({ new: live.length, open: 0, waiting: 0, resolved: 0, unassigned: live.length, negativeOpen: live.filter((r) => r.sentiment === "negative").length });
    expect((await call("GET", "/inbox?sentiment=furious")).statusCode).toBe(400);
  });

  it("assigns, changes status, tags, notes and corrects sentiment, with an audit trail", async () => {
    const moderator = await addMember(api, t.workspaceId, "moderator");
    const item = (await list("&sentiment=negative")).items[0] as Item;
    const res = await call("PATCH", `/inbox/${item.id}`, { status: "open", assigneeId: moderator.userId, tags: ["delivery", "delivery", "refund"] });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Detail>(res)).toMatchObject({ status: "open", assignee: { id: moderator.userId }, tags: ["delivery", "refund"] });
    expect((await list("&assignee=none")).items.map((i) => i.id)).not.toContain(item.id);
    const mine = await api.app.inject({ method: "GET", url: `${w()}/inbox?assignee=me`, headers: { cookie: moderator.cookie } });
    expect(json<{ items: Item[] }>(mine).items.map((i) => i.id)).toEqual([item.id]);

    const note = await call("POST", `/inbox/${item.id}/notes`, { text: "Refund approved, answer politely" }, moderator.cookie);
    expect(note.statusCode).toBe(201);
    const corrected = await call("PATCH", `/inbox/${item.id}`, { sentiment: "neutral" }, moderator.cookie);
    expect(json<Detail>(corrected).sentiment).toBe("neutral");
    const corrections = await api.store.db.selectFrom("sentiment_corrections").selectAll().where("item_id", "=", item.id).execute();
    expect(corrections).toMatchObject([{ from_label: "negative", to_label: "neutral", text: item.text, lang: item.lang, by: moderator.userId }]);
    const row = await api.store.db.selectFrom("inbox_items").select(["sentiment_corrected"]).where("id", "=", item.id).executeTakeFirstOrThrow();
    expect(row.sentiment_corrected).toBe(1);

    const resolved = json<Detail>(await call("PATCH", `/inbox/${item.id}`, { status: "resolved" }));
    expect(resolved.resolvedAt).not.toBeNull();
    const detail = json<Detail>(await call("GET", `/inbox/${item.id}`));
    expect(detail.notes).toMatchObject([{ text: "Refund approved, answer politely", authorName: expect.stringContaining("moderator") }]);
    expect(detail.thread.map((i) => i.id)).toContain(item.id);
    expect(detail.thread.every((i) => i.post?.id === item.post?.id)).toBe(true);
    const threadTimes = detail.thread.map((i) => i.occurredAt);
    expect(threadTimes).toEqual([...threadTimes].sort());

    const actions = (await api.store.db.selectFrom("audit_events").select("action").where("target_id", "=", item.id).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["inbox.status_changed", "inbox.assigned", "inbox.sentiment_corrected"]));

    const stranger = await call("PATCH", `/inbox/${item.id}`, { assigneeId: crypto.randomUUID() });
    expect(stranger.statusCode).toBe(400);
    const analyst = await addMember(api, t.workspaceId, "analyst");
    expect((await call("GET", `/inbox/${item.id}`, undefined, analyst.cookie)).statusCode).toBe(200);
    expect((await call("PATCH", `/inbox/${item.id}`, { status: "open" }, analyst.cookie)).statusCode).toBe(403);
    const client = await addMember(api, t.workspaceId, "client");
    expect((await call("GET", "/inbox", undefined, client.cookie)).statusCode).toBe(403);
  });

  it("replies on the network: sending, then sent and visible in the Sandbox, the item answered", async () => {
    const item = (await list(`&channelId=${channels[0]?.id}&status=new&kind=comment`)).items[0] as Item;
    const res = await call("POST", `/inbox/${item.id}/reply`, { text: "Thank you! We will fix it today." });
    expect(res.statusCode, res.body).toBe(202);
    expect(json(res)).toMatchObject({ status: "sending", text: "Thank you! We will fix it today." });
    // The detail is read in several queries: one may see the reply sent and another the item before
    // that commit, so wait for both.
    const detail = await waitFor(async () => json<Detail>(await call("GET", `/inbox/${item.id}`)), (d) => d.replies[0]?.status === "sent" && d.status === "waiting");
    expect(detail.status).toBe("waiting");
    expect(detail.firstResponseAt).not.toBeNull();
    expect(detail.replies[0]?.sentAt).not.toBeNull();
    const onNetwork = await sandboxReplies(api.store.db, channels[0]?.handle as string);
    expect(onNetwork).toMatchObject([{ text: "Thank you! We will fix it today." }]);
    const row = await api.store.db.selectFrom("inbox_items").select("external_id").where("id", "=", item.id).executeTakeFirstOrThrow();
    expect(onNetwork[0]?.parentExternalId).toBe(row.external_id);
    expect((await list("&unanswered=true")).items.map((i) => i.id)).not.toContain(item.id);
    const listed = (await list()).items.find((i) => i.id === item.id);
    expect(listed?.replies).toBe(1);
  });

  it("refuses a reply longer than the network allows before saving anything", async () => {
    const item = (await list("&status=new")).items[0] as Item;
    const res = await call("POST", `/inbox/${item.id}/reply`, { text: "я".repeat(2001) });
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { path: string; message: string }[] }>(res).errors[0]).toMatchObject({ path: "text", message: expect.stringMatching(/2001 characters long; Sandbox allows 2000/) });
    const rows = await api.store.db.selectFrom("inbox_replies").select("id").where("item_id", "=", item.id).execute();
    expect(rows).toEqual([]);
  });

  it("a reply the network refuses fails with its reason, and the text stays", async () => {
    const item = (await list(`&channelId=${channels[1]?.id}&status=new&kind=comment`)).items[0] as Item;
    const postId = (await api.store.db.selectFrom("inbox_items").select("post_external_id").where("id", "=", item.id).executeTakeFirstOrThrow()).post_external_id as string;
    await api.store.db.updateTable("sandbox_posts").set({ deleted_at: new Date().toISOString() }).where("id", "=", postId).execute();
    const res = await call("POST", `/inbox/${item.id}/reply`, { text: "Sorry to hear that" });
    expect(res.statusCode).toBe(202);
    const detail = await waitFor(async () => json<Detail>(await call("GET", `/inbox/${item.id}`)), (d) => d.replies[0]?.status === "failed");
    expect(detail.replies[0]).toMatchObject({ text: "Sorry to hear that", error: expect.stringMatching(/Sandbox refused the reply: .*no longer exists/) });
    expect(detail.status).toBe("new");
    expect(detail.firstResponseAt).toBeNull();
  });

  it("hides on the network; deleting needs an owner or manager and a reason, is audited and reminds of the practice", async () => {
    const [spam, critic] = (await list(`&channelId=${channels[0]?.id}&status=new&sentiment=negative&kind=comment`)).items as [Item, Item];
    const externalOf = async (id: string) => (await api.store.db.selectFrom("inbox_items").select("external_id").where("id", "=", id).executeTakeFirstOrThrow()).external_id;
    const hidden = await call("POST", `/inbox/${spam.id}/hide`);
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(await sandboxModeration(api.store.db, channels[0]?.handle as string)).toMatchObject([{ commentExternalId: await externalOf(spam.id), action: "hidden" }]);

    const moderator = await addMember(api, t.workspaceId, "moderator");
    const denied = await call("DELETE", `/inbox/${critic.id}`, { reason: "rude" }, moderator.cookie);
    expect(denied.statusCode).toBe(403);
    expect(json<{ detail: string }>(denied).detail).toMatch(/only an owner or a manager.*Answer or hide/);
    expect((await call("DELETE", `/inbox/${critic.id}`, { reason: "  " })).statusCode).toBe(400);
    expect((await call("DELETE", `/inbox/${critic.id}`)).statusCode).toBe(400);

    const deleted = await call("DELETE", `/inbox/${critic.id}`, { reason: "Insults staff" });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(json<{ detail: string }>(deleted).detail).toMatch(/no answer.*answer or hide criticism before deleting it/);
    expect((await list()).items.map((i) => i.id)).not.toContain(critic.id);
    expect((await call("GET", `/inbox/${critic.id}`)).statusCode).toBe(404);
    const audit = await api.store.db.selectFrom("audit_events").select(["action", "data"]).where("target_id", "=", critic.id).where("action", "=", "inbox.deleted").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data)).toMatchObject({ reason: "Insults staff", text: critic.text, sentiment: "negative", answered: false });
    expect((await sandboxModeration(api.store.db, channels[0]?.handle as string)).map((m) => m.action).sort()).toEqual(["deleted", "hidden"]);
    // Ingesting again does not bring a deleted comment back.
    await ingestChannel(deps, channels[0]?.id as string, at);
    expect((await list()).items.map((i) => i.id)).not.toContain(critic.id);
  });

  it("sorts overdue negative comments from large authors first, by the brand's response SLA", async () => {
    const settings = json<Record<string, unknown>>(await call("GET", `/brands/${t.brandId}/settings`));
    expect(settings).toMatchObject({ responseSlaMinutes: 60, workingHours: null });
    const open = (await list("&status=new")).items;
    const negatives = open.filter((i) => i.sentiment === "negative").slice(0, 2);
    const other = open.find((i) => i.sentiment !== "negative") as Item;
    const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const set = (id: string, values: { occurred_at: string; author_followers: number }) => api.store.db.updateTable("inbox_items").set(values).where("id", "=", id).execute();
    await set(negatives[0]?.id as string, { occurred_at: past(45), author_followers: 10 });
    await set(negatives[1]?.id as string, { occurred_at: past(40), author_followers: 90_000 });
    await set(other.id, { occurred_at: past(50), author_followers: 1_000_000 });
    const [young] = open.filter((i) => i.sentiment === "negative").slice(2, 3);
    await set(young?.id as string, { occurred_at: past(20), author_followers: 5_000_000 });
    // Everything else arrived in the future (the test network's clock runs ahead): not due yet.
    await api.store.db.updateTable("inbox_items").set({ occurred_at: past(-600) }).where("workspace_id", "=", t.workspaceId).where("id", "not in", [negatives[0]?.id as string, negatives[1]?.id as string, other.id, young?.id as string]).execute();
    // A new SLA applies to the items still waiting: 30 minutes makes the three oldest overdue.
    const put = await call("PUT", `/brands/${t.brandId}/settings`, { ...settings, responseSlaMinutes: 30 });
    expect(put.statusCode, put.body).toBe(200);
    const page = json<{ items: Item[]; nextCursor: string }>(await call("GET", "/inbox?sort=priority&limit=3"));
    expect(page.items.map((i) => i.id)).toEqual([negatives[1]?.id, negatives[0]?.id, other.id]);
    expect(page.items.every((i) => i.overdue)).toBe(true);
    const next = json<{ items: Item[] }>(await call("GET", `/inbox?sort=priority&limit=3&cursor=${page.nextCursor}`));
    expect(next.items[0]?.id).toBe(young?.id);
    expect(next.items[0]?.overdue).toBe(false);
    const overdue = await list("&overdue=true");
    expect(overdue.items.map((i) => i.id).sort()).toEqual([negatives[0]?.id, negatives[1]?.id, other.id].sort());

    // Time passes: the minute sweep moves the young one into the overdue negative band, above the others (more followers).
    expect(await flipOverdue(api.store.db, new Date(Date.now() + 11 * 60_000))).toBeGreaterThanOrEqual(1);
    const later = json<{ items: Item[] }>(await call("GET", "/inbox?sort=priority&limit=1"));
    expect(later.items[0]?.id).toBe(young?.id);
    // Answering takes an item out of the overdue bands at once.
    const resolved = await call("PATCH", `/inbox/${young?.id}`, { status: "resolved" });
    expect(json<Item>(resolved).overdue).toBe(false);
    expect((await list("&overdue=true")).items.map((i) => i.id)).not.toContain(young?.id);

    // Working hours: a comment is due after SLA minutes of working time.
    const hours = await call("PUT", `/brands/${t.brandId}/settings`, { ...settings, responseSlaMinutes: 60, workingHours: { days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" } });
    expect(hours.statusCode, hours.body).toBe(200);
    const bad = await call("PUT", `/brands/${t.brandId}/settings`, { ...settings, workingHours: { days: [1], start: "18:00", end: "09:00" } });
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(bad).errors[0]?.path).toBe("workingHours.end");
  });

  it("reports first response and resolution times, per member", async () => {
    const res = await call("GET", `/inbox/report?brandId=${t.brandId}&from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z`);
    expect(res.statusCode, res.body).toBe(200);
    const report = json<{ firstResponse: { median: number | null; count: number }; resolution: { count: number }; byMember: { userId: string; replies: number; medianFirstResponseMinutes: number | null }[] }>(res);
    expect(report.firstResponse.count).toBe(1);
    // Two resolved: one in the assignment test, one in the priority test.
    expect(report.resolution.count).toBe(2);
    expect(report.byMember).toMatchObject([{ userId: t.ownerId, replies: 1 }]);
    expect((await call("GET", "/inbox/report?from=yesterday")).statusCode).toBe(400);
  });

  it("streams new items as server-sent events until the client goes away", async () => {
    const address = await api.app.listen({ port: 0, host: "127.0.0.1" });
    const abort = new AbortController();
    const res = await fetch(`${address}${w()}/inbox/stream`, { headers: { cookie: t.owner }, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const id = newId();
    const now = new Date().toISOString();
    await api.store.db
      .insertInto("inbox_items")
      .values({ id, workspace_id: t.workspaceId, brand_id: t.brandId, channel_id: channels[0]?.id as string, publication_id: null, kind: "comment", external_id: `live-${id}`, parent_external_id: null, author_name: "Live", author_handle: "live", author_followers: 1, text: "Is it open now?", lang: "en", sentiment: "neutral", sentiment_score: 0, status: "new", assignee_id: null, occurred_at: now, ingested_at: now })
      .execute();
    let text = "";
    const until = Date.now() + 10_000;
    while (!text.includes("event: item") && Date.now() < until) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain(`id: ${id}`);
    const data = text.split("\n").find((l) => l.startsWith("data: ")) as string;
    expect(JSON.parse(data.slice(6))).toMatchObject({ id, text: "Is it open now?", author: { handle: "live" } });
    abort.abort();
    await reader.cancel().catch(() => undefined);
    const denied = await fetch(`${address}/api/workspaces/${crypto.randomUUID()}/inbox/stream`, { headers: { cookie: t.owner } });
    expect(denied.status).toBe(404);
  });
});

