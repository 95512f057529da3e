/**
 * Listening queries: what a brand listens for (its name, products, competitors, topics), written in
 * the query language of src/domain/listening-query.ts. A query is checked on every save — a syntax
 * error is refused with its position so the editor can point at it — and can be previewed before
 * saving: against the mentions the brand already holds and, live, against one page of each of the
 * brand's network sources.
 */
import type { Kysely } from "kysely";
import { matchesPrepared, parseQuery, prepare, type QueryNode, QuerySyntaxError, searchTerms } from "../../domain/listening-query.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database, ListeningQueriesTable, ListeningQueryKind } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { type ListeningDeps, nowOf } from "./deps.js";
import type { CompiledQuery } from "./ingest.js";

export type QueryCheck =
  | { ok: true; searchTerms: string[] | null }
  | { ok: false; message: string; position: number; length: number };

/** Whether a query parses, where it does not, and what a network search would be asked for. */
export function checkQuery(query: string): QueryCheck {
  try {
    return { ok: true, searchTerms: searchTerms(parseQuery(query)) };
  } catch (err) {
    if (err instanceof QuerySyntaxError) return { ok: false, message: err.message, position: err.position, length: err.length };
    throw err;
  }
}

function parsedOrRefuse(query: string): QueryNode {
  try {
    return parseQuery(query);
  } catch (err) {
    if (!(err instanceof QuerySyntaxError)) throw err;
    throw new AppError("validation_failed", `The query has a mistake at character ${err.position + 1}: ${err.message}`, {
      errors: [{ path: "query", message: err.message, position: err.position, length: err.length }],
    });
  }
}

export type ListeningQueryView = {
  id: string;
  brandId: string;
  name: string;
  kind: ListeningQueryKind;
  query: string;
  enabled: boolean;
  /** What network searches ask for; null when the query cannot be searched on networks (only fields). */
  searchTerms: string[] | null;
  mentions7d: number;
  createdAt: string;
  updatedAt: string;
};

function present(row: ListeningQueriesTable, mentions7d: number): ListeningQueryView {
  const check = checkQuery(row.query);
  return {
    id: row.id,
    brandId: row.brand_id,
    name: row.name,
    kind: row.kind,
    query: row.query,
    enabled: row.enabled === 1,
    searchTerms: check.ok ? check.searchTerms : null,
    mentions7d,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type Deps = Pick<ListeningDeps, "db" | "now">;

export async function listQueries(deps: Deps, actor: Actor, workspaceId: string, brandId: string): Promise<ListeningQueryView[]> {
  await requireAccess(deps.db, actor, workspaceId, "listening.read");
  await findBrand(deps.db, workspaceId, brandId);
  const rows = await deps.db.selectFrom("listening_queries").selectAll().where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).orderBy("created_at").execute();
  const since = new Date(nowOf(deps).getTime() - 7 * 86_400_000).toISOString();
  const counts = new Map<string, number>();
  if (rows.length) {
    const c = await deps.db
      .selectFrom("mention_queries")
      .select(["query_id", (eb) => eb.fn.countAll<number | string>().as("n")])
      .where(
        "query_id",
        "in",
        rows.map((r) => r.id),
      )
      .where("published_at", ">=", since)
      .groupBy("query_id")
      .execute();
    for (const r of c) counts.set(r.query_id, Number(r.n));
  }
  return rows.map((r) => present(r, counts.get(r.id) ?? 0));
}

export type QueryInput = { brandId: string; name: string; kind: ListeningQueryKind; query: string; enabled?: boolean | undefined };

export async function createQuery(deps: Deps, actor: Actor, workspaceId: string, input: QueryInput): Promise<ListeningQueryView> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  await findBrand(deps.db, workspaceId, input.brandId);
  parsedOrRefuse(input.query);
  const at = nowOf(deps).toISOString();
  const row: ListeningQueriesTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId,
    name: input.name,
    kind: input.kind,
    query: input.query,
    enabled: input.enabled === false ? 0 : 1,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto("listening_queries").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.query.create", targetType: "listening_query", targetId: row.id, data: { name: row.name, query: row.query }, ip: actor.ip ?? null });
  });
  return present(row, 0);
}

async function loadQuery(db: Kysely<Database>, workspaceId: string, id: string): Promise<ListeningQueriesTable> {
  const row = await db.selectFrom("listening_queries").selectAll().where("id", "=", id).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!row) throw notFound("Listening query");
  return row;
}

export async function updateQuery(
  deps: Deps,
  actor: Actor,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<QueryInput, "brandId">>,
): Promise<ListeningQueryView> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const row = await loadQuery(deps.db, workspaceId, id);
  if (patch.query !== undefined) parsedOrRefuse(patch.query);
  const next: ListeningQueriesTable = {
    ...row,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
    ...(patch.query !== undefined ? { query: patch.query } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
    updated_at: nowOf(deps).toISOString(),
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("listening_queries")
      .set({ name: next.name, kind: next.kind, query: next.query, enabled: next.enabled, updated_at: next.updated_at })
      .where("id", "=", id)
      .execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.query.update", targetType: "listening_query", targetId: id, data: { name: next.name, query: next.query, enabled: next.enabled === 1 }, ip: actor.ip ?? null });
  });
  return present(next, 0);
}

/** Deleting a query removes its links to mentions; mentions other queries matched stay. */
export async function deleteQuery(deps: Deps, actor: Actor, workspaceId: string, id: string): Promise<void> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const row = await loadQuery(deps.db, workspaceId, id);
  await deps.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("mention_queries").where("query_id", "=", id).execute();
    for (const table of ["mention_hours", "mention_source_days", "mention_author_days"] as const) await tx.deleteFrom(table).where("brand_id", "=", row.brand_id).where("scope", "=", id).execute();
    await tx.deleteFrom("listening_queries").where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.query.delete", targetType: "listening_query", targetId: id, data: { name: row.name }, ip: actor.ip ?? null });
  });
}

/** The brand's enabled queries, parsed (a stored query that no longer parses is skipped). */
export async function compiledQueries(db: Kysely<Database>, brandId: string): Promise<CompiledQuery[]> {
  const rows = await db.selectFrom("listening_queries").select(["id", "query"]).where("brand_id", "=", brandId).where("enabled", "=", 1).execute();
  const out: CompiledQuery[] = [];
  for (const r of rows) {
    try {
      out.push({ id: r.id, node: parseQuery(r.query) });
    } catch {
      // Saved queries are checked on save; a future grammar change must not stop the others.
    }
  }
  return out;
}

export type PreviewMention = {
  network: string;
  externalId: string;
  url: string | null;
  authorName: string;
  authorHandle: string;
  text: string;
  publishedAt: string;
  /** "stored": a mention the brand already holds; "live": found now by a source's search. */
  from: "stored" | "live";
};

export type QueryPreview = {
  matches: PreviewMention[];
  /** How many stored mentions were looked at (the newest ones). */
  scanned: number;
  sources: { id: string; name: string; found: number; error: string | null }[];
};

const previewScan = 5000;
const previewLimit = 50;
const liveTimeoutMs = 8000;

/**
 * What a query would match, before it is saved: the brand's newest stored mentions run through it,
 * and one page of each network source's search for its terms (each source bounded in time; a
 * failing source is reported, the others still answer).
 */
export async function previewQuery(deps: Pick<ListeningDeps, "db" | "now" | "registry" | "secrets">, actor: Actor, workspaceId: string, input: { brandId: string; query: string }): Promise<QueryPreview> {
  await requireAccess(deps.db, actor, workspaceId, "listening.read");
  await findBrand(deps.db, workspaceId, input.brandId);
  const node = parsedOrRefuse(input.query);
  const stored = await deps.db
    .selectFrom("mentions")
    .select(["network", "external_id", "url", "author_name", "author_handle", "text", "title", "lang", "published_at"])
    .where("brand_id", "=", input.brandId)
    .orderBy("published_at", "desc")
    .limit(previewScan)
    .execute();
  const matches: PreviewMention[] = [];
  const seen = new Set<string>();
  for (const m of stored) {
    const text = m.title ? `${m.title}\n${m.text}` : m.text;
    if (!matchesPrepared(node, prepare({ text, lang: m.lang, authorHandle: m.author_handle, url: m.url }))) continue;
    seen.add(`${m.network}|${m.external_id}`);
    if (matches.length < previewLimit) {
      matches.push({ network: m.network, externalId: m.external_id, url: m.url, authorName: m.author_name, authorHandle: m.author_handle, text, publishedAt: m.published_at, from: "stored" });
    }
  }

  const terms = searchTerms(node) ?? [];
  const sources = await deps.db
    .selectFrom("listening_sources")
    .innerJoin("channels", "channels.id", "listening_sources.channel_id")
    .select(["listening_sources.id", "listening_sources.name", "channels.network", "channels.external_id", "channels.handle", "channels.credentials_enc"])
    .where("listening_sources.brand_id", "=", input.brandId)
    .where("listening_sources.type", "=", "network")
    .where("listening_sources.enabled", "=", 1)
    .execute();
  const report: QueryPreview["sources"] = [];
  await Promise.all(
    sources.map(async (s) => {
      const connector = deps.registry.get(s.network);
      if (!connector?.search || !s.credentials_enc || terms.length === 0) {
        report.push({ id: s.id, name: s.name, found: 0, error: terms.length === 0 ? "The query has no words a network search can look for." : null });
        return;
      }
      const ctx = { externalId: s.external_id, handle: s.handle, credentials: deps.secrets.decryptJson<Record<string, unknown>>(s.credentials_enc) };
      let found = 0;
      try {
        for (const term of terms.slice(0, 5)) {
          const search = connector.search;
          const page = await withTimeout(search.call(connector, ctx, term, null, nowOf(deps)), liveTimeoutMs);
          for (const p of page.items) {
            const key = `${s.network}|${p.externalId}`;
            if (seen.has(key)) continue;
            if (!matchesPrepared(node, prepare({ text: p.text, lang: p.lang ?? null, authorHandle: p.authorHandle, url: p.url, links: p.links }))) continue;
            seen.add(key);
            found++;
            matches.push({ network: s.network, externalId: p.externalId, url: p.url, authorName: p.authorName, authorHandle: p.authorHandle, text: p.text, publishedAt: p.occurredAt, from: "live" });
          }
        }
        report.push({ id: s.id, name: s.name, found, error: null });
      } catch (err) {
        report.push({ id: s.id, name: s.name, found, error: err instanceof Error ? err.message : String(err) });
      }
    }),
  );
  matches.sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1));
  return { matches: matches.slice(0, previewLimit * 2), scanned: stored.length, sources: report };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No answer within ${ms / 1000} s.`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
