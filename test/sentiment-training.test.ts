/**
 * A workspace's sentiment model end to end on a real store: corrections → training → text_models
 * → the classifier the inbox uses, and the job that schedules re-training.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { maybeScheduleTraining, registerTraining, trainKind } from "../src/jobs/train-model.job.js";
import { type JobHandler, type JobQueue, NonRetryableError } from "../src/jobs/queue.js";
import { workspaceClassifier } from "../src/services/analysis/classifier.js";
import { type Analyzer, createAnalyzer } from "../src/services/analysis/index.js";
import { heldOutSlice, isHeldOut, minHeldOut, trainWorkspaceModel, workspaceExamples } from "../src/services/analysis/training.js";
import { newId } from "../src/store/ids.js";
import type { Sentiment } from "../src/store/schema.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

const topics = ["the new update", "this bank app", "the courier service", "your new tariff", "the season finale", "the checkout page", "the loyalty card", "the night shift crew", "this pizza place", "the new store layout", "the mobile game", "the city portal"];
/** Slang the lexicon baseline mostly reads as neutral (or worse, the other way). */
const slang: Record<Sentiment, string[]> = {
  positive: ["absolutely slaps", "is bussin fr", "is goated", "hits different", "is a massive W", "is elite tbh"],
  negative: ["is mid", "is a huge L", "is pure dogwater", "is so sus", "ain't it chief", "is giving scam vibes"],
  neutral: ["drops on friday?", "- anyone tried it yet?", "is live now, link in bio", "moves to the second floor", "got a new logo", "is on page 3 of the flyer"],
};
const slangExamples = (Object.entries(slang) as [Sentiment, string[]][]).flatMap(([label, xs]) => topics.flatMap((t) => xs.map((x) => ({ text: `${t} ${x}`, label }))));

/** Records what is enqueued and registered; runs nothing by itself. */
function recordingQueue() {
  const enqueued: { kind: string; payload: unknown; key: string | undefined }[] = [];
  const handlers = new Map<string, JobHandler<unknown>>();
  const queue = {
    backend: "embedded",
    enqueue: async (kind: string, payload: unknown, opts?: { key?: string }) => {
      const live = enqueued.some((e) => e.kind === kind && e.key !== undefined && e.key === opts?.key);
      if (!live) enqueued.push({ kind, payload, key: opts?.key });
      return { id: newId(), created: !live };
    },
    work: (kind: string, handler: JobHandler<unknown>) => handlers.set(kind, handler),
  } as unknown as JobQueue;
  const run = (kind: string, payload: unknown) => handlers.get(kind)!(payload, { id: "1", kind, attempt: 1, signal: new AbortController().signal });
  return { queue, enqueued, run };
}

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer();
}, 30_000);

describe.each(dialects)("workspace sentiment model on %s", (dialect) => {
  let store: TestStore;
  let ws: string;
  let clock = Date.parse("2026-03-01T10:00:00Z");
  const tick = () => {
    clock += 1_000;
    return new Date(clock).toISOString();
  };

  async function correct(rows: { text: string; label: Sentiment }[], workspaceId = ws) {
    const values = rows.map((r) => {
      const a = analyzer.analyze(r.text);
      return { id: newId(), workspace_id: workspaceId, item_id: null, text: r.text, lang: a.lang, from_label: a.sentiment, to_label: r.label, by: "test", created_at: tick() };
    });
    for (let i = 0; i < values.length; i += 200) await store.db.insertInto("sentiment_corrections").values(values.slice(i, i + 200)).execute();
  }

  beforeEach(async () => {
    store = await createTestStore(dialect);
    ws = newId();
    await store.db.insertInto("workspaces").values({ id: ws, name: "Slang Co", created_at: tick() }).execute();
  });
  afterEach(async () => store.cleanup());

  it("learns the slang the baseline gets wrong and becomes active only because it beats it", async () => {
    await correct(slangExamples);
    const result = await trainWorkspaceModel(store.db, ws, { analyzer, now: new Date(tick()) });
    expect(result.metrics.heldOut).toBeGreaterThanOrEqual(minHeldOut);
    expect(result.metrics.model.macroF1).toBeGreaterThan(result.metrics.baseline.macroF1);
    expect(result.active).toBe(true);

    const row = await store.db.selectFrom("text_models").selectAll().where("workspace_id", "=", ws).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ scope: "sentiment", active: 1, examples: result.metrics.trained, trained_at: result.trainedAt });
    expect(JSON.parse(row.metrics)).toMatchObject({
      heldOut: result.metrics.heldOut,
      baseline: { accuracy: expect.any(Number), macroF1: expect.any(Number) },
      model: { accuracy: expect.any(Number), macroF1: result.metrics.model.macroF1 },
    });

    // The inbox's classifier now reads slang through the model, and other languages through the baseline.
    const classifier = await workspaceClassifier(store.db, analyzer, ws);
    expect(classifier.analyze("the parking app is goated")).toMatchObject({ sentiment: "positive", source: "model" });
    expect(classifier.analyze("Ужасный сервис, больше не приду")).toMatchObject({ lang: "ru", source: "baseline" });
  });

  it("stays inactive when the baseline is as good on the held-out slice", async () => {
    // Only texts the baseline already labels right: a model cannot beat 100 %.
    const clear = slangExamples.map((e) => ({ ...e, label: analyzer.analyze(e.text).sentiment }));
    await correct(clear);
    const result = await trainWorkspaceModel(store.db, ws, { analyzer });
    expect(result.metrics.baseline.macroF1).toBe(1);
    expect(result.active).toBe(false);
    const row = await store.db.selectFrom("text_models").select("active").where("workspace_id", "=", ws).executeTakeFirstOrThrow();
    expect(row.active).toBe(0);
    expect((await workspaceClassifier(store.db, analyzer, ws)).model).toBeNull();
  });

  it("keeps the held-out slice stable as corrections grow, and never trains on it", async () => {
    await correct(slangExamples.slice(0, 120));
    const before = (await heldOutSlice(store.db, ws)).map((e) => e.text);
    await correct(slangExamples.slice(120));
    const after = (await heldOutSlice(store.db, ws)).map((e) => e.text);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.every(isHeldOut)).toBe(true);
    const all = await workspaceExamples(store.db, ws);
    const result = await trainWorkspaceModel(store.db, ws, { analyzer });
    expect(result.metrics.heldOut).toBe(after.length);
    expect(result.metrics.trained).toBe(all.length - after.length);
  });

  it("takes the latest correction of a text, and says what is missing when there is too little", async () => {
    await correct([{ text: "This bank app is mid", label: "positive" }]);
    await correct([{ text: "this bank app is  MID", label: "negative" }]);
    expect(await workspaceExamples(store.db, ws)).toEqual([{ text: "this bank app is  MID", label: "negative" }]);
    await expect(trainWorkspaceModel(store.db, ws, { analyzer })).rejects.toThrow(/at least 5 examples of each label/);
  });

  it("caches the workspace's classifier and re-checks the model at most every 30 s", async () => {
    await correct(slangExamples);
    await trainWorkspaceModel(store.db, ws, { analyzer });
    let now = 1_000_000;
    const opts = { now: () => now };
    const first = await workspaceClassifier(store.db, analyzer, ws, opts);
    expect(first.model).not.toBeNull();
    const [a, b] = await Promise.all([workspaceClassifier(store.db, analyzer, ws, opts), workspaceClassifier(store.db, analyzer, ws, opts)]);
    expect(a).toBe(first);
    expect(b).toBe(first);

    await store.db.updateTable("text_models").set({ active: 0 }).where("workspace_id", "=", ws).execute();
    now += 29_000;
    expect(await workspaceClassifier(store.db, analyzer, ws, opts)).toBe(first);
    now += 2_000;
    const later = await workspaceClassifier(store.db, analyzer, ws, opts);
    expect(later.model).toBeNull();
    expect(later.analyze("the new update is goated").source).toBe("baseline");
  });

  it("schedules training after 25 new corrections, once per step, and the job trains", async () => {
    const { queue, enqueued, run } = recordingQueue();
    registerTraining(queue, { db: store.db, analyzer: async () => analyzer, now: () => new Date(tick()) });

    await correct(slangExamples.slice(0, 10).concat(slangExamples.slice(72, 82)));
    expect(await maybeScheduleTraining(queue, store.db, ws)).toBe(false); // no positive yet… and fewer than 25
    await correct(slangExamples.slice(100, 110).concat(slangExamples.slice(150, 170)));
    expect(await maybeScheduleTraining(queue, store.db, ws)).toBe(true);
    expect(await maybeScheduleTraining(queue, store.db, ws)).toBe(false); // same step: the same job
    expect(enqueued).toEqual([{ kind: trainKind, payload: { workspaceId: ws }, key: `${ws}:2` }]);

    await correct(slangExamples.slice(20, 72).concat(slangExamples.slice(82, 100), slangExamples.slice(110, 150), slangExamples.slice(170)));
    await run(trainKind, { workspaceId: ws });
    const row = await store.db.selectFrom("text_models").select(["trained_at", "active"]).where("workspace_id", "=", ws).executeTakeFirstOrThrow();
    expect(row.active).toBe(1);
    expect(await maybeScheduleTraining(queue, store.db, ws)).toBe(false); // nothing new since training

    const other = newId();
    await store.db.insertInto("workspaces").values({ id: other, name: "Few", created_at: tick() }).execute();
    await correct(
      slangExamples.filter((e) => e.label !== "positive").slice(0, 30).concat(slangExamples.filter((e) => e.label === "positive" && !isHeldOut(e.text)).slice(0, 4)),
      other,
    );
    await expect(run(trainKind, { workspaceId: other })).rejects.toBeInstanceOf(NonRetryableError);
  });
});
