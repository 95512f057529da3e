/**
 * Training a workspace's sentiment model from its team's corrections, and the test that decides
 * whether the model replaces the baseline.
 *
 * - Data: every correction made in the inbox or listening (and rows imported with `chorus
 *   sentiment train --workspace`); when a text was corrected more than once, the latest label wins.
 * - Held-out slice: a text is held out when a hash of its normalized form falls in the lowest 20 %.
 *   Not a random split: the same text is always on the same side, so a re-train with more
 *   corrections never tests on what it trained on, and figures stay comparable between trainings.
 * - The stored model is the one trained on the other 80 %, never refitted on everything, so
 *   `chorus sentiment eval --workspace` on the held-out slice is honest too.
 * - Activation: the model is used (active = 1) only when, on a held-out slice of at least 20 texts,
 *   it beats the baseline's macro-F1. The "model" figure is what the classifier would answer with
 *   the model active — the model where it supports the language, the baseline elsewhere — since that
 *   is the choice being made.
 * - Caveat: corrections are, by construction, texts the baseline got wrong, so on a slice of
 *   corrections alone the baseline scores low and the test favours the model. Imported labelled
 *   rows (the baseline right as often as usual) make the slice representative; see the report.
 */
import type { Kysely } from "kysely";
import { normalize } from "../../domain/listening-query.js";
import { AppError } from "../../errors.js";
import type { Database } from "../../store/schema.js";
import { createClassifier, sentimentScope } from "./classifier.js";
import { type Evaluation, evaluate } from "./evaluate.js";
import { type Analyzer, createAnalyzer } from "./index.js";
import { type LabelledText, type TextModel, type TrainOptions, trainModel } from "./model.js";

export const sentimentLabels = ["negative", "neutral", "positive"] as const;
/** Percentage of distinct texts held out for evaluation. */
export const heldOutPercent = 20;
/** Below this many held-out texts a comparison is noise: the model is stored but not activated. */
export const minHeldOut = 20;
/** Training examples each label needs; fewer and the model cannot learn that label at all. */
export const minPerLabel = 5;

/** What training needs of the analyzer: the language of a text and the baseline's label. */
export type BaselineAnalyzer = Pick<Analyzer, "analyze">;
export type Score = { accuracy: number; macroF1: number };
/** Stored as text_models.metrics. */
export type SentimentMetrics = { heldOut: number; baseline: Score; model: Score; trained: number; languages: string[] };
export type TrainingOutcome = {
  model: TextModel;
  metrics: SentimentMetrics;
  active: boolean;
  /** Full figures on the held-out slice, for the CLI. */
  baseline: Evaluation;
  evaluation: Evaluation;
};

/** The form two texts must share to count as the same text: normalized, whitespace collapsed. */
export function textKey(text: string): string {
  return normalize(text).replace(/\s+/g, " ").trim();
}

/** FNV-1a of the text key: stable across processes and versions, unlike a seeded hash. */
export function isHeldOut(text: string): boolean {
  const key = textKey(text);
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 100 < heldOutPercent;
}

/** One example per text key, the last one given winning (callers pass oldest first). */
export function latestPerText(examples: Iterable<LabelledText>): LabelledText[] {
  const byKey = new Map<string, LabelledText>();
  for (const e of examples) {
    const key = textKey(e.text);
    if (!key) continue;
    byKey.delete(key); // re-inserted below, so the order follows the latest label
    byKey.set(key, e);
  }
  return [...byKey.values()];
}

const score = (e: Evaluation): Score => ({ accuracy: e.accuracy, macroF1: e.macroF1 });

/**
 * Splits, trains on the training side, evaluates model and baseline on the held-out side. Throws a
 * validation error naming the counts when a label has fewer than `minPerLabel` training examples.
 */
export function trainAndEvaluate(examples: LabelledText[], analyzer: BaselineAnalyzer, opts: TrainOptions = {}): TrainingOutcome {
  const unknown = [...new Set(examples.map((e) => e.label))].filter((l) => !(sentimentLabels as readonly string[]).includes(l));
  if (unknown.length) throw new AppError("validation_failed", `Unknown sentiment label${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Use ${sentimentLabels.join(", ")}.`);
  const distinct = latestPerText(examples);
  const held = distinct.filter((e) => isHeldOut(e.text));
  const train = distinct.filter((e) => !isHeldOut(e.text));
  const counts = sentimentLabels.map((l) => [l, train.filter((e) => e.label === l).length] as const);
  if (counts.some(([, n]) => n < minPerLabel)) {
    const have = counts.map(([l, n]) => `${l} ${n}`).join(", ");
    throw new AppError("validation_failed", `Training needs at least ${minPerLabel} examples of each label outside the held-out slice; there are ${have}. Correct or import more.`);
  }
  const model = trainModel(
    train.map((e) => {
      const a = analyzer.analyze(e.text);
      return { ...e, lang: a.lang, prior: a.sentiment };
    }),
    opts,
  );
  const classifier = createClassifier(analyzer, model);
  const truth = held.map((e) => e.label);
  const baseline = evaluate(truth, held.map((e) => analyzer.analyze(e.text).sentiment), sentimentLabels);
  const evaluation = evaluate(truth, held.map((e) => classifier.analyze(e.text).sentiment), sentimentLabels);
  const active = held.length >= minHeldOut && evaluation.macroF1 > baseline.macroF1;
  const metrics = { heldOut: held.length, baseline: score(baseline), model: score(evaluation), trained: train.length, languages: model.languages };
  return { model, metrics, active, baseline, evaluation };
}

/** The workspace's corrections as examples, oldest first, one per text (the latest label). */
export async function workspaceExamples(db: Kysely<Database>, workspaceId: string, extra: LabelledText[] = []): Promise<LabelledText[]> {
  const rows = await db
    .selectFrom("sentiment_corrections")
    .select(["text", "to_label"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  // Extra examples come first: a correction the team made is newer than any imported label.
  return latestPerText([...extra, ...rows.map((r) => ({ text: r.text, label: r.to_label }))]);
}

/** The workspace's held-out examples: what its model is evaluated on and never trained on. */
export async function heldOutSlice(db: Kysely<Database>, workspaceId: string): Promise<LabelledText[]> {
  return (await workspaceExamples(db, workspaceId)).filter((e) => isHeldOut(e.text));
}

let sharedAnalyzer: Promise<Analyzer> | undefined;
/** For callers without an analyzer of their own (the job passes the process's). */
function defaultAnalyzer(): Promise<Analyzer> {
  sharedAnalyzer ??= createAnalyzer();
  return sharedAnalyzer;
}

export type TrainWorkspaceOptions = {
  /** The process's analyzer; loaded here when not given. */
  analyzer?: BaselineAnalyzer;
  now?: Date;
  /** Labelled texts to train and evaluate on beside the corrections (older than any correction). */
  extraExamples?: LabelledText[];
};

/** Trains, evaluates and stores the workspace's sentiment model; active only if it beat the baseline. */
export async function trainWorkspaceModel(db: Kysely<Database>, workspaceId: string, opts: TrainWorkspaceOptions = {}): Promise<TrainingOutcome & { trainedAt: string }> {
  const analyzer = opts.analyzer ?? (await defaultAnalyzer());
  const examples = await workspaceExamples(db, workspaceId, opts.extraExamples);
  const outcome = trainAndEvaluate(examples, analyzer);
  const trainedAt = (opts.now ?? new Date()).toISOString();
  const row = {
    model: JSON.stringify(outcome.model),
    metrics: JSON.stringify(outcome.metrics),
    active: outcome.active ? 1 : 0,
    examples: outcome.metrics.trained,
    trained_at: trainedAt,
  };
  await db
    .insertInto("text_models")
    .values({ workspace_id: workspaceId, scope: sentimentScope, ...row })
    .onConflict((oc) => oc.columns(["workspace_id", "scope"]).doUpdateSet(row))
    .execute();
  return { ...outcome, trainedAt };
}
