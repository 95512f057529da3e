/**
 * `chorus import post-metrics FILE.csv --brand ID --channel ID`: a page's post statistics, exported
 * from Meta Business Suite, Facebook Insights or VK (or written with Chorus's column names), into a
 * channel — for networks without API access and for history from before Chorus.
 *
 * Run at the server, so no role is checked (whoever runs it has the database); the audit trail
 * records the import with source "cli". Problems go to stderr as FILE:LINE: column: message, and a
 * file with any problem stores nothing (exit code 2).
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../config.js";
import { AppError } from "../errors.js";
import { importPostMetrics, PostMetricsFileInvalid, type PostMetricsImportResult } from "../services/analytics/import.service.js";
import { openStore } from "../store/db.js";
import { migrateToLatest } from "../store/migrate.js";

type PostMetricsOptions = { brand: string; channel: string; workspace?: string; map: string[]; timezone?: string; dryRun?: boolean; json?: boolean };

/** Where output goes and which environment names the database: the process's, or a test's. */
export type ImportCommandIo = { env?: NodeJS.ProcessEnv; out?: (line: string) => void; err?: (line: string) => void };

const n = (v: number) => v.toLocaleString("en");

function printResult(r: PostMetricsImportResult, file: string, out: (line: string) => void) {
  const range = r.publishedFrom && r.publishedTo ? `, published ${r.publishedFrom.slice(0, 10)} … ${r.publishedTo.slice(0, 10)}` : "";
  out(`Read ${file}: ${n(r.rows)} post${r.rows === 1 ? "" : "s"}${range} (${r.kindName}; times without an offset in ${r.timezone}).`);
  out(`  Columns: ${r.columns.map((c) => `${c.field} ← "${c.header}"`).join(", ")}`);
  if (r.dryRun) out(`Dry run: would create ${n(r.created)} and update ${n(r.updated)} posts. Nothing was stored.`);
  else out(`Imported into channel ${r.channelId}: ${n(r.created)} new, ${n(r.updated)} updated, ${n(r.snapshots)} metric snapshots.`);
}

async function postMetricsCommand(file: string, opts: PostMetricsOptions, io: ImportCommandIo): Promise<void> {
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new AppError("bad_request", `Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const cfg = loadConfig(io.env ?? process.env);
  const store = openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrateToLatest(store);
    // Without --workspace, the brand names it; with it, the brand must be in it.
    const brand = await store.db.selectFrom("brands").select(["id", "workspace_id"]).where("id", "=", opts.brand).executeTakeFirst();
    if (!brand || (opts.workspace && brand.workspace_id !== opts.workspace)) {
      throw new AppError("not_found", `Brand ${opts.brand} was not found${opts.workspace ? ` in workspace ${opts.workspace}` : ""}.`);
    }
    const result = await importPostMetrics(store.db, "operator", {
      workspaceId: brand.workspace_id,
      brandId: brand.id,
      channelId: opts.channel,
      csv: bytes,
      map: opts.map,
      timezone: opts.timezone,
      dryRun: opts.dryRun === true,
      source: "cli",
      fileName: path.basename(file),
    });
    if (opts.json) out(JSON.stringify(result, null, 2));
    else printResult(result, file, out);
    for (const w of result.warnings) err(`warning: ${w}`);
  } catch (e) {
    if (e instanceof PostMetricsFileInvalid) {
      for (const p of e.problems) err(`${file}:${p.line}: ${p.column ? `${p.column}: ` : ""}${p.message}`);
      if (e.problemCount > e.problems.length) err(`… and ${n(e.problemCount - e.problems.length)} more.`);
      throw new AppError("validation_failed", `${n(e.problemCount)} problem${e.problemCount > 1 ? "s" : ""} in ${file}; nothing was imported.`);
    }
    if (e instanceof AppError && e.code === "not_found" && /^Channel/.test(e.message)) {
      throw new AppError("not_found", `Channel ${opts.channel} is not a channel of brand ${opts.brand}.`);
    }
    throw e;
  } finally {
    await store.close();
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerImportCommands(program: Command, io: ImportCommandIo = {}): void {
  // Other files add subcommands to the same `import` (src/cli/archive.ts): whichever registers first creates it.
  const cmd = program.commands.find((c) => c.name() === "import") ?? program.command("import").description("import data from files into a workspace");
  cmd
    .command("post-metrics")
    .description(
      "import a channel's post statistics from CSV: a Meta Business Suite / Facebook Insights posts export, VK post statistics, or Chorus's columns (published_at, reach, likes, …); all or nothing — see docs/analytics-import.md",
    )
    .argument("<file>", "the CSV file (comma, semicolon or tab; UTF-8 with or without a BOM)")
    .requiredOption("--brand <id>", "the brand")
    .requiredOption("--channel <id>", "the brand's channel the posts were published on")
    .option("--workspace <id>", "the workspace (default: the brand's)")
    .option("--map <field=Header>", 'read a field from a column of another name, e.g. --map reach="Охват подписчиков" (repeatable)', collect, [] as string[])
    .option("--timezone <zone>", "read times without an offset in this IANA zone (default: the brand's)")
    .option("--dry-run", "check the file and count what would be created and updated; store nothing")
    .option("--json", "print the result as JSON")
    .action((file: string, opts: PostMetricsOptions) => postMetricsCommand(file, opts, io));
}
