/**
 * The inbox's full-text search: what the user typed, turned into a condition on `inbox_items as i`
 * that the full-text index answers (FTS5 on SQLite, a GIN tsvector index on PostgreSQL; see
 * src/store/migrations/009-inbox-search.ts). Every word must match, each as a word prefix
 * ("коф" finds "кофейня"), in the text, the author's name or handle; "an exact phrase" in double
 * quotes matches those words in that order. Case never matters.
 * The user's text is always a bound value: it is quoted as one string of the search syntax, so
 * operators typed by the user (OR, NOT, -, *, parentheses) are plain words and never an error.
 * Punctuation is left to each database's tokenizer, which splits the indexed text the same way
 * ("@anna_k" is the words "anna" "k", found in the handle).
 */
import { type Expression, type Kysely, type RawBuilder, type SqlBool, SqliteAdapter, sql } from "kysely";
import type { BrandScope } from "../../domain/roles.js";
import type { Database } from "../../store/schema.js";

export type SearchTerm = { text: string; phrase: boolean };

/** More words than this narrow nothing down in practice and only make the query longer. */
const maxTerms = 12;

/**
 * The terms of a search: "quoted phrases" and single words. Terms without a letter or digit
 * (a lone "-", "%%", "*") are dropped: the tokenizers would make nothing of them either.
 */
export function parseSearch(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const m of query.matchAll(/"([^"]*)"|(\S+)/g)) {
    const phrase = m[1] !== undefined;
    const text = (m[1] ?? m[2] ?? "").trim();
    if (/[\p{L}\p{N}]/u.test(text)) terms.push({ text, phrase });
  }
  return terms.slice(0, maxTerms);
}

/** FTS5 query: each term one string (a double quote doubled), words as prefixes, all AND-ed. */
export function fts5Query(terms: SearchTerm[]): string {
  return terms.map((t) => `"${t.text.replaceAll('"', '""')}"${t.phrase ? "" : "*"}`).join(" ");
}

/**
 * PostgreSQL tsquery text: each term one quoted lexeme (quote and backslash escaped), which
 * to_tsquery splits into a phrase of words like to_tsvector does; `:*` makes the words prefixes.
 */
export function tsQuery(terms: SearchTerm[]): string {
  return terms.map((t) => `'${t.text.replace(/['\\]/g, (ch) => (ch === "'" ? "''" : "\\\\"))}'${t.phrase ? "" : ":*"}`).join(" & ");
}

/**
 * Up to this many matches (in all workspaces: the index is shared), the items are named one by one;
 * past it, the list walks its own index and tests each item, and soon has a page of matches.
 */
const fewMatches = 5000;

/** Never matches: for a query with no word in it, or none found in the workspace. */
const nothing = sql<SqlBool>`1 = 0`;

/**
 * The condition for `inbox_items as i` that keeps the workspace's items matching `query`. A query
 * with no word in it (only punctuation) matches nothing: showing everything would look like a
 * result.
 *
 * Matches are looked up first, because the planners misjudge how many there are: SQLite has no
 * statistics here and takes any filter to match a handful of rows; PostgreSQL guesses about 2% for
 * a prefix. Either then walks the list's index (workspace, time) testing every item, which costs
 * 0.1 s (SQLite) to 6 s (PostgreSQL recomputes each tsvector) at a million items when one matches.
 * Naming the few matches instead lets each list index seek straight to them, whatever the sort.
 *
 * With `brands` (a member limited to some brands) only those brands' items are named; the list
 * keeps its own brand condition too, so the fallback condition may match more.
 */
export async function inboxSearch(db: Kysely<Database>, workspaceId: string, query: string, brands: BrandScope = null): Promise<Expression<SqlBool>> {
  const terms = parseSearch(query);
  if (terms.length === 0) return nothing;
  const mine = sql<SqlBool>`x.workspace_id = ${workspaceId} and x.deleted_at is null${brands ? sql` and x.brand_id in (${sql.join(brands)})` : sql``}`;
  return db.getExecutor().adapter instanceof SqliteAdapter ? sqliteSearch(db, mine, fts5Query(terms)) : postgresSearch(db, mine, tsQuery(terms));
}

type Found = { mine: number | boolean };

/** The first matches (any workspace), each marked if it is a live item of this workspace (and the caller's brands). */
const firstMatches = async <T extends Found>(db: Kysely<Database>, query: RawBuilder<T>) => {
  const { rows } = await query.execute(db);
  return rows.length > fewMatches ? null : rows.filter((r) => r.mine);
};

async function sqliteSearch(db: Kysely<Database>, mine: RawBuilder<SqlBool>, match: string): Promise<Expression<SqlBool>> {
  const found = await firstMatches(
    db,
    sql<Found & { rowid: number; occurred_at: string; rank: number }>`
      select x.rowid, x.occurred_at, x.rank, (${mine}) as mine from inbox_items x
      where x.rowid in (select rowid from inbox_items_fts where inbox_items_fts match ${match} limit ${fewMatches + 1})`,
  );
  if (!found) return sql<SqlBool>`i.rowid in (select rowid from inbox_items_fts where inbox_items_fts match ${match})`;
  if (found.length === 0) return nothing;
  // The key SQLite's planner will seek by: occurred_at for the time indexes, rank too for the
  // priority sort's. An item whose rank moves in the milliseconds between the two queries is
  // missing from that one page.
  const keys = JSON.stringify(found.map((r) => [r.occurred_at, r.rowid, r.rank]));
  return sql<SqlBool>`(i.occurred_at, i.rowid, i.rank) in (select value ->> 0, value ->> 1, value ->> 2 from json_each(${keys}))`;
}

async function postgresSearch(db: Kysely<Database>, mine: RawBuilder<SqlBool>, tsquery: string): Promise<Expression<SqlBool>> {
  // The same expression as the index inbox_items_search, or PostgreSQL will not use it.
  const matches = (alias: string) =>
    sql<SqlBool>`to_tsvector('simple', coalesce(${sql.ref(`${alias}.text`)}, '') || ' ' || ${sql.ref(`${alias}.author_name`)} || ' ' || ${sql.ref(`${alias}.author_handle`)}) @@ to_tsquery('simple', ${tsquery})`;
  const found = await firstMatches(
    db,
    sql<Found & { id: string }>`select x.id, (${mine}) as mine from inbox_items x where ${matches("x")} limit ${fewMatches + 1}`,
  );
  if (!found) return matches("i");
  if (found.length === 0) return nothing;
  return sql<SqlBool>`i.id = any(${found.map((r) => r.id)}::text[])`;
}
