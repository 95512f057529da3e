/**
 * Where a brand listens: a network searched through one of its connected accounts, an RSS/Atom/JSON
 * feed added by address, or files imported by hand (CSV or JSON from any other tool). A feed is read
 * once when it is added, so a page that is not a feed, a private address or a dead server is refused
 * at once with what to do; later failures show on the source (state, error, next try) and nothing
 * else stops. An import is all or nothing: one bad row and nothing is stored, with every problem
 * listed by line.
 */
import { parse as parseCsv } from "csv-parse/sync";
import type { Kysely } from "kysely";
import { z } from "zod";
import { hostOf } from "../../domain/listening-query.js";
import { AppError, type FieldProblem, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database, ListeningSourcesTable, ListeningSourceState, ListeningSourceType } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { type ListeningDeps, nowOf } from "./deps.js";
import { FeedError, readFeed } from "./feed.js";
import { type IncomingPost, storeMentions } from "./ingest.js";
import { compiledQueries } from "./queries.service.js";

export const listenRunKind = "listening.run";

export type SourceView = {
  id: string;
  brandId: string;
  type: ListeningSourceType;
  name: string;
  channel: { id: string; network: string; handle: string } | null;
  url: string | null;
  enabled: boolean;
  state: ListeningSourceState;
  lastRunAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  failures: number;
  nextRunAt: string | null;
  itemsTotal: number;
  itemsLastRun: number;
  createdAt: string;
};

type Row = ListeningSourcesTable & { network: string | null; handle: string | null };

function present(r: Row): SourceView {
  return {
    id: r.id,
    brandId: r.brand_id,
    type: r.type,
    name: r.name,
    channel: r.channel_id && r.network ? { id: r.channel_id, network: r.network, handle: r.handle ?? "" } : null,
    url: r.url,
    enabled: r.enabled === 1,
    state: r.enabled === 1 ? r.state : "paused",
    lastRunAt: r.last_run_at,
    lastOkAt: r.last_ok_at,
    lastError: r.last_error,
    failures: r.failures,
    nextRunAt: r.enabled === 1 ? r.next_run_at : null,
    itemsTotal: r.items_total,
    itemsLastRun: r.items_last_run,
    createdAt: r.created_at,
  };
}

function selectSources(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom("listening_sources")
    .leftJoin("channels", "channels.id", "listening_sources.channel_id")
    .selectAll("listening_sources")
    .select(["channels.network", "channels.handle"])
    .where("listening_sources.workspace_id", "=", workspaceId);
}

export async function listSources(deps: Pick<ListeningDeps, "db">, actor: Actor, workspaceId: string, brandId: string): Promise<SourceView[]> {
  await requireAccess(deps.db, actor, workspaceId, "listening.read");
  await findBrand(deps.db, workspaceId, brandId);
  const rows = await selectSources(deps.db, workspaceId).where("listening_sources.brand_id", "=", brandId).orderBy("listening_sources.created_at").execute();
  return rows.map(present);
}

async function loadSource(db: Kysely<Database>, workspaceId: string, id: string): Promise<SourceView> {
  const row = await selectSources(db, workspaceId).where("listening_sources.id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Listening source");
  return present(row);
}

export type SourceInput = { brandId: string; name?: string | undefined } & ({ type: "network"; channelId: string } | { type: "feed"; url: string });

export async function createSource(deps: ListeningDeps, actor: Actor, workspaceId: string, input: SourceInput): Promise<SourceView> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  await findBrand(deps.db, workspaceId, input.brandId);
  const now = nowOf(deps).toISOString();
  let row: ListeningSourcesTable;
  if (input.type === "network") {
    const channel = await deps.db.selectFrom("channels").selectAll().where("id", "=", input.channelId).where("workspace_id", "=", workspaceId).executeTakeFirst();
    if (!channel) throw notFound("Channel");
    if (channel.brand_id !== input.brandId) throw new AppError("validation_failed", "The account belongs to another brand: listen through one of this brand's accounts.", { errors: [{ path: "channelId", message: "Not an account of this brand" }] });
    const connector = deps.registry.get(channel.network);
    if (!connector?.search && !connector?.capabilities.overhears) {
      throw new AppError("validation_failed", `${connector?.displayName ?? channel.network} gives no search of public posts, so Chorus cannot listen there through an account. Add an RSS feed or import mentions instead.`, {
        errors: [{ path: "channelId", message: "This network cannot search" }],
      });
    }
    const taken = await deps.db.selectFrom("listening_sources").select("id").where("brand_id", "=", input.brandId).where("channel_id", "=", channel.id).executeTakeFirst();
    if (taken) throw new AppError("conflict", `The brand already listens on ${connector.displayName} through @${channel.handle}.`);
    // A network that cannot search but overhears (Telegram) listens in the chats its bot is in.
    const what = connector.search ? "search" : "groups and channels of the bot";
    row = base(workspaceId, input.brandId, "network", input.name?.trim() || `${connector.displayName} ${what} (@${channel.handle})`, now);
    row.channel_id = channel.id;
  } else {
    const url = feedUrl(input.url);
    const taken = await deps.db.selectFrom("listening_sources").select("id").where("brand_id", "=", input.brandId).where("url", "=", url).executeTakeFirst();
    if (taken) throw new AppError("conflict", "The brand already reads this feed.");
    let title: string | null = null;
    try {
      const feed = await readFeed(url, { allowPrivate: deps.allowPrivateUrls });
      title = feed.status === "ok" ? feed.title : null;
    } catch (err) {
      if (err instanceof FeedError) throw new AppError("validation_failed", err.message, { errors: [{ path: "url", message: err.message }] });
      throw err;
    }
    row = base(workspaceId, input.brandId, "feed", input.name?.trim() || title?.trim() || (hostOf(url) ?? url), now);
    row.url = url;
  }
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto("listening_sources").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.source.create", targetType: "listening_source", targetId: row.id, data: { type: row.type, name: row.name, url: row.url }, ip: actor.ip ?? null });
  });
  await deps.queue.enqueue(listenRunKind, { sourceId: row.id }, { key: `listen:${row.id}:created` });
  return loadSource(deps.db, workspaceId, row.id);
}

function base(workspaceId: string, brandId: string, type: ListeningSourceType, name: string, now: string): ListeningSourcesTable {
  return {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: brandId,
    type,
    name: name.slice(0, 120),
    channel_id: null,
    url: null,
    config: "{}",
    enabled: 1,
    state: "new",
    last_run_at: null,
    last_ok_at: null,
    last_error: null,
    failures: 0,
    next_run_at: now,
    items_total: 0,
    items_last_run: 0,
    created_at: now,
  };
}

function feedUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError("validation_failed", "The feed address is not a URL: paste the address of the RSS or Atom feed, starting with https://.", { errors: [{ path: "url", message: "Not a URL" }] });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new AppError("validation_failed", "A feed address starts with https:// or http://.", { errors: [{ path: "url", message: "Only http and https" }] });
  if (url.username || url.password) throw new AppError("validation_failed", "Remove the user name and password from the feed address.", { errors: [{ path: "url", message: "No credentials in the address" }] });
  return url.toString();
}

export async function updateSource(deps: ListeningDeps, actor: Actor, workspaceId: string, id: string, patch: { name?: string | undefined; enabled?: boolean | undefined }): Promise<SourceView> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const source = await loadSource(deps.db, workspaceId, id);
  const set: Partial<ListeningSourcesTable> = {};
  if (patch.name !== undefined) set.name = patch.name.trim().slice(0, 120);
  if (patch.enabled !== undefined) {
    set.enabled = patch.enabled ? 1 : 0;
    // Resuming runs at once and forgets the backoff.
    if (patch.enabled && !source.enabled) Object.assign(set, { next_run_at: nowOf(deps).toISOString(), failures: 0 });
  }
  if (Object.keys(set).length) {
    await deps.db.transaction().execute(async (tx) => {
      await tx.updateTable("listening_sources").set(set).where("id", "=", id).execute();
      await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.source.update", targetType: "listening_source", targetId: id, data: patch, ip: actor.ip ?? null });
    });
  }
  return loadSource(deps.db, workspaceId, id);
}

/** Deleting a source keeps the mentions it found (they lose their source). */
export async function deleteSource(deps: Pick<ListeningDeps, "db">, actor: Actor, workspaceId: string, id: string): Promise<void> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const source = await loadSource(deps.db, workspaceId, id);
  await deps.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("listening_sources").where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.source.delete", targetType: "listening_source", targetId: id, data: { name: source.name }, ip: actor.ip ?? null });
  });
}

/** Runs a source now (once a minute at most). */
export async function runSourceNow(deps: ListeningDeps, actor: Actor, workspaceId: string, id: string): Promise<SourceView> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const source = await loadSource(deps.db, workspaceId, id);
  if (source.type === "import") throw new AppError("validation_failed", "An import has nothing to fetch: import another file instead.");
  if (!source.enabled) throw new AppError("conflict", "The source is paused: resume it first.");
  const minute = Math.floor(nowOf(deps).getTime() / 60_000);
  await deps.queue.enqueue(listenRunKind, { sourceId: id }, { key: `listen:${id}:now:${minute}` });
  return source;
}

// ---- Import ----

export const importMaxRows = 50_000;

const importRow = z.object({
  text: z.string().trim().min(1, "text is empty").max(20_000, "text is longer than 20,000 characters"),
  url: z.url({ message: "url is not a URL" }).nullable().optional(),
  author: z.string().trim().max(200).nullable().optional(),
  author_handle: z.string().trim().max(200).nullable().optional(),
  followers: z.coerce.number({ message: "followers is not a number" }).int("followers is not a whole number").min(0, "followers is negative").nullable().optional(),
  published_at: z.string().refine((v) => Number.isFinite(Date.parse(v)), "published_at is not a date (use ISO 8601, e.g. 2026-11-23T09:30:00Z)"),
  source: z.string().trim().max(100).nullable().optional(),
  id: z.string().trim().max(300).nullable().optional(),
  title: z.string().trim().max(500).nullable().optional(),
  likes: z.coerce.number().int().min(0).nullable().optional(),
  reposts: z.coerce.number().int().min(0).nullable().optional(),
});

export type ImportResult = { sourceId: string; rows: number; added: number; duplicates: number; alreadyHeld: number };

/**
 * Imports mentions from a CSV (header row; comma or semicolon) or a JSON array / JSON lines, with
 * the columns text, published_at and optionally url, author, author_handle, followers, source, id,
 * title, likes, reposts. Every row is checked before anything is stored.
 */
export async function importMentions(
  deps: ListeningDeps,
  actor: Actor,
  workspaceId: string,
  input: { brandId: string; format: "csv" | "json"; content: string; name?: string | undefined },
): Promise<ImportResult> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  await findBrand(deps.db, workspaceId, input.brandId);
  const records = input.format === "csv" ? readCsv(input.content) : readJson(input.content);
  if (records.length === 0) throw new AppError("validation_failed", "The file has no rows to import.");
  if (records.length > importMaxRows) throw new AppError("payload_too_large", `The file has ${records.length} rows; import at most ${importMaxRows} at a time.`);
  const problems: FieldProblem[] = [];
  const posts: IncomingPost[] = [];
  for (const { line, value } of records) {
    const parsed = importRow.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (problems.length < 100) problems.push({ path: `line ${line}${issue.path.length ? `.${issue.path.join(".")}` : ""}`, message: issue.message });
      }
      continue;
    }
    const r = parsed.data;
    const handle = r.author_handle || r.author || (r.url ? (hostOf(r.url) ?? r.url) : "unknown");
    posts.push({
      externalId: r.id || r.url || `${handle}|${r.published_at}|${r.text.slice(0, 80)}`,
      url: r.url ?? null,
      authorName: r.author || handle,
      authorHandle: handle,
      authorFollowers: r.followers ?? null,
      text: r.text,
      title: r.title ?? null,
      occurredAt: r.published_at,
      likes: r.likes ?? 0,
      reposts: r.reposts ?? 0,
      links: r.url ? [r.url] : [],
    });
  }
  if (problems.length) {
    throw new AppError("validation_failed", `${problems.length === 100 ? "At least 100" : problems.length} problem(s) in the file; nothing was imported. Fix the rows listed in "errors".`, { errors: problems });
  }
  const now = nowOf(deps);
  const name = input.name?.trim() || `Import ${now.toISOString().slice(0, 10)}`;
  let source = await deps.db.selectFrom("listening_sources").select("id").where("brand_id", "=", input.brandId).where("type", "=", "import").where("name", "=", name).executeTakeFirst();
  if (!source) {
    const row = { ...base(workspaceId, input.brandId, "import", name, now.toISOString()), state: "ok" as const, next_run_at: null };
    await deps.db.insertInto("listening_sources").values(row).execute();
    source = { id: row.id };
  }
  const queries = await compiledQueries(deps.db, input.brandId);
  const classify = await deps.classifierFor(workspaceId);
  const result = await storeMentions(deps.db, { workspaceId, brandId: input.brandId, sourceId: source.id, network: "import" }, posts, queries, classify, { now, keepUnmatched: true });
  await deps.db
    .updateTable("listening_sources")
    .set((eb) => ({ last_run_at: now.toISOString(), last_ok_at: now.toISOString(), items_last_run: result.added, items_total: eb("items_total", "+", result.added), state: "ok" }))
    .where("id", "=", source.id)
    .execute();
  await recordAudit(deps.db, { workspaceId, actorUserId: actor.userId, action: "listening.import", targetType: "listening_source", targetId: source.id, data: { rows: posts.length, added: result.added }, ip: actor.ip ?? null });
  return { sourceId: source.id, rows: posts.length, added: result.added, duplicates: result.duplicates, alreadyHeld: result.updated };
}

type RawRecord = { line: number; value: Record<string, unknown> };

function readCsv(content: string): RawRecord[] {
  const firstLine = content.slice(0, content.indexOf("\n") === -1 ? content.length : content.indexOf("\n"));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(content, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), delimiter, bom: true, skip_empty_lines: true, relax_column_count: false, trim: true });
  } catch (err) {
    throw new AppError("validation_failed", `The CSV could not be read: ${err instanceof Error ? err.message : String(err)}. Use a header row and commas or semicolons.`);
  }
  const header = Object.keys(rows[0] ?? {});
  for (const required of ["text", "published_at"]) {
    if (rows.length && !header.includes(required)) {
      throw new AppError("validation_failed", `The CSV has no "${required}" column. Columns found: ${header.join(", ")}. Required: text, published_at.`, { errors: [{ path: "header", message: `Missing column ${required}` }] });
    }
  }
  // Line numbers as a spreadsheet shows them: the header is line 1.
  return rows.map((value, i) => ({ line: i + 2, value: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === "" ? null : v])) }));
}

function readJson(content: string): RawRecord[] {
  const trimmed = content.trim();
  if (trimmed.startsWith("[")) {
    let arr: unknown;
    try {
      arr = JSON.parse(trimmed);
    } catch (err) {
      throw new AppError("validation_failed", `The JSON could not be read: ${err instanceof Error ? err.message : String(err)}. Send an array of objects or one object per line.`);
    }
    if (!Array.isArray(arr)) throw new AppError("validation_failed", "The JSON must be an array of objects, or one object per line.");
    return arr.map((value, i) => ({ line: i + 1, value: (value ?? {}) as Record<string, unknown> }));
  }
  // JSON lines: each line on its own, so a broken one is named by its number.
  const records: RawRecord[] = [];
  const broken: FieldProblem[] = [];
  trimmed.split("\n").forEach((raw, i) => {
    const l = raw.trim();
    if (!l) return;
    try {
      records.push({ line: i + 1, value: JSON.parse(l) as Record<string, unknown> });
    } catch {
      if (broken.length < 100) broken.push({ path: `line ${i + 1}`, message: "not a JSON object" });
    }
  });
  if (broken.length) throw new AppError("validation_failed", `${broken.length} line(s) are not JSON; nothing was imported. Fix the lines listed in "errors".`, { errors: broken });
  return records;
}
