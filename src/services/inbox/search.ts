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
import { type Expression, type Kysely, type SqlBool, SqliteAdapter, sql } from "kysely";
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
 * Up to this many matches (in all workspaces: the index is shared), SQLite looks the items up one
 * by one; past it, it walks the list's own index and checks each item against the set of matches.
 */
const fewMatches = 5000;

/**
 * The condition for `inbox_items as i` that keeps the workspace's items matching `query`. A query
 * with no word in it (only punctuation) matches nothing: showing everything would look like a
 * result.
 */
export async function inboxSearch(db: Kysely<Database>, workspaceId: string, query: string): Promise<Expression<SqlBool>> {
  const terms = parseSearch(query);
  if (terms.length === 0) return sql<SqlBool>`1 = 0`;
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    // The same expression as the index inbox_items_search, or PostgreSQL will not use it.
    return sql<SqlBool>`to_tsvector('simple', coalesce(i.text, '') || ' ' || i.author_name || ' ' || i.author_handle) @@ to_tsquery('simple', ${tsQuery(terms)})`;
  }
  // SQLite has no statistics here, so it takes any filter on inbox_items to match a handful of
  // rows and walks the list's index (workspace[, brand], time) testing each item against the
  // matches: ~100 ms at a million items even when one item matches. So the matches are looked at
  // first. When there are few, the condition names each one by (occurred_at, rowid, rank), which
  // the list's indexes seek straight to, whatever the sort. When there are many, the walk is
  // right: it meets a page of matches soon.
  const match = fts5Query(terms);
  const { rows } = await sql<{ rowid: number; occurred_at: string; rank: number; mine: number }>`
    select x.rowid, x.occurred_at, x.rank, x.workspace_id = ${workspaceId} and x.deleted_at is null as mine from inbox_items x
    where x.rowid in (select rowid from inbox_items_fts where inbox_items_fts match ${match} limit ${fewMatches + 1})`.execute(db);
  if (rows.length > fewMatches) return sql<SqlBool>`i.rowid in (select rowid from inbox_items_fts where inbox_items_fts match ${match})`;
  const mine = rows.filter((r) => r.mine);
  if (mine.length === 0) return sql<SqlBool>`1 = 0`;
  // rank is part of the key for the priority sort's index; an item whose rank moves in the
  // milliseconds between the two queries is missing from that one page.
  const keys = JSON.stringify(mine.map((r) => [r.occurred_at, r.rowid, r.rank]));
  return sql<SqlBool>`(i.occurred_at, i.rowid, i.rank) in (select value ->> 0, value ->> 1, value ->> 2 from json_each(${keys}))`;
}
