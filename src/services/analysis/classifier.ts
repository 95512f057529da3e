/**
 * The one sentiment classifier the inbox and listening call: the workspace's trained model for
 * the languages it supports, when that model is active, and the baseline analyzer for the rest.
 * Every answer says which of the two gave it (`source`), so the UI and the figures can tell.
 *
 * A model answer is mapped onto the baseline's shape: the label, `score` = P(positive) −
 * P(negative) (−1…1 like the lexicon score) and `confidence` = the probability of the label.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.js";
import type { Analyzer, TextAnalysis } from "./index.js";
import { parseModel, predict, type TextModel } from "./model.js";

export type Classification = TextAnalysis & { source: "baseline" | "model" };

export type Classifier = {
  analyze(text: string): Classification;
  analyzeMany(texts: Iterable<string>): Classification[];
  /** The model consulted first, or null: the baseline alone. */
  readonly model: TextModel | null;
};

/** The text_models scope of a workspace's sentiment model. */
export const sentimentScope = "sentiment";

/** Languages the baseline has lexicons for; elsewhere it reads emoji only. */
export const baselineLanguages: readonly string[] = ["en", "ru", "uk", "ms"];

const sentiments = new Set<string>(["negative", "neutral", "positive"]);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** `model` is used as given: pass null for a workspace whose model is not active. */
export function createClassifier(analyzer: Pick<Analyzer, "analyze">, model: TextModel | null): Classifier {
  if (model && !model.labels.every((l) => sentiments.has(l))) {
    throw new TypeError(`Not a sentiment model: its labels are ${model.labels.join(", ")}.`);
  }
  function analyze(text: string): Classification {
    const base = analyzer.analyze(text);
    if (!model) return { ...base, source: "baseline" };
    const p = predict(model, text, base.lang, base.sentiment);
    if (!p.supported) return { ...base, source: "baseline" };
    return {
      lang: base.lang,
      sentiment: p.label as TextAnalysis["sentiment"],
      score: round((p.probs.positive ?? 0) - (p.probs.negative ?? 0), 3),
      confidence: round(p.score, 2),
      source: "model",
    };
  }
  return { analyze, analyzeMany: (texts) => Array.from(texts, analyze), model };
}

/** How long a workspace's classifier is used before text_models is asked again. */
export const classifierMaxAgeMs = 30_000;

type Cached = { checkedAt: number; version: string | null; model: TextModel | null; analyzer: Pick<Analyzer, "analyze">; classifier: Classifier };
const cache = new WeakMap<Kysely<Database>, Map<string, Cached>>();
const pending = new WeakMap<Kysely<Database>, Map<string, Promise<Classifier>>>();

/** Per database handle, so two stores in one process (tests, tools) never share entries. */
function forDb<V>(maps: WeakMap<Kysely<Database>, Map<string, V>>, db: Kysely<Database>): Map<string, V> {
  let byWorkspace = maps.get(db);
  if (!byWorkspace) {
    byWorkspace = new Map();
    maps.set(db, byWorkspace);
  }
  return byWorkspace;
}

async function refresh(db: Kysely<Database>, analyzer: Pick<Analyzer, "analyze">, workspaceId: string, now: number, held: Cached | undefined): Promise<Classifier> {
  const row = await db
    .selectFrom("text_models")
    .select(["trained_at", "active"])
    .where("workspace_id", "=", workspaceId)
    .where("scope", "=", sentimentScope)
    .executeTakeFirst();
  const version = row?.active ? row.trained_at : null;
  let model = held?.version === version ? held.model : null;
  if (version !== null && held?.version !== version) {
    const stored = await db.selectFrom("text_models").select("model").where("workspace_id", "=", workspaceId).where("scope", "=", sentimentScope).executeTakeFirst();
    try {
      model = stored ? parseModel(stored.model) : null;
    } catch {
      model = null; // an unreadable model must not stop ingestion: the baseline answers until the next training
    }
  }
  const classifier = held && held.model === model && held.analyzer === analyzer ? held.classifier : createClassifier(analyzer, model);
  forDb(cache, db).set(workspaceId, { checkedAt: now, version, model, analyzer, classifier });
  return classifier;
}

/**
 * The workspace's classifier, for a caller that classifies many texts: the stored model is
 * re-checked at most every `maxAgeMs` (by its trained_at, without reading the model itself), so an
 * ingest of thousands of comments costs one query per half-minute, and a re-trained or
 * (de)activated model is picked up within that time. Concurrent callers share one look-up.
 */
export async function workspaceClassifier(
  db: Kysely<Database>,
  analyzer: Pick<Analyzer, "analyze">,
  workspaceId: string,
  opts: { maxAgeMs?: number; now?: () => number } = {},
): Promise<Classifier> {
  const now = (opts.now ?? Date.now)();
  const held = cache.get(db)?.get(workspaceId);
  if (held && held.analyzer === analyzer && now - held.checkedAt < (opts.maxAgeMs ?? classifierMaxAgeMs)) return held.classifier;
  const inFlight = forDb(pending, db);
  const running = inFlight.get(workspaceId);
  if (running) return running;
  const p = refresh(db, analyzer, workspaceId, now, held).finally(() => inFlight.delete(workspaceId));
  inFlight.set(workspaceId, p);
  return p;
}
