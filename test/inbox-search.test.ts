/**
 * The inbox's full-text search through the API on SQLite (FTS5) and PostgreSQL (tsvector): words
 * in any language and case, as prefixes, all required; the author's name and handle; quoted
 * phrases; whatever the user types never breaks the query; another workspace's items never show;
 * edits and deletions reach the index.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fts5Query, parseSearch, tsQuery } from "../src/services/inbox/search.js";
import { createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

describe("search terms", () => {
  it("keeps words and quoted phrases, drops punctuation-only terms and escapes quotes", () => {
    expect(parseSearch(` Cold  "exact phrase" %% - @anna_k "unclosed`)).toEqual([
      { text: "Cold", phrase: false },
      { text: "exact phrase", phrase: true },
      { text: "@anna_k", phrase: false },
      { text: `"unclosed`, phrase: false },
    ]);
    expect(parseSearch(`"" * () %`)).toEqual([]);
    expect(fts5Query(parseSearch(`say "hi there" a"b`))).toBe(`"say"* "hi there" "a""b"*`);
    expect(tsQuery(parseSearch(`it's "hi there" a\\b`))).toBe(`'it''s':* & 'hi there' & 'a\\\\b':*`);
  });
});

type Item = { id: string; text: string; author: { name: string; handle: string }; occurredAt: string };

describe.each(dialects)("inbox search (%s)", (dialect) => {
  let api: TestApi;
  let a: Tenant;
  let b: Tenant;
  const channelOf = new Map<string, string>();
  let seq = 0;

  /** One inbox item, as ingestion would store it; later items are newer. */
  async function item(t: Tenant, text: string, author: { name: string; handle: string } = { name: "Anna", handle: "anna" }): Promise<string> {
    const id = crypto.randomUUID();
    const at = new Date(Date.UTC(2025, 0, 1, 12, 0, ++seq)).toISOString();
    await api.store.db
      .insertInto("inbox_items")
      .values({ id, workspace_id: t.workspaceId, brand_id: t.brandId, channel_id: channelOf.get(t.workspaceId) as string, publication_id: null, kind: "comment", external_id: `c-${id}`, parent_external_id: null, author_name: author.name, author_handle: author.handle, author_followers: 10, text, lang: null, sentiment: "neutral", sentiment_score: 0, status: "new", assignee_id: null, occurred_at: at, ingested_at: at })
      .execute();
    return id;
  }

  async function search(q: string, t: Tenant = a): Promise<Item[]> {
    const res = await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/inbox?limit=200&q=${encodeURIComponent(q)}`, headers: { cookie: t.owner } });
    expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    return json<{ items: Item[] }>(res).items;
  }
  const texts = async (q: string, t?: Tenant) => (await search(q, t)).map((i) => i.text).sort();

  beforeAll(async () => {
    api = await createTestApi(dialect);
    a = await createTenant(api);
    b = await createTenant(api);
    for (const [t, handle] of [
      [a, "search_a"],
      [b, "search_b"],
    ] as const) {
      const res = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/channels`, headers: { cookie: t.owner }, payload: { brandId: t.brandId, network: "sandbox", fields: { handle, followers: 100 } } });
      expect(res.statusCode, res.body).toBe(201);
      channelOf.set(t.workspaceId, json<{ id: string }>(res).id);
    }
    await item(a, "Cold coffee again");
    await item(a, "The coffee is cold today");
    await item(a, "Great COFFEE, warm welcome", { name: "Boris Petrov", handle: "boris_p" });
    await item(a, "Кофе остыл, очень жаль");
    await item(a, "Лучшая кофейня в городе!");
    await item(a, "Кава була холодна", { name: "Олена", handle: "olena.k" });
    await item(a, "Où est le café? 100% (vraiment) -- \"NEAR\" OR *", { name: "Zoé", handle: "zoe_fr" });
    await item(b, "Secret coffee of the other workspace", { name: "Anna", handle: "anna" });
  });
  afterAll(async () => api?.close());

  it("finds words in any case and script, as prefixes, newest first", async () => {
    expect(await texts("COFFEE")).toEqual(["Cold coffee again", "Great COFFEE, warm welcome", "The coffee is cold today"]);
    expect(await texts("coff")).toEqual(await texts("coffee"));
    expect(await texts("кофе")).toEqual(["Кофе остыл, очень жаль", "Лучшая кофейня в городе!"]);
    expect(await texts("коф")).toEqual(["Кофе остыл, очень жаль", "Лучшая кофейня в городе!"]);
    expect(await texts("КОФЕЙНЯ")).toEqual(["Лучшая кофейня в городе!"]);
    expect(await texts("кава холодн")).toEqual(["Кава була холодна"]);
    expect(await texts("café")).toEqual([expect.stringContaining("café")]);
    // FTS5's unicode61 drops Latin diacritics; PostgreSQL's 'simple' configuration keeps them.
    expect(await texts("cafe")).toEqual(dialect === "sqlite" ? [expect.stringContaining("café")] : []);
    const found = await search("coffee");
    expect(found.map((i) => i.occurredAt)).toEqual(found.map((i) => i.occurredAt).sort().reverse());
  });

  it("requires every word, and a quoted phrase in its order", async () => {
    expect(await texts("cold coffee")).toEqual(["Cold coffee again", "The coffee is cold today"]);
    expect(await texts("coffee today")).toEqual(["The coffee is cold today"]);
    expect(await texts('"cold coffee"')).toEqual(["Cold coffee again"]);
    expect(await texts('"coffee is cold" today')).toEqual(["The coffee is cold today"]);
    expect(await texts("coffee tea")).toEqual([]);
  });

  it("finds the author by name and by handle, with or without the @", async () => {
    expect(await texts("@boris_p")).toEqual(["Great COFFEE, warm welcome"]);
    expect(await texts("boris")).toEqual(["Great COFFEE, warm welcome"]);
    expect(await texts("petrov coffee")).toEqual(["Great COFFEE, warm welcome"]);
    expect(await texts("олена")).toEqual(["Кава була холодна"]);
    expect(await texts("@olena.k")).toEqual(["Кава була холодна"]);
    expect(await texts("@zoe")).toEqual([expect.stringContaining("café")]);
  });

  it("never breaks on what the user types", async () => {
    const odd = [`"`, `'`, `"unclosed`, `''`, "*", "**", "-", "-coffee", "coffee -cold", "%", "%%", "_", "\\", "(coffee", "coffee)", "()", "OR", "coffee OR tea", "AND", "NOT coffee", "NEAR(coffee)", "text:coffee", "{text author_name}: coffee", "^coffee", "coffee*", "a:*", "':* | !", "&", "coffee & !cold", "<->", "100%", "'; drop table inbox_items; --", "☕ кофе", "x".repeat(200)];
    for (const q of odd) await search(q);
    for (const q of [`"`, "*", "%%", "()", "-", "&", "<->", "':* | !"]) expect(await texts(q), q).toEqual([]);
    expect(await texts("-coffee")).toEqual(await texts("coffee"));
    expect(await texts("coffee*")).toEqual(await texts("coffee"));
    expect(await texts("100%")).toEqual([expect.stringContaining("café")]);
    expect(await texts("near or")).toEqual([expect.stringContaining("café")]);
    expect(await texts("(vraiment)")).toEqual([expect.stringContaining("café")]);
  });

  it("never shows another workspace's items", async () => {
    expect(await texts("secret")).toEqual([]);
    expect((await search("coffee")).some((i) => i.text.includes("Secret"))).toBe(false);
    expect(await texts("secret coffee", b)).toEqual(["Secret coffee of the other workspace"]);
  });

  it("follows edits and deletions of the items", async () => {
    const id = await item(a, "Tea was lukewarm", { name: "Ivan", handle: "ivan_tea" });
    expect(await texts("lukewarm")).toEqual(["Tea was lukewarm"]);
    await api.store.db.updateTable("inbox_items").set({ text: "Tea was perfect" }).where("id", "=", id).execute();
    expect(await texts("lukewarm")).toEqual([]);
    expect(await texts("perfect")).toEqual(["Tea was perfect"]);
    await api.store.db.updateTable("inbox_items").set({ author_handle: "ivan_chai", status: "open" }).where("id", "=", id).execute();
    expect(await texts("@ivan_tea")).toEqual([]);
    expect(await texts("@ivan_chai")).toEqual(["Tea was perfect"]);
    // A status change alone leaves the index as it was.
    await api.store.db.updateTable("inbox_items").set({ status: "resolved" }).where("id", "=", id).execute();
    expect(await texts("perfect")).toEqual(["Tea was perfect"]);
    await api.store.db.deleteFrom("inbox_items").where("id", "=", id).execute();
    expect(await texts("perfect")).toEqual([]);
    expect(await texts("coffee")).toHaveLength(3);
  });

  it("stays right when a word is everywhere (thousands of matches, mostly in another workspace)", async () => {
    const c = await createTenant(api);
    const res = await api.app.inject({ method: "POST", url: `/api/workspaces/${c.workspaceId}/channels`, headers: { cookie: c.owner }, payload: { brandId: c.brandId, network: "sandbox", fields: { handle: "search_c", followers: 100 } } });
    channelOf.set(c.workspaceId, json<{ id: string }>(res).id);
    const at = new Date(Date.UTC(2024, 0, 1)).toISOString();
    const rows = Array.from({ length: 5200 }, (_, k) => {
      const id = crypto.randomUUID();
      return { id, workspace_id: c.workspaceId, brand_id: c.brandId, channel_id: channelOf.get(c.workspaceId) as string, publication_id: null, kind: "comment" as const, external_id: `c-${id}`, parent_external_id: null, author_name: "Bulk", author_handle: "bulk", author_followers: 1, text: `Zebra crossing number ${k}`, lang: null, sentiment: "neutral" as const, sentiment_score: 0, status: "new" as const, assignee_id: null, occurred_at: at, ingested_at: at };
    });
    for (let k = 0; k < rows.length; k += 200) await api.store.db.insertInto("inbox_items").values(rows.slice(k, k + 200)).execute();
    await item(a, "A zebra at the door");
    await item(a, "Zebras everywhere");
    const found = await search("zebra");
    expect(found.map((i) => i.text)).toEqual(["Zebras everywhere", "A zebra at the door"]);
    expect(await texts("zebra", b)).toEqual([]);
    expect(await search("zebra", c)).toHaveLength(200);
    expect(await texts("zebra 4242", c)).toEqual(["Zebra crossing number 4242"]);
  });

  it("pages through the results with the cursor", async () => {
    const url = (cursor?: string) => `/api/workspaces/${a.workspaceId}/inbox?limit=2&q=coffee${cursor ? `&cursor=${cursor}` : ""}`;
    const p1 = json<{ items: Item[]; nextCursor: string | null }>(await api.app.inject({ method: "GET", url: url(), headers: { cookie: a.owner } }));
    expect(p1.items).toHaveLength(2);
    const p2 = json<{ items: Item[]; nextCursor: string | null }>(await api.app.inject({ method: "GET", url: url(p1.nextCursor ?? ""), headers: { cookie: a.owner } }));
    expect([...p1.items, ...p2.items].map((i) => i.id)).toEqual((await search("coffee")).map((i) => i.id));
    expect(p2.nextCursor).toBeNull();
  });
});
