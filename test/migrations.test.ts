/**
 * Upgrading a database that already has an inbox: migration 007 gives the items there their due
 * time and work-queue rank (as ingestion now does), and 009 indexes their text for search. Upgrading
 * one that already has mentions: 011 leaves their days to the sweep, which computes their rollups.
 */
import { afterAll, describe, expect, it } from "vitest";
import { inboxSearch } from "../src/services/inbox/search.js";
import { newId } from "../src/store/ids.js";
import { migrateToLatest } from "../src/store/migrate.js";
import { computeRollups } from "../src/services/listening/rollups.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

const stores: TestStore[] = [];
afterAll(async () => {
  for (const s of stores) await s.cleanup();
});

describe.each(dialects)("upgrading an inbox (%s)", (dialect) => {
  it("gives existing items their due time and rank, and makes them searchable", async () => {
    const store = await createTestStore(dialect, { upTo: "006-inbox" });
    stores.push(store);
    const db = store.db;
    const now = new Date().toISOString();
    const ws = newId();
    const brand = newId();
    const channel = newId();
    await db.insertInto("workspaces").values({ id: ws, name: "Old", created_at: now }).execute();
    await db.insertInto("brands").values({ id: brand, workspace_id: ws, name: "Old brand", timezone: "Europe/Moscow", locale: "ru", settings: JSON.stringify({ responseSlaMinutes: 30 }), created_at: now }).execute();
    await db
      .insertInto("channels")
      .values({ id: channel, workspace_id: ws, brand_id: brand, network: "sandbox", name: "old", handle: "old", external_id: "sandbox:old", status: "active", credentials_enc: null, settings: "{}", last_error: null, last_success_at: null, last_failure_at: null, connected_by: null, created_at: now, updated_at: now })
      .execute();
    const item = (id: string, over: Record<string, unknown>) => ({
      id,
      workspace_id: ws,
      brand_id: brand,
      channel_id: channel,
      publication_id: null,
      kind: "comment",
      external_id: `c-${id}`,
      parent_external_id: null,
      author_name: "Ирина",
      author_handle: "irina",
      author_followers: 1200,
      text: "Кофе остыл, обслуживание ужасное",
      lang: "ru",
      sentiment: "negative",
      sentiment_score: -0.8,
      status: "new",
      assignee_id: null,
      occurred_at: "2026-01-10T10:00:00.000Z",
      ingested_at: now,
      ...over,
    });
    const [late, answered, fresh] = [newId(), newId(), newId()];
    const future = new Date(Date.now() + 3_600_000).toISOString();
    // biome-ignore lint/suspicious/noExplicitAny: rows of the schema as it was at 006
    await (db as any).insertInto("inbox_items").values([item(late, {}), item(answered, { first_response_at: "2026-01-10T10:05:00.000Z", status: "waiting" }), item(fresh, { occurred_at: future, sentiment: "neutral", text: "Когда откроетесь?" })]).execute();

    await migrateToLatest(store);
    const rows = await db.selectFrom("inbox_items").select(["id", "due_at", "rank", "sla_pending_at"]).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(late)).toMatchObject({ due_at: "2026-01-10T10:30:00.000Z", sla_pending_at: null });
    expect(Number(byId.get(late)?.rank)).toBe(2 * 10_000_000_000 + 1200);
    expect(Number(byId.get(answered)?.rank)).toBe(1200);
    expect(byId.get(fresh)?.sla_pending_at).toBe(new Date(Date.parse(future) + 30 * 60_000).toISOString());
    const found = await db.selectFrom("inbox_items as i").select("i.id").where(await inboxSearch(db, ws, "обслуживание")).execute();
    expect(found.map((r) => r.id).sort()).toEqual([late, answered].sort());
  });
});

describe.each(dialects)("upgrading listening (%s)", (dialect) => {
  it("leaves the days of mentions stored before the rollups to be computed, and computes them", async () => {
    const store = await createTestStore(dialect, { upTo: "010-listening" });
    stores.push(store);
    const db = store.db;
    const now = new Date().toISOString();
    const ws = newId();
    const brand = newId();
    await db.insertInto("workspaces").values({ id: ws, name: "Old", created_at: now }).execute();
    await db.insertInto("brands").values({ id: brand, workspace_id: ws, name: "Old brand", timezone: "Europe/Moscow", locale: "ru", settings: "{}", created_at: now }).execute();
    const mention = (day: string, sentiment: "negative" | "neutral") => {
      const id = newId();
      return { id, workspace_id: ws, brand_id: brand, source_id: null, network: "sandbox", external_id: id, url: null, author_name: "Anna", author_handle: "anna", author_followers: 10, text: "North coffee was cold", title: null, lang: "en", sentiment, sentiment_score: -0.6, sentiment_confidence: 0.7, fingerprint: id, duplicate_of: null, published_at: `${day}T10:00:00.000Z`, collected_at: now };
    };
    await db.insertInto("mentions").values([mention("2026-03-01", "negative"), mention("2026-03-01", "neutral"), mention("2026-03-04", "negative")]).execute();

    await migrateToLatest(store);
    const days = await db.selectFrom("listening_days").select(["day", "touched", "computed"]).where("brand_id", "=", brand).orderBy("day").execute();
    expect(days).toEqual([
      { day: "2026-03-01", touched: 1, computed: 0 },
      { day: "2026-03-04", touched: 1, computed: 0 },
    ]);
    expect(await computeRollups(db, new Date("2026-03-10T00:00:00.000Z"))).toBe(2);
    const hours = await db.selectFrom("mention_hours").select(["hour", "sentiment", "mentions"]).where("brand_id", "=", brand).orderBy("hour").orderBy("sentiment").execute();
    expect(hours.map((h) => ({ ...h, mentions: Number(h.mentions) }))).toEqual([
      { hour: "2026-03-01T10", sentiment: "negative", mentions: 1 },
      { hour: "2026-03-01T10", sentiment: "neutral", mentions: 1 },
      { hour: "2026-03-04T10", sentiment: "negative", mentions: 1 },
    ]);
  });
});
