/**
 * "Mark as irrelevant — and learn": each brand gets a relevance model trained on its team's marks,
 * the same logistic regression on word and character n-grams as the sentiment model. Examples:
 * - irrelevant: mentions a person set aside;
 * - relevant: mentions a person brought back, corrected the sentiment of or sent to the inbox, and
 *   mentions older than three days nobody set aside (a team that reads its feed marks the noise),
 *   at most three for each irrelevant one.
 * The model is judged on a held-out fifth of those texts and used only when it is right at least
 * nine times in ten when it says "irrelevant" (a relevant mention hidden costs more than noise
 * shown). New mentions it is sure of (p ≥ 0.8) are set aside as "model" — shown under Irrelevant,
 * one click brings them back, which is itself a lesson.
 */
import type { Kysely } from "kysely";
import { AppError } from "../../errors.js";
import type { Database } from "../../store/schema.js";
import { evaluate } from "../analysis/evaluate.js";
import { type LabelledText, parseModel, predict, type TextModel, trainModel } from "../analysis/model.js";
import { isHeldOut, latestPerText } from "../analysis/training.js";
import type { Analyzer } from "../inbox/deps.js";

export const relevanceScope = (brandId: string) => `relevance:${brandId}`;
const labels = ["irrelevant", "relevant"] as const;
/** Marks before a model is worth training. */
export const minIrrelevant = 10;
const minPrecision = 0.9;
const setAsideAt = 0.8;
const dayMs = 86_400_000;

export type RelevanceMetrics = { heldOut: number; trained: number; precision: number; recall: number; accuracy: number };
export type RelevanceOutcome = { active: boolean; metrics: RelevanceMetrics };

const textOf = (r: { title: string | null; text: string }) => (r.title ? `${r.title}\n${r.text}` : r.text);

async function examplesOf(db: Kysely<Database>, brandId: string, now: Date): Promise<LabelledText[]> {
  const aside = await db.selectFrom("mentions").select(["title", "text"]).where("brand_id", "=", brandId).where("irrelevant", "=", 1).orderBy("collected_at", "desc").limit(2000).execute();
  const confirmed = await db
    .selectFrom("mentions")
    .select(["title", "text"])
    .where("brand_id", "=", brandId)
    .where("irrelevant", "=", 0)
    .where((eb) => eb.or([eb("irrelevant_by", "is not", null), eb("sentiment_corrected", "=", 1), eb("inbox_item_id", "is not", null)]))
    .orderBy("collected_at", "desc")
    .limit(2000)
    .execute();
  const quiet = await db
    .selectFrom("mentions")
    .select(["title", "text"])
    .where("brand_id", "=", brandId)
    .where("irrelevant", "=", 0)
    .where("duplicate_of", "is", null)
    .where("collected_at", "<", new Date(now.getTime() - 3 * dayMs).toISOString())
    .orderBy("collected_at", "desc")
    .limit(Math.max(0, aside.length * 3 - confirmed.length))
    .execute();
  return latestPerText([...quiet, ...confirmed].map((r) => ({ text: textOf(r), label: "relevant" })).concat(aside.map((r) => ({ text: textOf(r), label: "irrelevant" }))));
}

/** Trains and stores the brand's relevance model; null when there are too few marks yet. */
export async function trainRelevance(db: Kysely<Database>, analyzer: Pick<Analyzer, "analyze">, workspaceId: string, brandId: string, now = new Date()): Promise<RelevanceOutcome | null> {
  const examples = await examplesOf(db, brandId, now);
  const train = examples.filter((e) => !isHeldOut(e.text));
  const held = examples.filter((e) => isHeldOut(e.text));
  const count = (xs: LabelledText[], l: string) => xs.filter((e) => e.label === l).length;
  if (count(train, "irrelevant") < minIrrelevant || count(train, "relevant") < minIrrelevant) return null;
  const model = trainModel(train.map((e) => ({ ...e, lang: analyzer.analyze(e.text).lang })));
  const guesses = held.map((e) => judge(model, analyzer, e.text) ?? "relevant");
  const e = evaluate(
    held.map((x) => x.label),
    guesses,
    [...labels],
  );
  const irrelevant = e.perClass.irrelevant ?? { precision: 0, recall: 0 };
  const metrics: RelevanceMetrics = { heldOut: held.length, trained: train.length, precision: irrelevant.precision, recall: irrelevant.recall, accuracy: e.accuracy };
  // Too few set-aside texts held out to measure precision: not used yet.
  const active = count(held, "irrelevant") >= 3 && irrelevant.precision >= minPrecision;
  const row = { model: JSON.stringify(model), metrics: JSON.stringify(metrics), active: active ? 1 : 0, examples: train.length, trained_at: now.toISOString() };
  await db
    .insertInto("text_models")
    .values({ workspace_id: workspaceId, scope: relevanceScope(brandId), ...row })
    .onConflict((oc) => oc.columns(["workspace_id", "scope"]).doUpdateSet(row))
    .execute();
  return { active, metrics };
}

/** "irrelevant" when the model is sure, "relevant" when it is not, null when it cannot judge the text. */
function judge(model: TextModel, analyzer: Pick<Analyzer, "analyze">, text: string): "irrelevant" | "relevant" | null {
  const p = predict(model, text, analyzer.analyze(text).lang);
  if (!p.supported) return null;
  return (p.probs.irrelevant ?? 0) >= setAsideAt ? "irrelevant" : "relevant";
}

/** The brand's active relevance judge, or null: `(text) => true` when the model would set the text aside. */
export async function relevanceJudge(db: Kysely<Database>, analyzer: Pick<Analyzer, "analyze">, workspaceId: string, brandId: string): Promise<((text: string) => boolean) | null> {
  const row = await db.selectFrom("text_models").select(["model", "active"]).where("workspace_id", "=", workspaceId).where("scope", "=", relevanceScope(brandId)).executeTakeFirst();
  if (row?.active !== 1) return null;
  let model: TextModel;
  try {
    model = parseModel(row.model);
  } catch (err) {
    throw new AppError("internal", "The brand's relevance model could not be read; it will be trained again.", { cause: err });
  }
  return (text) => judge(model, analyzer, text) === "irrelevant";
}
