/**
 * Importing a brand archive (export.service.ts, docs/archive.md) into a workspace, possibly of
 * another Chorus on another database.
 *
 * First everything is checked and nothing written: the zip, the manifest and its format version,
 * the SHA-256 and size of every file, no file the manifest does not list. Then one transaction
 * creates the brand (its name suffixed when taken) and inserts every table in the archive's order,
 * with new ids (ids.ts, rows.ts); the media files are stored as their rows go in and deleted again
 * if the transaction fails, so a failure leaves nothing behind. Channels arrive disconnected: the
 * archive has no credentials, and reconnecting an account reattaches its history.
 */
import { createHash } from "node:crypto";
import { type Kysely, SqliteAdapter, sql } from "kysely";
import { AppError } from "../../errors.js";
import { newCode } from "../link.service.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import type { ArchiveActor, ArchiveDeps } from "./export.service.js";
import { allowedName, archiveFormat, archiveFormatVersion, type Manifest, manifestSchema, maxManifestBytes, mediaFile } from "./format.js";
import { createIdMapper, newSalt } from "./ids.js";
import { BadRow, importRow, type Row } from "./rows.js";
import { archiveTables, type TableSpec } from "./tables.js";
import { entryChunks, linesOf, NotAZip, readZipDirectory, type ZipEntry } from "./zip-reader.js";

export type ImportResult = {
  brandId: string;
  brandName: string;
  source: { brandId: string; brandName: string; chorusVersion: string; exportedAt: string };
  counts: Record<string, number>;
  mediaFiles: number;
  warnings: string[];
};

export type ImportInput = {
  workspaceId: string;
  archive: Buffer;
  source: "api" | "cli";
  /** With the "operator" actor: the member recorded in the audit log as the importer. */
  asUserId?: string | null | undefined;
};

/** The largest archive the API accepts; the command line reads any file that fits in memory. */
export const maxArchiveBytes = 500 * 1024 * 1024;
const importedMessage = "Imported from a Chorus archive without credentials: reconnect the account to publish and read from it again.";

const refuse = (why: string) => new AppError("validation_failed", `This file cannot be imported: ${why}. Nothing was imported.`);

export async function importBrand(deps: ArchiveDeps, actor: ArchiveActor, input: ImportInput): Promise<ImportResult> {
  const { db } = deps;
  if (actor !== "operator") await requireAccess(db, actor, input.workspaceId, "brands.create");
  else {
    const ws = await db.selectFrom("workspaces").select("id").where("id", "=", input.workspaceId).executeTakeFirst();
    if (!ws) throw new AppError("not_found", `Workspace ${input.workspaceId} was not found.`);
  }
  const { manifest, entries } = verifyArchive(input.archive);
  const warnings: string[] = [];
  const existing = await columnsOf(db);

  const plan: { spec: TableSpec; entry: ZipEntry; rows: number; columns: Set<string> }[] = [];
  for (const [table, t] of Object.entries(manifest.tables)) {
    const spec = archiveTables.find((s) => s.table === table);
    const columns = existing.get(table);
    if (!spec || !columns) {
      if (t.rows > 0) warnings.push(`${table}: ${t.rows} rows were not imported — this Chorus (an older version?) does not have that table.`);
      continue;
    }
    const entry = entries.get(t.file);
    if (!entry) throw refuse(`${t.file} is missing`);
    plan.push({ spec, entry, rows: t.rows, columns });
  }
  plan.sort((a, b) => archiveTables.indexOf(a.spec) - archiveTables.indexOf(b.spec));
  const brandFile = plan.find((p) => p.spec.table === "brands");
  if (brandFile?.rows !== 1) throw refuse("it holds no brand");

  const salt = newSalt();
  const map = createIdMapper(salt);
  const newBrandId = map(manifest.source.brandId);
  const stored: string[] = [];
  const counts: Record<string, number> = {};
  const dropped = new Map<string, Set<string>>();
  let mediaFiles = 0;
  let brandName = "";
  try {
    await db.transaction().execute(async (tx) => {
      for (const { spec, entry, rows: expected, columns } of plan) {
        const target = { map, workspaceId: input.workspaceId, brandId: newBrandId, columns, dropped: new Set<string>() };
        dropped.set(spec.table, target.dropped);
        const batch: Row[] = [];
        const perBatch = Math.max(1, Math.min(500, Math.floor(20_000 / columns.size)));
        let lines = 0;
        let inserted = 0;
        const flush = async () => {
          if (!batch.length) return;
          if (spec.table === "links") await freeCodes(tx, batch);
          await insertRows(tx, spec.table, batch);
          if (spec.table === "media_assets") mediaFiles += await restoreMedia(deps, input.archive, entries, batch, map, stored);
          inserted += batch.length;
          batch.length = 0;
        };
        for (const line of linesOf(entryChunks(input.archive, entry, manifest.files[entry.name]?.bytes ?? 0))) {
          if (!line) continue;
          lines++;
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch {
            throw refuse(`line ${lines} of ${entry.name} is not JSON`);
          }
          let row: Row;
          try {
            row = importRow(spec, parsed, target);
          } catch (e) {
            if (e instanceof BadRow) throw refuse(`line ${lines} of ${entry.name}: ${e.message}`);
            throw e;
          }
          if (!adjust(spec.table, row, { newBrandId, salt, input })) continue;
          if (spec.table === "brands") {
            row.name = await freeBrandName(tx, input.workspaceId, String(row.name));
            brandName = String(row.name);
          }
          batch.push(row);
          if (batch.length >= perBatch) await flush();
        }
        await flush();
        if (lines !== expected) throw refuse(`${entry.name} has ${lines} rows where the manifest says ${expected}`);
        counts[spec.table] = inserted;
      }
      await recordAudit(tx, {
        workspaceId: input.workspaceId,
        actorUserId: actor === "operator" ? (input.asUserId ?? null) : actor.userId,
        action: "brand.import",
        targetType: "brand",
        targetId: newBrandId,
        data: {
          source: input.source,
          from: { brandId: manifest.source.brandId, brandName: manifest.source.brandName, chorusVersion: manifest.chorusVersion, exportedAt: manifest.exportedAt },
          counts,
          mediaFiles,
        },
        ip: actor === "operator" ? null : ((actor as Actor).ip ?? null),
      });
    });
  } catch (err) {
    // The rows are rolled back; the files stored for them go too.
    await Promise.all(stored.map((key) => deps.storage.delete(key).catch(() => undefined)));
    if (err instanceof AppError) throw err;
    throw new AppError("validation_failed", `The archive could not be imported: ${err instanceof Error ? err.message : String(err)}. Nothing was imported.`, { cause: err });
  }
  for (const [table, cols] of dropped) if (cols.size) warnings.push(`${table}: the columns ${[...cols].join(", ")} are not in this Chorus and were left out.`);
  if (manifest.media.missing.length) warnings.push(`${manifest.media.missing.length} media files were missing in the exporting Chorus and are not in the archive.`);
  return {
    brandId: newBrandId,
    brandName,
    source: { brandId: manifest.source.brandId, brandName: manifest.source.brandName, chorusVersion: manifest.chorusVersion, exportedAt: manifest.exportedAt },
    counts,
    mediaFiles,
    warnings,
  };
}

/**
 * Checks the archive without writing anything: a zip of only the files its manifest lists, each
 * with the size and SHA-256 the manifest says. Any changed byte of a listed file fails its hash.
 */
export function verifyArchive(archive: Buffer): { manifest: Manifest; entries: Map<string, ZipEntry> } {
  let list: ZipEntry[];
  try {
    list = readZipDirectory(archive);
  } catch (e) {
    if (e instanceof NotAZip) throw refuse(`it is not a Chorus brand archive (${e.message})`);
    throw e;
  }
  const entries = new Map<string, ZipEntry>();
  for (const e of list) {
    if (entries.has(e.name)) throw refuse(`it holds ${e.name} twice`);
    entries.set(e.name, e);
  }
  const manifestEntry = entries.get("manifest.json");
  if (!manifestEntry) throw refuse("it is not a Chorus brand archive (no manifest.json)");
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat([...entryChunks(archive, manifestEntry, maxManifestBytes)]).toString("utf8"));
  } catch {
    throw refuse("its manifest.json is damaged");
  }
  const head = raw as { format?: unknown; formatVersion?: unknown };
  if (head?.format !== archiveFormat) throw refuse(`it is not a Chorus brand archive (its manifest's format is ${JSON.stringify(head?.format ?? null)})`);
  if (head.formatVersion !== archiveFormatVersion) {
    throw refuse(
      typeof head.formatVersion === "number" && head.formatVersion > archiveFormatVersion
        ? `it was made by a newer Chorus (archive format ${head.formatVersion}); this one reads format ${archiveFormatVersion} — upgrade it first`
        : `its format version ${JSON.stringify(head.formatVersion)} is not one this Chorus reads`,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw refuse(`its manifest.json is not valid (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`);
  const manifest = parsed.data;
  for (const name of entries.keys()) {
    if (name !== "manifest.json" && !manifest.files[name]) throw refuse(`it holds ${JSON.stringify(name)}, which its manifest does not list`);
  }
  for (const [name, f] of Object.entries(manifest.files)) {
    if (!allowedName.test(name)) throw refuse(`its manifest names ${JSON.stringify(name)}, which is not a file of a Chorus archive`);
    const entry = entries.get(name);
    if (!entry) throw refuse(`${name} is missing`);
    const hash = createHash("sha256");
    let size = 0;
    try {
      for (const chunk of entryChunks(archive, entry, f.bytes)) {
        hash.update(chunk);
        size += chunk.length;
      }
    } catch {
      throw refuse(`${name} is damaged`);
    }
    if (size !== f.bytes || hash.digest("hex") !== f.sha256) throw refuse(`${name} does not match its checksum: the archive was damaged or altered`);
  }
  return { manifest, entries };
}

/** What the importing Chorus changes beyond ids; false leaves the row out. */
function adjust(table: string, row: Row, ctx: { newBrandId: string; salt: string; input: ImportInput }): boolean {
  switch (table) {
    case "brands":
      Object.assign(row, { id: ctx.newBrandId, archived_at: null });
      return true;
    case "channels":
      Object.assign(row, { status: "disconnected", credentials_enc: null, last_error: importedMessage, connected_by: null });
      return true;
    case "variants":
      // A network call in flight when the archive was made: whether it went out is unknown.
      if (row.status === "publishing") Object.assign(row, { status: "unconfirmed", error: "Imported while it was being published: check the network." });
      return true;
    case "posts":
      if (row.status === "publishing") row.status = "failed";
      return true;
    case "publications":
      if (row.status === "publishing") row.status = "unconfirmed";
      // Unique across the database: a key without an id in it (the demo's) gets this import's salt.
      if (typeof row.idempotency_key === "string" && !/[0-9a-f]{8}-[0-9a-f]{4}-/i.test(row.idempotency_key)) row.idempotency_key = `archive:${ctx.salt}:${row.idempotency_key}`;
      return true;
    case "media_assets":
      row.storage_key = `${ctx.input.workspaceId}/${row.id}`;
      row.thumb_key = row.thumb_key ? `${ctx.input.workspaceId}/${row.id}.thumb` : null;
      return true;
    case "text_models":
      // Only the brand's relevance model: an archive may not install a workspace-wide model.
      return row.scope === `relevance:${ctx.newBrandId}`;
    default:
      return true;
  }
}

async function insertRows(db: Kysely<Database>, table: string, rows: Row[]): Promise<void> {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const values = rows.map((r) => sql`(${sql.join(columns.map((c) => r[c] ?? null))})`);
  try {
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(db);
  } catch (err) {
    throw new Error(`${table}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Short-link codes are unique in a Chorus: one already taken here gets a new code. */
async function freeCodes(db: Kysely<Database>, rows: Row[]): Promise<void> {
  const codes = rows.map((r) => String(r.code));
  const taken = new Set((await db.selectFrom("links").select("code").where("code", "in", codes).execute()).map((r) => r.code));
  for (const r of rows) {
    if (!taken.has(String(r.code))) continue;
    let code = newCode();
    while (taken.has(code) || (await db.selectFrom("links").select("id").where("code", "=", code).executeTakeFirst())) code = newCode();
    taken.add(code);
    r.code = code;
  }
}

async function freeBrandName(db: Kysely<Database>, workspaceId: string, name: string): Promise<string> {
  const names = new Set((await db.selectFrom("brands").select("name").where("workspace_id", "=", workspaceId).execute()).map((b) => b.name));
  if (!names.has(name)) return name;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${name} (imported)` : `${name} (imported ${n})`;
    if (!names.has(candidate)) return candidate;
  }
}

/** Stores the files of the media rows just inserted; the keys go to `stored` for cleaning up. */
async function restoreMedia(deps: ArchiveDeps, archive: Buffer, entries: Map<string, ZipEntry>, rows: Row[], map: (id: string) => string, stored: string[]): Promise<number> {
  // The archive names files by the exporting Chorus's ids; the rows now carry new ones.
  const oldIds = new Map<string, string>();
  for (const e of entries.keys()) {
    const m = /^media\/([0-9a-f-]{36})$/.exec(e);
    if (m) oldIds.set(map(m[1] as string), m[1] as string);
  }
  let n = 0;
  for (const r of rows) {
    const old = oldIds.get(String(r.id));
    if (!old) continue;
    for (const [name, key] of [[mediaFile(old, false), r.storage_key], [mediaFile(old, true), r.thumb_key]] as const) {
      const entry = entries.get(name);
      if (!entry || typeof key !== "string") continue;
      const data = Buffer.concat([...entryChunks(archive, entry, entry.size)]);
      stored.push(key);
      await deps.storage.put(key, data);
      n++;
    }
  }
  return n;
}

/** The importing database's tables and their columns. */
async function columnsOf(db: Kysely<Database>): Promise<Map<string, Set<string>>> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const { rows } = sqlite
    ? await sql<{ t: string; c: string }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`.execute(db)
    : await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema()`.execute(db);
  const out = new Map<string, Set<string>>();
  for (const r of rows) out.set(r.t, (out.get(r.t) ?? new Set()).add(r.c));
  return out;
}

