/**
 * `chorus sentiment …` from the sources through tsx (as test/cli.test.ts runs the command), on a
 * fresh data directory and the shipped evaluation set.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const cli = ["--import", "tsx", path.resolve("src/cli/main.ts")];
const evalCsv = path.resolve("datasets/sentiment/eval.csv");

type Run = { code: number | null; stdout: string; stderr: string };

describe("chorus sentiment", { timeout: 90_000 }, () => {
  let dataDir: string;
  const env = () => ({ ...process.env, CHORUS_DATA_DIR: dataDir, DATABASE_URL: "", CHORUS_SECRET: "" });
  const chorus = (args: string[], input = ""): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...cli, ...args], { env: env() });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
  const jsonLines = (s: string) =>
    s
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const file = (name: string, text: string) => {
    const p = path.join(dataDir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-sentiment-cli-"));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("is listed with its three commands", async () => {
    expect((await chorus(["--help"])).stdout).toMatch(/^\s+sentiment\b/m);
    const help = await chorus(["sentiment", "--help"]);
    for (const cmd of ["classify", "train", "eval"]) expect(help.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, "m"));
  });

  it("classify: the baseline, one JSON line per input line, bad lines reported and skipped", async () => {
    const input = [
      JSON.stringify({ id: "a", text: "The courier was rude and the parcel is broken 😡" }),
      JSON.stringify({ id: "b", text: "Дякую, все працює чудово!" }),
      "{not json",
      JSON.stringify({ id: "d", text: "Das Paket kam heute pünktlich an, danke" }),
      JSON.stringify({ id: "e" }),
      "",
      JSON.stringify({ id: 6, text: "😍😍" }),
    ].join("\n");
    const r = await chorus(["sentiment", "classify"], input);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3: .*JSON/);
    expect(r.stderr).toMatch(/line 5: "text" must be a string/);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.id)).toEqual(["a", "b", "d", 6]);
    expect(out[0]).toMatchObject({ label: "negative", lang: "en", source: "baseline" });
    expect(out[0]!.score).toBeGreaterThan(0);
    expect(out[1]).toMatchObject({ label: "positive", lang: "uk" });
    expect(out[2]).toMatchObject({ label: "unsupported", lang: "de", score: null });
    expect(out[3]).toMatchObject({ label: "positive", lang: null });

    const clean = await chorus(["sentiment", "classify"], `${JSON.stringify({ id: 1, text: "What time do you open?" })}\n`);
    expect(clean.code).toBe(0);
    expect(jsonLines(clean.stdout)[0]).toMatchObject({ id: 1, label: "neutral" });
  });

  it("train --model writes a model file; classify --model answers unsupported outside its languages", async () => {
    const english = fs
      .readFileSync(evalCsv, "utf8")
      .split("\n")
      .filter((l, i) => i === 0 || l.endsWith(",en"))
      .join("\n");
    const modelFile = path.join(dataDir, "en-model.json");
    const r = await chorus(["sentiment", "train", file("en.csv", english), "--model", modelFile]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Trained on \d+ texts \(languages the model supports: en\); held-out slice: \d+ texts/);
    expect(r.stdout).toMatch(/baseline\s+accuracy [\d.]+ %\s+macro-F1 [\d.]+ %/);
    expect(r.stdout).toMatch(/Wrote .*en-model\.json \([\d.]+ KiB\)/);
    expect(JSON.parse(fs.readFileSync(modelFile, "utf8"))).toMatchObject({ format: "chorus-text-model/1", languages: ["en"] });

    const c = await chorus(["sentiment", "classify", "--model", modelFile], [
      JSON.stringify({ id: 1, text: "Support sorted it out in minutes, thank you so much" }),
      JSON.stringify({ id: 2, text: "Поддержка молчит уже неделю" }),
    ].join("\n"));
    expect(c.code).toBe(0);
    const [en, ru] = jsonLines(c.stdout);
    expect(en).toMatchObject({ id: 1, lang: "en", source: "model" });
    expect(["negative", "neutral", "positive"]).toContain(en!.label);
    expect(en!.score).toBeGreaterThan(0.33);
    expect(ru).toMatchObject({ id: 2, label: "unsupported", lang: "ru", score: null });

    const e = await chorus(["sentiment", "eval", evalCsv, "--model", modelFile, "--json"]);
    expect(e.code).toBe(0);
    const report = JSON.parse(e.stdout) as { examples: number; baseline: { accuracy: number; confusion: number[][] }; model: { coverage: number } };
    expect(report.examples).toBe(330);
    expect(report.baseline.confusion.flat().reduce((s, v) => s + v, 0)).toBe(330);
    expect(report.model.coverage).toBeGreaterThanOrEqual(95); // the English rows (and a few detected as en)
    expect(report.model.coverage).toBeLessThan(120);
  });

  it("eval: baseline figures and the confusion matrix for a file", async () => {
    const r = await chorus(["sentiment", "eval", evalCsv]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Baseline on .*eval\.csv: 330 texts, accuracy [\d.]+ %, macro-F1 [\d.]+ %/);
    expect(r.stdout).toMatch(/true \\ predicted\s+negative\s+neutral\s+positive/);
    expect(r.stdout).toMatch(/baseline only/);
  });

  it("train --workspace: lists every bad row with its line and stores nothing", async () => {
    await chorus(["user", "create", "--email", "bad@example.test", "--password", "long enough pw", "--workspace", "Bad rows"]);
    const ws = workspaceId("Bad rows");
    const bad = file("bad.csv", 'text;label\n"Great app";positive\n;neutral\n"Meh";meh\n"Multi\nline, fine";negative\n"Awful";\n');
    const r = await chorus(["sentiment", "train", bad, "--workspace", ws]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv:3: The text is empty/);
    expect(r.stderr).toMatch(/bad\.csv:4: "meh" is not a label/);
    expect(r.stderr).toMatch(/bad\.csv:7: "" is not a label/);
    expect(r.stderr).toMatch(/3 problems in .*bad\.csv; nothing was stored/);
    expect(count("select count(*) as n from sentiment_corrections")).toBe(0);
  });

  it("train --workspace imports the rows, trains and reports; eval and classify use the stored model", async () => {
    await chorus(["user", "create", "--email", "anna@example.test", "--password", "long enough pw", "--workspace", "Eval set"]);
    const ws = workspaceId("Eval set");
    const t = await chorus(["sentiment", "train", evalCsv, "--workspace", ws]);
    expect(t.stderr).toBe("");
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Added 330 labelled texts/);
    expect(t.stdout).toMatch(/model\s+accuracy [\d.]+ %\s+macro-F1 [\d.]+ %/);
    expect(t.stdout).toMatch(/The model is (now active|stored but not active)/);
    expect(count(`select count(*) as n from sentiment_corrections where workspace_id = '${ws}' and by = 'import'`)).toBe(330);

    // Without a file: re-trains from the stored corrections, to the same figures.
    const again = await chorus(["sentiment", "train", "--workspace", ws]);
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n").slice(0, 3)).toEqual(t.stdout.split("\n").slice(1, 4));

    const e = await chorus(["sentiment", "eval", "--workspace", ws, "--json"]);
    expect(e.code).toBe(0);
    const report = JSON.parse(e.stdout) as { source: string; examples: number; baseline: { macroF1: number }; model: { macroF1: number; active: boolean } };
    expect(report.source).toBe("held-out slice");
    const metrics = JSON.parse(row(`select metrics from text_models where workspace_id = '${ws}'`).metrics as string) as { heldOut: number; model: { macroF1: number } };
    expect(report.examples).toBe(metrics.heldOut);
    expect(report.model.macroF1).toBeCloseTo(metrics.model.macroF1, 10);
    expect(report.model.active).toBe(t.stdout.includes("now active"));

    const c = await chorus(["sentiment", "classify", "--workspace", ws], `${JSON.stringify({ id: "x", text: "Курьер опять опоздал на два часа" })}\n`);
    expect(c.code).toBe(0);
    expect(jsonLines(c.stdout)[0]).toMatchObject({ id: "x", lang: "ru", source: report.model.active ? "model" : "baseline" });

    expect((await chorus(["sentiment", "eval", "--workspace", "no-such-workspace"])).stderr).toMatch(/Workspace no-such-workspace was not found/);
  });

  function row(query: string): Record<string, unknown> {
    const db = new SqliteDatabase(path.join(dataDir, "chorus.sqlite"), { readonly: true });
    try {
      return db.prepare(query).get() as Record<string, unknown>;
    } finally {
      db.close();
    }
  }
  const count = (query: string) => row(query).n as number;
  const workspaceId = (name: string) => row(`select id from workspaces where name = '${name.replace(/'/g, "''")}'`).id as string;
});
