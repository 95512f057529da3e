/**
 * Storing what listening found. One batch (a page of a search, a feed, an import) in one
 * transaction: each post is matched against the brand's queries with Chorus's own query language,
 * posts no query matches are dropped (network searches are looser than queries), the rest become
 * mentions — one per post on the network (brand, network, external id), however many sources and
 * queries find it — with a language, a sentiment from the workspace's classifier, a fingerprint
 * that marks copies and reposts as duplicates of the first, and their terms counted per day.
 * A post seen again updates its counts and gains the queries it newly matches; nothing else moves,
 * so at-least-once jobs and overlapping searches are harmless.
 */
import type { Kysely } from "kysely";
import type { RemotePost } from "../../connectors/types.js";
import { matchesPrepared, prepare, type QueryNode } from "../../domain/listening-query.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import type { Classify } from "./deps.js";
import { fingerprint, termsOf } from "./text.js";

export type IncomingPost = RemotePost & { title?: string | null | undefined };
export type CompiledQuery = { id: string; node: QueryNode };
export type MentionTarget = { workspaceId: string; brandId: string; sourceId: string | null; network: string };

export type StoreMentionsResult = { added: number; updated: number; duplicates: number; unmatched: number };

const chunk = 400;

/** The day a term is counted under (UTC). */
const dayOf = (iso: string) => iso.slice(0, 10);

function isoOrNull(value: string): string | null {
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/**
 * Stores a batch. `keepUnmatched` keeps posts no query matches (an import: the file was chosen by a
 * person); otherwise they are dropped and counted as unmatched. `setAside` is the brand's relevance
 * judge (see relevance.ts): what it calls noise is stored set aside.
 */
export async function storeMentions(
  db: Kysely<Database>,
  target: MentionTarget,
  posts: IncomingPost[],
  queries: CompiledQuery[],
  classify: Classify,
  opts: { now: Date; keepUnmatched?: boolean; setAside?: ((text: string) => boolean) | null } = { now: new Date() },
): Promise<StoreMentionsResult> {
  const result: StoreMentionsResult = { added: 0, updated: 0, duplicates: 0, unmatched: 0 };
  // The last version of a post in the batch counts (a page may repeat one).
  const latest = new Map<string, IncomingPost>();
  for (const p of posts) if (p.externalId && p.text.trim()) latest.set(p.externalId, p);
  if (latest.size === 0) return result;
  const collectedAt = opts.now.toISOString();

  type Candidate = { post: IncomingPost; matched: string[]; publishedAt: string };
  // Detecting the language of a post no query matched costs more than the rest of matching: only
  // worth it when some query asks for a language.
  const anyLang = queries.some((q) => usesLang(q.node));
  const candidates: Candidate[] = [];
  for (const post of latest.values()) {
    const analysisText = post.title ? `${post.title}\n${post.text}` : post.text;
    const prepared = prepare({ text: analysisText, authorHandle: post.authorHandle, url: post.url, links: post.links, lang: post.lang ?? null });
    // lang: in a query means the language Chorus detects; the network's declared one fills in when
    // detection has nothing to go on.
    let matched = queries.filter((q) => matchesPrepared(q.node, prepared)).map((q) => q.id);
    if (matched.length === 0 && !opts.keepUnmatched && anyLang) {
      const detected = classify(analysisText).lang;
      if (detected && detected !== prepared.lang) {
        prepared.lang = detected;
        matched = queries.filter((q) => matchesPrepared(q.node, prepared)).map((q) => q.id);
      }
    }
    if (matched.length === 0 && !opts.keepUnmatched) {
      result.unmatched++;
      continue;
    }
    candidates.push({ post, matched, publishedAt: isoOrNull(post.occurredAt) ?? collectedAt });
  }
  if (candidates.length === 0) return result;

  // Inside a caller's transaction (the demo) the batch joins it; otherwise it is one of its own.
  const inTransaction = (fn: (tx: Kysely<Database>) => Promise<void>) => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
  await inTransaction(async (tx) => {
    for (let i = 0; i < candidates.length; i += chunk) {
      const part = candidates.slice(i, i + chunk);
      const held = new Map<string, { id: string }>();
      const rows = await tx
        .selectFrom("mentions")
        .select(["id", "external_id"])
        .where("brand_id", "=", target.brandId)
        .where("network", "=", target.network)
        .where(
          "external_id",
          "in",
          part.map((c) => c.post.externalId),
        )
        .execute();
      for (const r of rows) held.set(r.external_id, { id: r.id });

      const fresh = part.filter((c) => !held.has(c.post.externalId));
      const seen = part.filter((c) => held.has(c.post.externalId));
      for (const c of seen) {
        const id = (held.get(c.post.externalId) as { id: string }).id;
        await tx
          .updateTable("mentions")
          .set({ likes: c.post.likes ?? 0, reposts: c.post.reposts ?? 0, replies: c.post.replies ?? 0, ...(c.post.authorFollowers != null ? { author_followers: c.post.authorFollowers } : {}) })
          .where("id", "=", id)
          .execute();
        await linkQueries(tx, id, c.matched, c.publishedAt);
        result.updated++;
      }
      if (fresh.length === 0) continue;

      // Oldest first, so the original of a text is the earliest post of it, whichever order the
      // network answered in (searches answer newest first: reposts before what they repost).
      fresh.sort((x, y) => (x.publishedAt < y.publishedAt ? -1 : x.publishedAt > y.publishedAt ? 1 : 0));
      const prints = fresh.map((c) => fingerprint(c.post.title ? `${c.post.title} ${c.post.text}` : c.post.text, c.post.authorHandle));
      const firstOf = await firstMentions(tx, target.brandId, [...new Set(prints)]);
      /** Originals held that a newly found, earlier post of the same text replaces: old id → new id. */
      const replaced = new Map<string, string>();
      const values = fresh.map((c, k) => {
        const print = prints[k] as string;
        const text = c.post.title ? `${c.post.title}\n${c.post.text}` : c.post.text;
        const a = classify(text);
        const id = newId();
        const original = firstOf.get(print);
        let duplicateOf: string | null = null;
        let takesOver = false;
        if (original === undefined) firstOf.set(print, { id, publishedAt: c.publishedAt });
        else if (original.publishedAt > c.publishedAt) {
          replaced.set(original.id, id);
          takesOver = true;
          firstOf.set(print, { id, publishedAt: c.publishedAt });
        } else duplicateOf = original.id;
        return {
          id,
          workspace_id: target.workspaceId,
          brand_id: target.brandId,
          source_id: target.sourceId,
          network: target.network,
          external_id: c.post.externalId,
          url: c.post.url,
          author_name: c.post.authorName || c.post.authorHandle,
          author_handle: c.post.authorHandle,
          author_followers: c.post.authorFollowers,
          text: c.post.text,
          title: c.post.title ?? null,
          lang: a.lang ?? c.post.lang ?? null,
          sentiment: a.sentiment,
          sentiment_score: a.score,
          sentiment_confidence: a.confidence,
          likes: c.post.likes ?? 0,
          reposts: c.post.reposts ?? 0,
          replies: c.post.replies ?? 0,
          fingerprint: print,
          duplicate_of: duplicateOf,
          // A copy's words are its original's: never counted. An original that replaces an
          // older-found copy takes over that copy's count (see countTerms).
          terms_counted: duplicateOf !== null || takesOver ? 1 : 0,
          // The brand's relevance model, when it has one it trusts, sets noise aside ("model").
          irrelevant: opts.setAside?.(text) ? 2 : 0,
          published_at: c.publishedAt,
          collected_at: collectedAt,
        };
      });
      // A concurrent run may have stored some of them since the select: those rows are skipped here
      // and their query links written below all the same (the primary key keeps them single).
      const inserted = await tx
        .insertInto("mentions")
        .values(values)
        .onConflict((oc) => oc.columns(["brand_id", "network", "external_id"]).doNothing())
        .returning(["id", "external_id"])
        .execute();
      const insertedIds = new Set(inserted.map((r) => r.id));
      for (const [oldId, newOriginal] of replaced) {
        if (!insertedIds.has(newOriginal)) continue;
        await tx.updateTable("mentions").set({ duplicate_of: newOriginal }).where("duplicate_of", "=", oldId).execute();
        await tx.updateTable("mentions").set({ duplicate_of: newOriginal }).where("id", "=", oldId).execute();
        result.duplicates++;
      }
      const idOf = new Map(inserted.map((r) => [r.external_id, r.id]));
      const missing = fresh.filter((c) => !idOf.has(c.post.externalId)).map((c) => c.post.externalId);
      if (missing.length) {
        const again = await tx.selectFrom("mentions").select(["id", "external_id"]).where("brand_id", "=", target.brandId).where("network", "=", target.network).where("external_id", "in", missing).execute();
        for (const r of again) idOf.set(r.external_id, r.id);
      }
      const links = fresh.flatMap((c) => {
        const id = idOf.get(c.post.externalId);
        return id ? c.matched.map((q) => ({ mention_id: id, query_id: q, published_at: c.publishedAt })) : [];
      });
      if (links.length) await tx.insertInto("mention_queries").values(links).onConflict((oc) => oc.doNothing()).execute();

      for (const v of values) {
        if (!insertedIds.has(v.id)) continue;
        if (v.duplicate_of) result.duplicates++;
        result.added++;
      }
    }
  });
  return result;
}

function usesLang(node: QueryNode): boolean {
  if (node.type === "field") return node.field === "lang";
  if (node.type === "and" || node.type === "or") return node.items.some(usesLang);
  if (node.type === "not") return usesLang(node.item);
  return false;
}

async function linkQueries(tx: Kysely<Database>, mentionId: string, queryIds: string[], publishedAt: string) {
  if (queryIds.length === 0) return;
  await tx
    .insertInto("mention_queries")
    .values(queryIds.map((q) => ({ mention_id: mentionId, query_id: q, published_at: publishedAt })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The original (earliest) mention of each fingerprint the brand already holds. */
async function firstMentions(tx: Kysely<Database>, brandId: string, prints: string[]): Promise<Map<string, { id: string; publishedAt: string }>> {
  const first = new Map<string, { id: string; publishedAt: string }>();
  for (let i = 0; i < prints.length; i += chunk) {
    const rows = await tx
      .selectFrom("mentions")
      .select(["fingerprint", "id", "published_at"])
      .where("brand_id", "=", brandId)
      .where("fingerprint", "in", prints.slice(i, i + chunk))
      .where("duplicate_of", "is", null)
      .execute();
    for (const r of rows) {
      const held = first.get(r.fingerprint);
      if (!held || r.published_at < held.publishedAt) first.set(r.fingerprint, { id: r.id, publishedAt: r.published_at });
    }
  }
  return first;
}

/**
 * Counts the words and two-word phrases of mentions not counted yet into mention_terms (per brand,
 * UTC day and term), oldest first, at most `limit` mentions in one transaction. Run once a minute
 * by the listening sweep: counting in bulk merges a day's repeated terms into one row write, and
 * keeps storing mentions fast. Returns how many mentions were counted.
 */
export async function countTerms(db: Kysely<Database>, limit = 20_000): Promise<number> {
  const rows = await db.selectFrom("mentions").select(["id", "brand_id", "title", "text", "published_at"]).where("terms_counted", "=", 0).orderBy("collected_at").limit(limit).execute();
  if (rows.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const r of rows) {
    for (const term of termsOf(r.title ? `${r.title} ${r.text}` : r.text)) {
      const key = `${r.brand_id}|${dayOf(r.published_at)}|${term}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const values = [...counts].map(([key, mentions]) => {
    const [brandId, day] = key.split("|", 2) as [string, string];
    return { brand_id: brandId, day, term: key.slice(brandId.length + day.length + 2), mentions };
  });
  const run = (fn: (tx: Kysely<Database>) => Promise<void>) => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
  await run(async (tx) => {
    for (let i = 0; i < values.length; i += chunk) {
      await tx
        .insertInto("mention_terms")
        .values(values.slice(i, i + chunk))
        .onConflict((oc) => oc.columns(["brand_id", "day", "term"]).doUpdateSet((eb) => ({ mentions: eb("mention_terms.mentions", "+", eb.ref("excluded.mentions")) })))
        .execute();
    }
    for (let i = 0; i < rows.length; i += chunk) {
      await tx
        .updateTable("mentions")
        .set({ terms_counted: 1 })
        .where(
          "id",
          "in",
          rows.slice(i, i + chunk).map((r) => r.id),
        )
        .execute();
    }
  });
  return rows.length;
}
