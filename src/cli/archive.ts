/**
 * `chorus export brand --brand ID --out FILE.zip` and `chorus import archive FILE.zip --workspace ID`:
 * a brand's whole history as one archive, and back into a workspace of this or another Chorus
 * (docs/archive.md). Run at the server, so no role is checked (whoever runs it has the database);
 * the audit trail records both with source "cli", and `--as-user` names the importer in it.
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../config.js";
import { AppError } from "../errors.js";
import { exportBrand, type ExportResult, importBrand, type ImportResult } from "../services/archive/index.js";
import { openStore, type Store } from "../store/db.js";
import { randomToken } from "../services/secrets.js";
import { migrateToLatest } from "../store/migrate.js";
import { mediaStorage } from "../store/storage.js";

/** Where output goes and which environment names the database: the process's, or a test's. */
export type ArchiveCommandIo = { env?: NodeJS.ProcessEnv; out?: (line: string) => void; err?: (line: string) => void };

const n = (v: number) => v.toLocaleString("en");
const mainTables = ["posts", "variants", "publications", "metric_snapshots", "inbox_items", "mentions", "media_assets"];
const countsLine = (counts: Record<string, number>) => mainTables.filter((t) => t in counts).map((t) => `${n(counts[t] ?? 0)} ${t}`).join(", ");

async function withStore<T>(io: ArchiveCommandIo, fn: (store: Store, dataDir: string) => Promise<T>): Promise<T> {
  const cfg = loadConfig(io.env ?? process.env);
  const store = openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrateToLatest(store);
    return await fn(store, cfg.dataDir);
  } finally {
    await store.close();
  }
}

async function exportCommand(opts: { brand: string; out: string; json?: boolean }, io: ArchiveCommandIo): Promise<void> {
  const out = io.out ?? ((line: string) => console.log(line));
  const target = path.resolve(opts.out);
  if (fs.existsSync(target)) throw new AppError("conflict", `${opts.out} already exists; choose a new file name.`);
  // Written beside the target and renamed at the end: a failed export leaves no half archive.
  const partial = `${target}.${randomToken(6)}.partial`;
  let result: ExportResult;
  try {
    result = await withStore(io, (store, dataDir) =>
      exportBrand({ db: store.db, storage: mediaStorage({ dataDir }) }, "operator", { brandId: opts.brand, out: fs.createWriteStream(partial, { mode: 0o600 }), source: "cli" }),
    );
    fs.renameSync(partial, target);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    if (e instanceof AppError && e.code === "not_found") throw new AppError("not_found", `Brand ${opts.brand} was not found.`);
    throw e;
  }
  if (opts.json) return out(JSON.stringify({ ...result, file: target }, null, 2));
  out(`Exported ${result.brandName} to ${opts.out} (${n(result.bytes)} bytes): ${countsLine(result.counts)}, ${n(result.mediaFiles)} media files.`);
  out("Channel credentials are not in the archive: after importing, reconnect each account.");
  if (result.missingMedia.length) (io.err ?? console.error)(`warning: ${result.missingMedia.length} media files were missing from storage and are not in the archive.`);
}

async function importCommand(file: string, opts: { workspace: string; asUser?: string; json?: boolean }, io: ArchiveCommandIo): Promise<void> {
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  let archive: Buffer;
  try {
    archive = fs.readFileSync(file);
  } catch (e) {
    throw new AppError("bad_request", `Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const result: ImportResult = await withStore(io, async (store, dataDir) => {
    let asUserId: string | null = null;
    if (opts.asUser) {
      const member = await store.db
        .selectFrom("users as u")
        .innerJoin("memberships as m", "m.user_id", "u.id")
        .select("u.id")
        .where("u.email", "=", opts.asUser.trim().toLowerCase())
        .where("m.workspace_id", "=", opts.workspace)
        .executeTakeFirst();
      if (!member) throw new AppError("not_found", `${opts.asUser} is not a member of workspace ${opts.workspace}.`);
      asUserId = member.id;
    }
    return importBrand({ db: store.db, storage: mediaStorage({ dataDir }) }, "operator", { workspaceId: opts.workspace, archive, source: "cli", asUserId });
  });
  if (opts.json) out(JSON.stringify(result, null, 2));
  else {
    out(`Imported ${result.source.brandName} (exported ${result.source.exportedAt} by Chorus ${result.source.chorusVersion}) as brand ${result.brandName} (${result.brandId}).`);
    out(`  ${countsLine(result.counts)}, ${n(result.mediaFiles)} media files.`);
    out(`  Its ${n(result.counts.channels ?? 0)} channels are disconnected: reconnect each account to publish and read from it again.`);
  }
  for (const w of result.warnings) err(`warning: ${w}`);
}

export function registerArchiveCommands(program: Command, io: ArchiveCommandIo = {}): void {
  const exportCmd = program.commands.find((c) => c.name() === "export") ?? program.command("export").description("export data from a workspace");
  exportCmd
    .command("brand")
    .description("a brand's whole history as one archive: JSON lines per table, CSV for spreadsheets, media files; never credentials — see docs/archive.md")
    .requiredOption("--brand <id>", "the brand")
    .requiredOption("--out <file>", "the archive to write (.zip); must not exist")
    .option("--json", "print the result as JSON")
    .action((opts: { brand: string; out: string; json?: boolean }) => exportCommand(opts, io));

  const importCmd = program.commands.find((c) => c.name() === "import") ?? program.command("import").description("import data from files into a workspace");
  importCmd
    .command("archive")
    .description("import a brand archive made by `chorus export brand` (this or another Chorus) as a new brand; all or nothing — see docs/archive.md")
    .argument("<file>", "the archive (.zip)")
    .requiredOption("--workspace <id>", "the workspace that receives the brand")
    .option("--as-user <email>", "the member recorded in the audit log as the importer")
    .option("--json", "print the result as JSON")
    .action((file: string, opts: { workspace: string; asUser?: string; json?: boolean }) => importCommand(file, opts, io));
}
