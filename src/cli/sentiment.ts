/**
 * `chorus sentiment classify | train | eval`: the sentiment classifier from a terminal — for a
 * team checking what its trained model would say, importing a labelled CSV, or measuring the
 * baseline against a model on its own data. Without --workspace nothing touches the database.
 *
 * classify streams JSON lines (stdin → stdout) so it can sit in a pipe over millions of texts; a
 * bad line is reported on stderr with its number and the rest goes on (exit code 1 at the end).
 * "unsupported" is answered for a language the classifier used cannot judge — for the baseline
 * anything but en/ru/uk (text with no detectable language, such as emoji, is judged).
 */
import fs from "node:fs";
import readline from "node:readline";
import type { Command } from "commander";
import { parse } from "csv-parse/sync";
import { loadConfig } from "../config.js";
import { detectDelimiter } from "../domain/csv-import.js";
import { AppError } from "../errors.js";
import { baselineLanguages, type Classifier, createClassifier, sentimentScope } from "../services/analysis/classifier.js";
import { type Evaluation, evaluate, formatEvaluation } from "../services/analysis/evaluate.js";
import { type Analyzer, createAnalyzer } from "../services/analysis/index.js";
import { type LabelledText, parseModel, predict, type TextModel } from "../services/analysis/model.js";
import { heldOutSlice, latestPerText, minHeldOut, sentimentLabels, type TrainingOutcome, trainAndEvaluate, trainWorkspaceModel, workspaceExamples } from "../services/analysis/training.js";
import { newId } from "../store/ids.js";
import { openStore, type Store } from "../store/db.js";
import { migrateToLatest } from "../store/migrate.js";

type Problem = { line: number; message: string };
type ClassifyLine = { label: string; score: number | null; lang: string | null; source: "baseline" | "model" | null };

const lineBreaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;

/** Rows of a labelled CSV (columns text and label, others ignored), or every problem with its line. */
export function parseLabelledCsv(input: string): { rows: (LabelledText & { line: number })[]; problems: Problem[] } {
  const text = input.replace(/^\uFEFF/, "");
  let records: { record: string[]; raw: string }[];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, raw: true, trim: false }) as unknown as { record: string[]; raw: string }[];
  } catch (err) {
    const e = err as { message: string; lines?: number };
    return { rows: [], problems: [{ line: e.lines ?? 1, message: `The file is not valid CSV: ${e.message}` }] };
  }
  const [header, ...body] = records;
  const names = header?.record.map((n) => n.trim().toLowerCase()) ?? [];
  const textAt = names.indexOf("text");
  const labelAt = names.indexOf("label");
  if (textAt < 0 || labelAt < 0) return { rows: [], problems: [{ line: 1, message: "The first line must name the columns: text,label (comma or semicolon)." }] };
  const rows: (LabelledText & { line: number })[] = [];
  const problems: Problem[] = [];
  let line = 1 + lineBreaks(header!.raw);
  for (const { record, raw } of body) {
    const start = line;
    line += lineBreaks(raw);
    if (record.every((f) => !f.trim())) continue;
    const t = (record[textAt] ?? "").trim();
    const label = (record[labelAt] ?? "").trim().toLowerCase();
    if (!t) problems.push({ line: start, message: "The text is empty." });
    if (!(sentimentLabels as readonly string[]).includes(label)) problems.push({ line: start, message: `"${label}" is not a label: use ${sentimentLabels.join(", ")}.` });
    else if (t) rows.push({ line: start, text: t, label });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 1, message: "The file has no rows." });
  return { rows, problems };
}

function readCsv(file: string): (LabelledText & { line: number })[] {
  const { rows, problems } = parseLabelledCsv(fs.readFileSync(file, "utf8"));
  if (problems.length) {
    for (const p of problems) console.error(`${file}:${p.line}: ${p.message}`);
    throw new AppError("validation_failed", `${problems.length} problem${problems.length > 1 ? "s" : ""} in ${file}; nothing was stored.`);
  }
  return rows;
}

function readModel(file: string): TextModel {
  let model: TextModel;
  try {
    model = parseModel(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new AppError("bad_request", `${file} is not a model file: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!model.labels.every((l) => (sentimentLabels as readonly string[]).includes(l))) throw new AppError("bad_request", `${file} is not a sentiment model (labels: ${model.labels.join(", ")}).`);
  return model;
}

/** The store named by the environment (as `chorus serve` would open it), migrated, for an existing workspace. */
async function openWorkspace(workspaceId: string): Promise<Store> {
  const cfg = loadConfig(process.env);
  const store = openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrateToLatest(store);
    const ws = await store.db.selectFrom("workspaces").select("id").where("id", "=", workspaceId).executeTakeFirst();
    if (!ws) throw new AppError("not_found", `Workspace ${workspaceId} was not found.`);
    return store;
  } catch (err) {
    await store.close();
    throw err;
  }
}

async function storedModel(store: Store, workspaceId: string): Promise<{ model: TextModel; active: boolean } | null> {
  const row = await store.db.selectFrom("text_models").select(["model", "active"]).where("workspace_id", "=", workspaceId).where("scope", "=", sentimentScope).executeTakeFirst();
  return row ? { model: parseModel(row.model), active: row.active === 1 } : null;
}

/** --model: that model alone; otherwise the classifier the inbox uses (the active model, else the baseline). */
function classifyWith(analyzer: Analyzer, modelFile: TextModel | null, classifier: Classifier): (text: string) => ClassifyLine {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  if (modelFile) {
    return (text) => {
      const { lang, sentiment } = analyzer.analyze(text);
      const p = predict(modelFile, text, lang, sentiment);
      return p.supported ? { label: p.label, score: round(p.score), lang, source: "model" } : { label: "unsupported", score: null, lang, source: null };
    };
  }
  return (text) => {
    const c = classifier.analyze(text);
    if (c.source === "baseline" && c.lang !== null && !baselineLanguages.includes(c.lang)) return { label: "unsupported", score: null, lang: c.lang, source: null };
    return { label: c.sentiment, score: c.confidence, lang: c.lang, source: c.source };
  };
}

async function classifyCommand(opts: { workspace?: string; model?: string }): Promise<void> {
  if (opts.workspace && opts.model) throw new AppError("bad_request", "Give --workspace or --model, not both.");
  const modelFile = opts.model ? readModel(opts.model) : null;
  let active: TextModel | null = null;
  if (opts.workspace) {
    const store = await openWorkspace(opts.workspace);
    try {
      const stored = await storedModel(store, opts.workspace);
      active = stored?.active ? stored.model : null;
    } finally {
      await store.close();
    }
  }
  const analyzer = await createAnalyzer();
  const classify = classifyWith(analyzer, modelFile, createClassifier(analyzer, active));
  let failed = 0;
  let n = 0;
  let out = "";
  const flush = async () => {
    if (out && !process.stdout.write(out)) await new Promise((resolve) => process.stdout.once("drain", resolve));
    out = "";
  };
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    n++;
    if (!line.trim()) continue;
    let item: { id?: unknown; text?: unknown };
    try {
      item = JSON.parse(line) as { id?: unknown; text?: unknown };
      if (typeof item !== "object" || item === null || Array.isArray(item)) throw new Error("expected an object");
      if (typeof item.text !== "string") throw new Error('"text" must be a string');
    } catch (err) {
      failed++;
      console.error(`chorus: line ${n}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    out += `${JSON.stringify({ id: item.id ?? null, ...classify(item.text) })}\n`;
    if (out.length > 65_536) await flush();
  }
  await flush();
  if (failed) {
    console.error(`chorus: ${failed} line${failed > 1 ? "s" : ""} could not be read.`);
    process.exitCode = 1;
  }
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function printOutcome(o: TrainingOutcome) {
  const m = o.metrics;
  console.log(`Trained on ${m.trained} texts (languages the model supports: ${m.languages.join(", ") || "none"}); held-out slice: ${m.heldOut} texts.`);
  console.log(`  baseline  accuracy ${pct(m.baseline.accuracy)}  macro-F1 ${pct(m.baseline.macroF1)}`);
  console.log(`  model     accuracy ${pct(m.model.accuracy)}  macro-F1 ${pct(m.model.macroF1)}`);
}

async function trainCommand(file: string | undefined, opts: { workspace?: string; model?: string }): Promise<void> {
  if (!opts.workspace && !opts.model) throw new AppError("bad_request", "Give --model OUT.json (a local model file), --workspace ID (the workspace's model), or both.");
  if (!file && !opts.workspace) throw new AppError("bad_request", "Without --workspace a CSV file to train on is required.");
  const rows = file ? readCsv(file) : [];
  const analyzer = await createAnalyzer();
  let outcome: TrainingOutcome;
  if (opts.workspace) {
    const workspaceId = opts.workspace;
    const store = await openWorkspace(workspaceId);
    try {
      if (rows.length) {
        const now = new Date().toISOString();
        // One timestamp for the whole file, so a text listed twice keeps only its last label.
        const values = latestPerText(rows).map((r) => {
          const a = analyzer.analyze(r.text);
          return { id: newId(), workspace_id: workspaceId, item_id: null, mention_id: null, text: r.text, lang: a.lang, from_label: a.sentiment, to_label: r.label as (typeof sentimentLabels)[number], by: "import", created_at: now };
        });
        await store.db.transaction().execute(async (tx) => {
          // 500 rows × 10 columns stays under SQLite's and PostgreSQL's bound-parameter limits.
          for (let i = 0; i < values.length; i += 500) await tx.insertInto("sentiment_corrections").values(values.slice(i, i + 500)).execute();
        });
        console.log(`Added ${values.length} labelled texts to the workspace's corrections.`);
      }
      const trained = await trainWorkspaceModel(store.db, workspaceId, { analyzer });
      outcome = trained;
      printOutcome(outcome);
      if (outcome.active) console.log("The model is now active: the inbox and listening use it for those languages.");
      else if (outcome.metrics.heldOut < minHeldOut) console.log(`The model is stored but not active: the held-out slice has fewer than ${minHeldOut} texts to judge it on.`);
      else console.log("The model is stored but not active: it did not beat the baseline on the held-out slice.");
    } finally {
      await store.close();
    }
  } else {
    outcome = trainAndEvaluate(rows, analyzer);
    printOutcome(outcome);
    if (!outcome.active) console.log(outcome.metrics.heldOut < minHeldOut ? `(Fewer than ${minHeldOut} held-out texts: the comparison is not conclusive.)` : "(The model did not beat the baseline on the held-out slice.)");
  }
  if (opts.model) {
    const json = JSON.stringify(outcome.model);
    fs.writeFileSync(opts.model, json);
    console.log(`Wrote ${opts.model} (${(Buffer.byteLength(json) / 1024).toFixed(1)} KiB).`);
  }
}

async function evalCommand(file: string | undefined, opts: { workspace?: string; model?: string; json?: boolean }): Promise<void> {
  if (opts.workspace && opts.model) throw new AppError("bad_request", "Give --workspace or --model, not both.");
  if (!file && !opts.workspace) throw new AppError("bad_request", "Give a CSV file to evaluate on, or --workspace ID for its held-out slice.");
  let examples: LabelledText[] = file ? readCsv(file) : [];
  let model = opts.model ? readModel(opts.model) : null;
  let active: boolean | undefined;
  if (opts.workspace) {
    const store = await openWorkspace(opts.workspace);
    try {
      if (!file) examples = await heldOutSlice(store.db, opts.workspace);
      const stored = await storedModel(store, opts.workspace);
      model = stored?.model ?? null;
      active = stored?.active;
      if (!file && examples.length === 0) {
        const all = await workspaceExamples(store.db, opts.workspace);
        throw new AppError("conflict", `The workspace's held-out slice is empty (${all.length} corrected texts in all): give a CSV file instead.`);
      }
    } finally {
      await store.close();
    }
  }
  const analyzer = await createAnalyzer();
  const truth = examples.map((e) => e.label);
  const baseline = evaluate(truth, examples.map((e) => analyzer.analyze(e.text).sentiment), sentimentLabels);
  let modelEval: (Evaluation & { coverage: number; active?: boolean }) | undefined;
  if (model) {
    const classifier = createClassifier(analyzer, model);
    const answers = examples.map((e) => classifier.analyze(e.text));
    const coverage = answers.filter((a) => a.source === "model").length;
    modelEval = { ...evaluate(truth, answers.map((a) => a.sentiment), sentimentLabels), coverage, ...(active === undefined ? {} : { active }) };
  }
  const source = file ?? "held-out slice";
  if (opts.json) {
    console.log(JSON.stringify({ source, examples: examples.length, baseline, ...(modelEval ? { model: modelEval } : {}) }, null, 2));
    return;
  }
  console.log(formatEvaluation(baseline, `Baseline on ${source}`));
  if (modelEval) {
    console.log("");
    const state = active === undefined ? "" : active ? " (active)" : " (stored, not active)";
    console.log(formatEvaluation(modelEval, `Model${state} on ${source}`));
    const rest = modelEval.n - modelEval.coverage;
    if (rest > 0) console.log(`  The model answered ${modelEval.coverage} of ${modelEval.n} texts; the baseline the other ${rest} (languages the model does not support, or nothing it learnt).`);
  } else {
    console.log("\nNo model given (--model FILE) or stored for the workspace: baseline only.");
  }
}

export function registerSentimentCommands(program: Command): void {
  const sentiment = program.command("sentiment").description("classify texts by sentiment, train a workspace's model, compare it with the baseline");
  sentiment
    .command("classify")
    .description('read JSON lines {"id","text"} on stdin, write {"id","label","score","lang","source"} on stdout (score: probability of the label, or the baseline\'s confidence)')
    .option("--workspace <id>", "use the workspace's active model where it supports the language, else the baseline")
    .option("--model <file>", "use this model file alone")
    .action(classifyCommand);
  sentiment
    .command("train")
    .description("train on a CSV (columns text,label; labels negative, neutral, positive; comma or semicolon), or on a workspace's corrections")
    .argument("[file]", "labelled CSV; with --workspace its rows are added to the workspace's corrections")
    .option("--model <out>", "write the trained model to this file")
    .option("--workspace <id>", "train the workspace's model (activated only if it beats the baseline on the held-out slice)")
    .action(trainCommand);
  sentiment
    .command("eval")
    .description("accuracy, macro-F1 and confusion matrix of the baseline and of a model")
    .argument("[file]", "labelled CSV (text,label); without it, the workspace's held-out slice")
    .option("--workspace <id>", "the workspace's stored model (and its held-out slice when no file is given)")
    .option("--model <file>", "a model file")
    .option("--json", "machine-readable output")
    .action(evalCommand);
}
