/**
 * "Mark as irrelevant — and learn": the team sets aside the weather posts a brand query catches
 * ("северный ветер"), the brand's relevance model learns from the marks, and new noise is set aside
 * by the model while new posts about the brand stay in the feed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalyzer } from "../src/services/analysis/index.js";
import { storeMentions } from "../src/services/listening/ingest.js";
import { relevanceJudge, trainRelevance } from "../src/services/listening/relevance.js";
import { createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

const streets = ["Невском", "Литейном", "Садовой", "Гороховой", "Лиговском", "Малой Морской", "Рубинштейна", "Васильевском", "Петроградке", "Московском"];
const drinks = ["раф", "флэт уайт", "капучино", "латте", "эспрессо", "какао"];
const coffee = (i: number) => `В «Северный кофе» на ${streets[i % streets.length]} ${drinks[i % drinks.length]} за ${150 + i * 10} ₽, бариста ${i % 2 ? "приветливые" : "быстрые"}`;
const weather = (i: number) => `Северный ветер ${5 + (i % 9)} м/с, на ${streets[i % streets.length]} гололёд и ${i % 2 ? "мокрый снег" : "метель"} до вечера`;

describe.each(dialects)("relevance learning (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;

  beforeAll(async () => {
    api = await createTestApi(dialect);
    t = await createTenant(api);
  });
  afterAll(async () => api?.close());

  it("learns from irrelevant marks and sets new noise aside", async () => {
    const rows = [...Array.from({ length: 40 }, (_, i) => coffee(i)), ...Array.from({ length: 24 }, (_, i) => weather(i))];
    const csv = ["text,published_at", ...rows.map((r, i) => `"${r}",2026-11-${String(1 + (i % 9)).padStart(2, "0")}T10:00:00Z`)].join("\n");
    const imported = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/listening/import`, headers: { cookie: t.owner }, payload: { brandId: t.brandId, format: "csv", content: csv } });
    expect(json(imported)).toMatchObject({ added: 64 });

    const all = await api.store.db.selectFrom("mentions").select(["id", "text"]).where("brand_id", "=", t.brandId).execute();
    const noise = all.filter((m) => m.text.startsWith("Северный ветер")).map((m) => m.id);
    const marked = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/listening/mentions/bulk`, headers: { cookie: t.owner }, payload: { ids: noise, irrelevant: true } });
    expect(marked.statusCode).toBe(200);
    // The marks queue a training of the brand's model.
    const queued = await api.store.db.selectFrom("jobs").select("payload").where("kind", "=", "listening.relevance").execute();
    expect(queued.map((j) => JSON.parse(j.payload) as { brandId: string })).toEqual([expect.objectContaining({ brandId: t.brandId })]);

    // Trained as the job would, a few days on (unmarked mentions older than three days count as relevant).
    const analyzer = await createAnalyzer();
    const outcome = await trainRelevance(api.store.db, analyzer, t.workspaceId, t.brandId, new Date(Date.now() + 4 * 86_400_000));
    expect(outcome).not.toBeNull();
    expect(outcome?.metrics.precision).toBeGreaterThanOrEqual(0.9);
    expect(outcome?.active).toBe(true);

    const setAside = await relevanceJudge(api.store.db, analyzer, t.workspaceId, t.brandId);
    expect(setAside).not.toBeNull();
    const now = new Date();
    const fresh = [
      { id: "new-weather", text: "Северный ветер усилится к ночи, на Садовой метель и гололёд" },
      { id: "new-coffee", text: "Зашла в «Северный кофе» на Невском: латте отличный, бариста быстрые" },
    ].map((p) => ({ externalId: p.id, url: null, authorName: "A", authorHandle: "a", authorFollowers: 10, text: p.text, occurredAt: now.toISOString() }));
    await storeMentions(api.store.db, { workspaceId: t.workspaceId, brandId: t.brandId, sourceId: null, network: "sandbox" }, fresh, [], analyzer.analyze, { now, keepUnmatched: true, setAside });
    const stored = await api.store.db.selectFrom("mentions").select(["external_id", "irrelevant"]).where("network", "=", "sandbox").where("brand_id", "=", t.brandId).orderBy("external_id").execute();
    expect(stored).toEqual([
      { external_id: "new-coffee", irrelevant: 0 },
      { external_id: "new-weather", irrelevant: 2 },
    ]);
  });
});
