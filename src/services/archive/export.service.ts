/**
 * Exporting a brand's whole history as one zip archive (docs/archive.md): every table of
 * tables.ts as JSON lines, spreadsheets, the media files, and a manifest with a SHA-256 per file.
 *
 * Rows are read in pages by key and written through fflate's streaming Zip into the destination
 * with its back-pressure respected, so memory holds a page, not the brand. No transaction: on
 * SQLite one would stop every other request for the length of the export. Rows made after the
 * export began are left out instead (ids are time-ordered, see `cutoff`), and references are
 * checked against what was written, so the archive is consistent.
 */
import { createHash } from "node:crypto";
import type { Writable } from "node:stream";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { type Kysely, SqliteAdapter, sql } from "kysely";
import { AppError, notFound } from "../../errors.js";
import { newId, nowIso } from "../../store/ids.js";
import type { BrandsTable, Database } from "../../store/schema.js";
import type { Storage } from "../../store/storage.js";
import { version } from "../../version.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { csvLines, csvSpecs } from "./csv.js";
import { archiveFormat, archiveFormatVersion, type Manifest, mediaFile, tableFile } from "./format.js";
import { archiveTables, leftOut, notIncluded, type Scope, type TableSpec } from "./tables.js";

export type ArchiveDeps = { db: Kysely<Database>; storage: Storage };
/** Someone at the server's command line, who has the database anyway: no role is checked. */
export type ArchiveActor = Actor | "operator";
type Row = Record<string, unknown>;

export type ExportResult = {
  brandId: string;
  brandName: string;
  fileName: string;
  bytes: number;
  counts: Record<string, number>;
  mediaFiles: number;
  missingMedia: string[];
};

const pageSize = 1000;
const encoder = new TextEncoder();

export const idsAndReferences =
  "Every row keeps the id it had in the exporting Chorus (UUIDs); a column ending in _id, and the columns listed per table in docs/archive.md, hold the id of another row of the archive. References to people of the exporting Chorus are empty (null). An importer gives every row a new id and rewrites the references consistently.";

/** Finds the brand and checks the actor may export it (the whole history: owners and managers). */
export async function prepareBrandExport(db: Kysely<Database>, actor: ArchiveActor, input: { brandId: string; workspaceId?: string | undefined }) {
  if (actor !== "operator") {
    if (!input.workspaceId) throw new AppError("bad_request", "Name the workspace of the brand.");
    await requireAccess(db, actor, input.workspaceId, "brands.manage");
  }
  let q = db.selectFrom("brands").selectAll().where("id", "=", input.brandId);
  if (input.workspaceId) q = q.where("workspace_id", "=", input.workspaceId);
  const brand = await q.executeTakeFirst();
  if (!brand) throw notFound("Brand");
  const day = nowIso().slice(0, 10);
  const slug = brand.name.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "brand";
  return { brand, fileName: `chorus-${slug}-${day}.zip` };
}

export async function exportBrand(
  deps: ArchiveDeps,
  actor: ArchiveActor,
  input: { brandId: string; workspaceId?: string | undefined; out: Writable; source: "api" | "cli" },
): Promise<ExportResult> {
  const { brand, fileName } = await prepareBrandExport(deps.db, actor, input);
  return writeBrandArchive(deps, actor, { brand, fileName, out: input.out, source: input.source });
}

/** Writes the archive of a brand found by prepareBrandExport into `out`, then ends it. */
export async function writeBrandArchive(
  deps: ArchiveDeps,
  actor: ArchiveActor,
  input: { brand: BrandsTable; fileName: string; out: Writable; source: "api" | "cli" },
): Promise<ExportResult> {
  const { db } = deps;
  const { brand } = input;
  const scope: Scope = { brandId: brand.id, workspaceId: brand.workspace_id };
  const exportedAt = nowIso();
  // Ids are UUIDv7, ordered by creation time: every row made before this moment has a smaller one.
  const cutoff = newId();
  const zip = new ArchiveWriter(input.out, new Date(exportedAt));
  try {
    const written = new Map<string, Set<string>>();
    const counts: Record<string, number> = {};
    const tables: Manifest["tables"] = {};
    const usedMedia = await mediaUsedBy(db, scope);
    const assets: { id: string; storage_key: string; thumb_key: string | null }[] = [];
    const existing = await tableNames(db);

    for (const spec of archiveTables) {
      if (!existing.has(spec.table)) continue;
      if (spec.tracked) written.set(spec.table, new Set());
      let rows = 0;
      await zip.file(tableFile(spec.table), true, async (write) => {
        for await (const page of pages(db, spec, scope, cutoff)) {
          let text = "";
          for (const raw of page) {
            if (spec.table === "media_assets" && raw.brand_id !== brand.id && !usedMedia.has(String(raw.id))) continue;
            const row = exportRow(spec, raw, written);
            if (!row) continue;
            if (spec.tracked) written.get(spec.table)?.add(String(row.id));
            if (spec.table === "media_assets") assets.push({ id: String(row.id), storage_key: String(row.storage_key), thumb_key: (row.thumb_key as string | null) ?? null });
            text += `${JSON.stringify(row)}\n`;
            rows++;
          }
          await write(text);
        }
      });
      counts[spec.table] = rows;
      tables[spec.table] = { file: tableFile(spec.table), rows, derived: spec.derived === true, description: spec.note };
    }

    const missing: string[] = [];
    let mediaFiles = 0;
    for (const a of assets) {
      for (const [key, thumb] of [[a.storage_key, false], [a.thumb_key, true]] as const) {
        if (!key) continue;
        let data: Buffer;
        try {
          data = await deps.storage.get(key);
        } catch {
          missing.push(mediaFile(a.id, thumb));
          continue;
        }
        await zip.file(mediaFile(a.id, thumb), false, async (write) => {
          for (let i = 0; i < data.length; i += 1 << 20) await write(data.subarray(i, i + (1 << 20)));
        });
        mediaFiles++;
      }
    }

    const csv: Manifest["csv"] = {};
    for (const spec of csvSpecs) {
      let rows = 0;
      await zip.file(`csv/${spec.name}.csv`, true, async (write) => {
        await write(csvLines(spec, [], true));
        let after = "";
        for (;;) {
          const page = (await spec.page(scope, after, pageSize).execute(db)).rows;
          if (!page.length) break;
          await spec.enrich?.(db, page);
          await write(csvLines(spec, page, false));
          rows += page.length;
          after = String(page[page.length - 1]?.[spec.columns[0] as string]);
          if (page.length < pageSize) break;
        }
      });
      csv[spec.name] = { rows, description: spec.description };
    }

    await zip.file("README.txt", true, (write) => write(readme(brand.name, exportedAt)));

    const manifest: Manifest = {
      format: archiveFormat,
      formatVersion: archiveFormatVersion,
      chorusVersion: version,
      exportedAt,
      source: { workspaceId: brand.workspace_id, brandId: brand.id, brandName: brand.name, database: db.getExecutor().adapter instanceof SqliteAdapter ? "sqlite" : "postgres" },
      tables,
      csv,
      media: { assets: assets.length, files: mediaFiles, missing },
      files: zip.files,
      notIncluded,
      leftOutTables: leftOut,
      idsAndReferences,
    };
    await zip.file("manifest.json", true, (write) => write(JSON.stringify(manifest, null, 2)), false);
    const bytes = await zip.end();

    await recordAudit(db, {
      workspaceId: brand.workspace_id,
      actorUserId: actor === "operator" ? null : actor.userId,
      action: "brand.export",
      targetType: "brand",
      targetId: brand.id,
      data: { source: input.source, file: input.fileName, bytes, counts, mediaFiles },
      ip: actor === "operator" ? null : (actor.ip ?? null),
    });
    return { brandId: brand.id, brandName: brand.name, fileName: input.fileName, bytes, counts, mediaFiles, missingMedia: missing };
  } catch (err) {
    zip.abort(err);
    throw err;
  }
}

/** The row as written: secrets out, people emptied, references to rows not written emptied (or the row left out). */
export function exportRow(spec: TableSpec, raw: Row, written: Map<string, Set<string>>): Row | null {
  const row: Row = {};
  for (const [col, value] of Object.entries(raw)) {
    if (spec.secrets?.includes(col)) continue;
    row[col] = spec.users?.includes(col) ? null : value;
  }
  for (const [col, target] of Object.entries(spec.refs ?? {})) {
    const value = row[col];
    const known = written.get(target);
    if (value === null || value === undefined || !known || known.has(String(value))) continue;
    if (spec.required?.includes(col)) return null;
    row[col] = null;
  }
  return row;
}

/** The ids of media files the brand's posts use (a workspace's shared files among them). */
async function mediaUsedBy(db: Kysely<Database>, s: Scope): Promise<Set<string>> {
  const used = new Set<string>();
  let after = "";
  for (;;) {
    const page = await db
      .selectFrom("variants as v")
      .innerJoin("posts as p", "p.id", "v.post_id")
      .select(["v.id", "v.media", "v.thread"])
      .where("p.brand_id", "=", s.brandId)
      .where("v.id", ">", after)
      .where((eb) => eb.or([eb("v.media", "!=", "[]"), eb("v.thread", "!=", "[]")]))
      .orderBy("v.id")
      .limit(pageSize)
      .execute();
    for (const v of page) for (const m of `${v.media} ${v.thread}`.matchAll(/"mediaId"\s*:\s*"([^"]+)"/g)) used.add(m[1] as string);
    if (page.length < pageSize) break;
    after = page[page.length - 1]?.id as string;
  }
  // A report's logo may be a workspace file no post uses.
  if ((await tableNames(db)).has("reports")) {
    const { rows } = await sql<{ id: string }>`select logo_media_id as id from reports where brand_id = ${s.brandId} and logo_media_id is not null`.execute(db);
    for (const r of rows) used.add(r.id);
  }
  return used;
}

/** The brand's rows of a table, a page at a time, by key. */
async function* pages(db: Kysely<Database>, spec: TableSpec, s: Scope, cutoff: string): AsyncGenerator<Row[]> {
  const keys = spec.key;
  const cutoffColumn = spec.cutoff ?? (keys.includes("id") ? "id" : undefined);
  const cut = cutoffColumn ? sql`and ${sql.ref(`t.${cutoffColumn}`)} <= ${cutoff}` : sql``;
  const order = sql.join(keys.map((k) => sql.ref(`t.${k}`)));
  let last: unknown[] | null = null;
  for (;;) {
    const after = last ? sql`and (${order}) > (${sql.join(last)})` : sql``;
    const { rows } = await sql<Row>`select t.* from ${sql.table(spec.table)} t where ${spec.where(s)} ${cut} ${after} order by ${order} limit ${pageSize}`.execute(db);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    const end = rows[rows.length - 1] as Row;
    last = keys.map((k) => end[k]);
  }
}

export async function tableNames(db: Kysely<Database>): Promise<Set<string>> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const { rows } = sqlite
    ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
    : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db);
  return new Set(rows.map((r) => r.name));
}

/**
 * fflate's Zip into a Node stream. Zip calls back synchronously with compressed data; the chunks
 * are handed to the stream after each write and the writer waits while the stream is full.
 */
class ArchiveWriter {
  readonly files: Manifest["files"] = {};
  private readonly zip: Zip;
  private pending: Uint8Array[] = [];
  private failed: Error | null = null;
  private bytes = 0;

  constructor(
    private readonly out: Writable,
    private readonly mtime: Date,
  ) {
    this.zip = new Zip((err, data) => {
      if (err) this.failed = err;
      else this.pending.push(data);
    });
  }

  async file(name: string, compress: boolean, fill: (write: (data: string | Uint8Array) => Promise<void>) => Promise<void>, listed = true): Promise<void> {
    const entry = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    entry.mtime = this.mtime;
    this.zip.add(entry);
    const hash = createHash("sha256");
    let size = 0;
    await fill(async (data) => {
      const bytes = typeof data === "string" ? encoder.encode(data) : data;
      if (!bytes.length) return;
      hash.update(bytes);
      size += bytes.length;
      entry.push(bytes);
      await this.flush();
    });
    entry.push(new Uint8Array(0), true);
    await this.flush();
    if (listed) this.files[name] = { bytes: size, sha256: hash.digest("hex") };
  }

  /** Ends the zip and the stream; the archive's size in bytes. */
  async end(): Promise<number> {
    this.zip.end();
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.out.once("error", reject);
      this.out.end(() => resolve());
    });
    return this.bytes;
  }

  abort(err: unknown): void {
    this.zip.terminate();
    this.out.destroy(err instanceof Error ? err : new Error(String(err)));
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    while (this.pending.length) {
      const chunk = this.pending.shift() as Uint8Array;
      this.bytes += chunk.length;
      if (this.out.destroyed) throw new Error("The archive's destination was closed before the export finished.");
      if (!this.out.write(chunk)) await drained(this.out);
    }
  }
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off("drain", ok);
      out.off("error", done);
      out.off("close", closed);
      if (err) reject(err);
      else resolve();
    };
    const ok = () => done();
    const closed = () => done(new Error("The archive's destination was closed before the export finished."));
    out.on("drain", ok);
    out.on("error", done);
    out.on("close", closed);
  });
}

function readme(brandName: string, exportedAt: string): string {
  return `Chorus brand archive: ${brandName}, exported ${exportedAt}.

csv/        the posts with their publications and metrics, comments, mentions and post metrics,
            for a spreadsheet (UTF-8).
data/       every table of the brand as JSON lines: one JSON object per line, one line per row.
media/      the media library's files, named by their id in data/media_assets.jsonl
            (".thumb": the thumbnail).
manifest.json  what is inside: row counts, the SHA-256 of every file, what is not included.

Channel credentials and other secrets are not in this archive. Import it into a Chorus with
\`chorus import archive FILE.zip --workspace ID\` or on the brand page; the format is described in
docs/archive.md of Chorus.
`;
}
