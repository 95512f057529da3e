/**
 * The inbox for a member limited to some brands, on SQLite and PostgreSQL: the list (with its
 * filters and search), counts, the live stream, the response-time report, the author card, saved
 * replies and views, refresh and bulk actions see and touch their brands only, and an item is
 * assigned only to someone who works with its brand. Each case checks that the owner, who sees
 * every brand, does get the other brand's data, so a filter that drops everything would fail.
 */
import type { LightMyRequestResponse as Response } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/services/access.js";
import { authorCard } from "../src/services/inbox/authors.service.js";
import { bulkUpdateInbox } from "../src/services/inbox/inbox-bulk.service.js";
import { getInboxItem, inboxItemsAfter } from "../src/services/inbox/inbox.service.js";
import { createSavedReply } from "../src/services/inbox/saved-replies.service.js";
import { createSavedView } from "../src/services/inbox/saved-views.service.js";
import { newId } from "../src/store/ids.js";
import { addMember, createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

type Member = Awaited<ReturnType<typeof addMember>>;
type Problem = { code: string; detail: string; errors?: { path: string; message: string }[] };
type Page = { items: { id: string; brandId: string }[] };

describe.each(dialects)("inbox of a member limited to some brands (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let brandA: string;
  let brandB: string;
  let channelA: string;
  let channelB: string;
  /** A moderator who works with brand A only, and one with brand B only. */
  let modA: Member;
  let modB: Member;
  /** Brand A: one item by "shared_author"; brand B: one by "shared_author" and one by "b_only". */
  let itemA: string;
  let itemB: string;
  let itemB2: string;
  const w = () => `/api/workspaces/${t.workspaceId}`;
  const call = async (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object, cookie = t.owner) =>
    api.app.inject({ method, url: `${w()}${url}`, payload, headers: { cookie } });
  const ids = (res: Response) => json<Page>(res).items.map((i) => i.id);

  async function item(brandId: string, channelId: string, over: { handle?: string; text?: string; firstResponseAt?: string } = {}) {
    const id = newId();
    const at = new Date(Date.now() - 3_600_000).toISOString();
    await api.store.db
      .insertInto("inbox_items")
      .values({
        id,
        workspace_id: t.workspaceId,
        brand_id: brandId,
        channel_id: channelId,
        publication_id: null,
        kind: "comment",
        external_id: `c-${id}`,
        parent_external_id: null,
        author_name: "Someone",
        author_handle: over.handle ?? "shared_author",
        author_followers: 10,
        text: over.text ?? "Cold coffee again",
        lang: "en",
        sentiment: "negative",
        sentiment_score: -0.8,
        status: "new",
        assignee_id: null,
        occurred_at: at,
        ingested_at: at,
        first_response_at: over.firstResponseAt ?? null,
      })
      .execute();
    return id;
  }

  async function limitTo(m: Member, brandIds: string[]) {
    await api.store.db.updateTable("memberships").set({ brand_ids: JSON.stringify(brandIds) }).where("workspace_id", "=", t.workspaceId).where("user_id", "=", m.userId).execute();
  }

  beforeAll(async () => {
    api = await createTestApi(dialect);
    t = await createTenant(api);
    brandA = t.brandId;
    const b = await call("POST", "/brands", { name: "Brand B", timezone: "UTC", locale: "en" });
    expect(b.statusCode, b.body).toBe(201);
    brandB = json<{ id: string }>(b).id;
    const channel = async (brandId: string, handle: string) => {
      const res = await call("POST", "/channels", { brandId, network: "sandbox", fields: { handle } });
      expect(res.statusCode, res.body).toBe(201);
      return json<{ id: string }>(res).id;
    };
    channelA = await channel(brandA, "scope_a");
    channelB = await channel(brandB, "scope_b");
    const answered = new Date(Date.now() - 1_800_000).toISOString();
    itemA = await item(brandA, channelA, { text: "alpha latte", firstResponseAt: answered });
    itemB = await item(brandB, channelB, { text: "beta latte", firstResponseAt: answered });
    itemB2 = await item(brandB, channelB, { handle: "b_only", text: "beta espresso" });
    modA = await addMember(api, t.workspaceId, "moderator");
    modB = await addMember(api, t.workspaceId, "moderator");
    await limitTo(modA, [brandA]);
    await limitTo(modB, [brandB]);
  });
  afterAll(async () => api?.close());

  it("lists, filters and searches only the member's brands", async () => {
    expect(ids(await call("GET", "/inbox")).sort()).toEqual([itemA, itemB, itemB2].sort());
    expect(ids(await call("GET", "/inbox", undefined, modA.cookie))).toEqual([itemA]);
    expect(ids(await call("GET", "/inbox", undefined, modB.cookie)).sort()).toEqual([itemB, itemB2].sort());
    for (const query of ["q=latte", "sort=priority", "sentiment=negative", "status=new", "assignee=none", "kind=comment"]) {
      expect(ids(await call("GET", `/inbox?${query}`)), query).toContain(itemB);
      expect(ids(await call("GET", `/inbox?${query}`, undefined, modA.cookie)), query).toEqual([itemA]);
    }
    // A search matching only the other brand's items finds nothing for them.
    expect(ids(await call("GET", "/inbox?q=beta"))).toHaveLength(2);
    expect(ids(await call("GET", "/inbox?q=beta", undefined, modA.cookie))).toEqual([]);
  });

  it("counts only the member's brands", async () => {
    const owner = json<{ new: number; negativeOpen: number; unassigned: number }>(await call("GET", "/inbox/counts"));
    expect(owner).toMatchObject({ new: 3, negativeOpen: 3, unassigned: 3 });
    const limited = await call("GET", "/inbox/counts", undefined, modA.cookie);
    expect(limited.statusCode, limited.body).toBe(200);
    expect(json(limited)).toMatchObject({ new: 1, negativeOpen: 1, unassigned: 1 });
  });

  it("reports response times of the member's brands only, per member too", async () => {
    const sentAt = new Date(Date.now() - 1_800_000).toISOString();
    await api.store.db
      .insertInto("inbox_replies")
      .values({ id: newId(), workspace_id: t.workspaceId, item_id: itemB, author_id: modB.userId, text: "Sorry!", status: "sent", external_id: null, error: null, created_at: sentAt, sent_at: sentAt })
      .execute();
    const range = "from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z";
    type Report = { firstResponse: { count: number }; byMember: { userId: string }[] };
    const owner = json<Report>(await call("GET", `/inbox/report?${range}`));
    expect(owner.firstResponse.count).toBe(2);
    expect(owner.byMember.map((m) => m.userId)).toEqual([modB.userId]);
    const limited = await call("GET", `/inbox/report?${range}`, undefined, modA.cookie);
    expect(limited.statusCode, limited.body).toBe(200);
    expect(json<Report>(limited).firstResponse.count).toBe(1);
    expect(json<Report>(limited).byMember).toEqual([]);
  });

  it("shows an author's items, counts and channels of the member's brands only", async () => {
    type Card = { total: number; items: { id: string }[]; channels: { id: string }[] };
    const owner = json<Card>(await call("GET", "/inbox/authors?network=sandbox&handle=shared_author"));
    expect(owner.total).toBe(2);
    expect(owner.channels.map((c) => c.id).sort()).toEqual([channelA, channelB].sort());
    const res = await call("GET", "/inbox/authors?network=sandbox&handle=shared_author", undefined, modA.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const limited = json<Card>(res);
    expect(limited.total).toBe(1);
    expect(limited.items.map((i) => i.id)).toEqual([itemA]);
    expect(limited.channels.map((c) => c.id)).toEqual([channelA]);
    // An author who wrote only to the other brand does not exist for them.
    expect((await call("GET", "/inbox/authors?network=sandbox&handle=b_only")).statusCode).toBe(200);
    expect((await call("GET", "/inbox/authors?network=sandbox&handle=b_only", undefined, modA.cookie)).statusCode).toBe(404);
    // Nor is the author of another brand's item looked up for them (the service on its own, below the route's check).
    await expect(authorCard(api.publishing, { userId: modA.userId }, t.workspaceId, { itemId: itemB })).rejects.toMatchObject({ code: "not_found" });
    await expect(authorCard(api.publishing, { userId: t.ownerId }, t.workspaceId, { itemId: itemB })).resolves.toMatchObject({ total: 2 });
  });

  it("lists saved replies and views of the member's brands and the workspace-wide ones", async () => {
    for (const [brandId, title] of [[brandA, "Reply A"], [brandB, "Reply B"], [null, "Reply all"]] as const) {
      const res = await call("POST", "/inbox/saved-replies", { brandId, title, text: "Thanks, {author}!" });
      expect(res.statusCode, res.body).toBe(201);
    }
    const titles = async (cookie: string) => json<{ items: { title: string }[] }>(await call("GET", "/inbox/saved-replies", undefined, cookie)).items.map((r) => r.title).sort();
    expect(await titles(t.owner)).toEqual(["Reply A", "Reply B", "Reply all"]);
    expect(await titles(modA.cookie)).toEqual(["Reply A", "Reply all"]);

    for (const [brandId, name] of [[brandA, "View A"], [brandB, "View B"], [undefined, "View all"]] as const) {
      const res = await call("POST", "/inbox/views", { name, shared: true, filters: { ...(brandId ? { brandId } : {}), status: "new" } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const names = async (cookie: string) => json<{ items: { name: string }[] }>(await call("GET", "/inbox/views", undefined, cookie)).items.map((v) => v.name).sort();
    expect(await names(t.owner)).toEqual(["View A", "View B", "View all"]);
    expect(await names(modA.cookie)).toEqual(["View A", "View all"]);

    // What they create is their brand's: a reply or a shared view without a brand would reach every brand.
    expect((await call("POST", "/inbox/saved-replies", { title: "Mine for all", text: "Hi" }, modA.cookie)).statusCode).toBe(403);
    expect((await call("POST", "/inbox/views", { name: "Shared for all", shared: true, filters: { status: "new" } }, modA.cookie)).statusCode).toBe(403);
    expect((await call("POST", "/inbox/views", { name: "Personal", filters: { status: "new" } }, modA.cookie)).statusCode).toBe(201);
    expect((await call("POST", "/inbox/saved-replies", { brandId: brandA, title: "Mine for A", text: "Hi" }, modA.cookie)).statusCode).toBe(201);
    // The services refuse it on their own too, below the route's brand check.
    const actor: Actor = { userId: modA.userId };
    await expect(createSavedReply(api.publishing, actor, t.workspaceId, { title: "Sneaky", text: "Hi" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createSavedView(api.publishing, actor, t.workspaceId, { name: "Sneaky", shared: true, filters: {} })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createSavedReply(api.publishing, { userId: t.ownerId }, t.workspaceId, { title: "Owner's", text: "Hi" })).resolves.toMatchObject({ brandId: null });
  });

  it("refreshes only the member's brands' channels", async () => {
    const owner = await call("POST", "/inbox/refresh", {});
    expect(owner.statusCode, owner.body).toBe(202);
    expect(json(owner)).toEqual({ channels: 2 });
    const limited = await call("POST", "/inbox/refresh", {}, modA.cookie);
    expect(limited.statusCode, limited.body).toBe(202);
    expect(json(limited)).toEqual({ channels: 1 });
  });

  it("touches no item of another brand in bulk, even when the route lets the ids through", async () => {
    const tagsOf = async (id: string) => (await api.store.db.selectFrom("inbox_items").select("tags").where("id", "=", id).executeTakeFirstOrThrow()).tags;
    const actor: Actor = { userId: modA.userId };
    // The service on its own, below the route's brand check.
    await expect(bulkUpdateInbox(api.publishing, actor, t.workspaceId, { itemIds: [itemA, itemB], action: "tag", tag: "vip" })).rejects.toMatchObject({ code: "not_found" });
    expect(await tagsOf(itemA)).toBe("[]");
    expect(await tagsOf(itemB)).toBe("[]");
    // Through the API.
    expect((await call("POST", "/inbox/bulk", { itemIds: [itemB], action: "tag", tag: "vip" }, modA.cookie)).statusCode).toBe(404);
    expect(await tagsOf(itemB)).toBe("[]");
    const ok = await call("POST", "/inbox/bulk", { itemIds: [itemA], action: "tag", tag: "vip" }, modA.cookie);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ changed: 1 });
    expect(await tagsOf(itemA)).toBe('["vip"]');
    // The owner's bulk action does reach brand B.
    expect((await call("POST", "/inbox/bulk", { itemIds: [itemA, itemB], action: "tag", tag: "seen" })).statusCode).toBe(200);
    expect(await tagsOf(itemB)).toBe('["seen"]');
  });

  it("does not open another brand's item, should a route miss the brand check", async () => {
    const actor: Actor = { userId: modA.userId };
    await expect(getInboxItem(api.publishing, actor, t.workspaceId, itemB)).rejects.toMatchObject({ code: "not_found" });
    await expect(getInboxItem(api.publishing, actor, t.workspaceId, itemA)).resolves.toMatchObject({ id: itemA });
    await expect(getInboxItem(api.publishing, { userId: t.ownerId }, t.workspaceId, itemB)).resolves.toMatchObject({ id: itemB });
  });

  it("assigns an item only to someone who works with its brand", async () => {
    const refused = await call("PATCH", `/inbox/${itemA}`, { assigneeId: modB.userId });
    expect(refused.statusCode, refused.body).toBe(400);
    const problem = json<Problem>(refused);
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors).toEqual([{ path: "assigneeId", message: expect.stringMatching(/does not work with this brand/) }]);
    expect((await api.store.db.selectFrom("inbox_items").select("assignee_id").where("id", "=", itemA).executeTakeFirstOrThrow()).assignee_id).toBeNull();

    const bulk = await call("POST", "/inbox/bulk", { itemIds: [itemA, itemB], action: "assign", assigneeId: modB.userId });
    expect(bulk.statusCode, bulk.body).toBe(400);
    expect(json<Problem>(bulk).errors?.[0]?.path).toBe("assigneeId");
    expect((await api.store.db.selectFrom("inbox_items").select("assignee_id").where("id", "=", itemB).executeTakeFirstOrThrow()).assignee_id).toBeNull();

    // Their own brand's items, and the owner (every brand), are fine.
    expect((await call("PATCH", `/inbox/${itemA}`, { assigneeId: modA.userId })).statusCode).toBe(200);
    expect((await call("POST", "/inbox/bulk", { itemIds: [itemB, itemB2], action: "assign", assigneeId: modB.userId })).statusCode).toBe(200);
    expect((await call("PATCH", `/inbox/${itemB}`, { assigneeId: t.ownerId })).statusCode).toBe(200);
  });

  it("streams only the member's brands' new items", async () => {
    // The function each stream polls.
    const newSince = async (userId: string) => (await inboxItemsAfter(api.publishing, { userId }, t.workspaceId, { afterId: "00000000-0000-0000-0000-000000000000" })).items.map((i) => i.id);
    expect(await newSince(modA.userId)).toEqual([itemA]);
    expect((await newSince(t.ownerId)).sort()).toEqual([itemA, itemB, itemB2].sort());

    // And the stream itself: a brand B item arrives before a brand A one; the limited member gets only the latter.
    const address = await api.app.listen({ port: 0, host: "127.0.0.1" });
    const abort = new AbortController();
    const open = async (cookie: string) => {
      const res = await fetch(`${address}${w()}/inbox/stream`, { headers: { cookie }, signal: abort.signal });
      expect(res.status).toBe(200);
      return (res.body as ReadableStream<Uint8Array>).getReader();
    };
    const [limited, owner] = [await open(modA.cookie), await open(t.owner)];
    const liveB = await item(brandB, channelB, { text: "live beta" });
    const liveA = await item(brandA, channelA, { text: "live alpha" });
    const readUntil = async (reader: ReadableStreamDefaultReader<Uint8Array>, id: string) => {
      let text = "";
      const until = Date.now() + 10_000;
      while (!text.includes(`id: ${id}`) && Date.now() < until) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      return text;
    };
    try {
      const seenByLimited = await readUntil(limited, liveA);
      expect(seenByLimited).toContain(`id: ${liveA}`);
      expect(seenByLimited).not.toContain(liveB);
      const seenByOwner = await readUntil(owner, liveA);
      expect(seenByOwner).toContain(`id: ${liveB}`);
      expect(seenByOwner).toContain(`id: ${liveA}`);
    } finally {
      abort.abort();
      await limited.cancel().catch(() => undefined);
      await owner.cancel().catch(() => undefined);
    }
  });
});
