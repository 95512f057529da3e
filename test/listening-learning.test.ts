/**
 * "Sentiment that is measured": on the demo, the team labels 200 of the brand's mentions (setting
 * the label a person would — the Sandbox knows each post's truth), and the workspace model trained
 * on those labels beats the lexicon baseline on the team's held-out slice, takes over, and is then
 * what new mentions are classified with.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatterBetween, searchDays } from "../src/connectors/sandbox/chatter.js";
import { workspaceClassifier } from "../src/services/analysis/classifier.js";
import { createAnalyzer } from "../src/services/analysis/index.js";
import { trainWorkspaceModel } from "../src/services/analysis/training.js";
import { createDemo } from "../src/services/demo.service.js";
import { createSecrets } from "../src/services/secrets.js";
import { createTestApi, json, signIn, type TestApi } from "./support/app.js";

describe("the team's corrections teach the workspace's sentiment model (demo, sqlite)", () => {
  let api: TestApi;
  // A fixed clock: the simulated chatter is seeded per hour, so every run labels the same posts.
  const now = new Date("2026-11-20T15:00:00.000Z");

  beforeAll(async () => {
    api = await createTestApi("sqlite");
  });
  afterAll(async () => api?.close());

  it("200 labels: the model beats the baseline on the held-out slice and takes over", async () => {
    const demo = await createDemo(api.store, { secrets: createSecrets(Buffer.alloc(32, 7)), password: "demo password 1", now });
    const cookie = await signIn(api.app, demo.email, "demo password 1");
    const truth = new Map(chatterBetween(new Date(now.getTime() - searchDays * 86_400_000), now, { incidentAt: new Date(now.getTime() - 3 * 3_600_000) }).map((p) => [p.externalId, p.truth]));
    const mentions = await api.store.db.selectFrom("mentions").select(["id", "external_id", "sentiment"]).where("brand_id", "=", demo.brandId).where("duplicate_of", "is", null).orderBy("published_at", "desc").execute();
    // A reviewer goes through the newest 200 and sets each one's label: most confirm, some correct.
    const reviewed = mentions.filter((m) => truth.has(m.external_id)).slice(0, 200);
    expect(reviewed).toHaveLength(200);
    const wrong = reviewed.filter((m) => truth.get(m.external_id) !== m.sentiment).length;
    expect(wrong).toBeGreaterThan(20);
    for (const label of ["positive", "neutral", "negative"] as const) {
      const ids = reviewed.filter((m) => truth.get(m.external_id) === label).map((m) => m.id);
      const res = await api.app.inject({ method: "POST", url: `/api/workspaces/${demo.workspaceId}/listening/mentions/bulk`, headers: { cookie }, payload: { ids, sentiment: label } });
      expect(res.statusCode).toBe(200);
      expect(json<{ updated: number }>(res).updated).toBe(ids.length);
    }
    const labels = await api.store.db.selectFrom("sentiment_corrections").select("id").where("workspace_id", "=", demo.workspaceId).execute();
    expect(labels).toHaveLength(200);

    const outcome = await trainWorkspaceModel(api.store.db, demo.workspaceId, { now });
    expect(outcome.metrics.heldOut).toBeGreaterThanOrEqual(20);
    expect(outcome.metrics.model.macroF1).toBeGreaterThan(outcome.metrics.baseline.macroF1);
    expect(outcome.active).toBe(true);

    // New mentions of the workspace are now classified by its model where it knows the language.
    const classifier = await workspaceClassifier(api.store.db, await createAnalyzer(), demo.workspaceId);
    expect(classifier.analyze("Северный кофе — просто имба, берите раф").source).toBe("model");
  });
});
