/**
 * Storing what listening found. One batch (a page of a search, a feed, an import) in one
 * transaction: each post is matched against the brand's queries with Chorus's own query language,
 * posts no query matches are dropped (network searches are looser than queries), the rest become
 * mentions — one per post on the network (brand, network, external id), however many sources and
 * queries find it — with a language, a sentiment from the workspace's classifier, a fingerprint
 * that marks copies and reposts as duplicates of the first (near-copies too: see text.ts), and
 * their terms counted per day.
 * A post seen again updates its counts and gains the queries it newly matches; nothing else moves,
 * so at-least-once jobs and overlapping searches are harmless.
 */
import { type Kysely, CompiledQuery as KyselyQuery, PostgresAdapter, sql } from "kysely";
import type { RemotePost } from "../../connectors/types.js";
import { matchesPrepared, prepare, type QueryNode } from "../../domain/listening-query.js";
import { newId } from "../../store/ids.js";
import { inTransaction } from "../../store/db.js";
import type { Database } from "../../store/schema.js";
import type { Classify } from "./deps.js";
import { touchDays, touchMentions } from "./rollups.js";
import { bandCount, bandsOf, comparedWords, fingerprint, isNearCopy, shinglesOf, similarity, termsOf } from "./text.js";

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
  // Copies and reposts repeat a text: each distinct text is classified once per batch.
  const analyses = new Map<string, ReturnType<Classify>>();
  const analysisOf = (text: string) => {
    let a = analyses.get(text);
    if (a === undefined) {
      a = classify(text);
      analyses.set(text, a);
    }
    return a;
  };
  const candidates: Candidate[] = [];
  for (const post of latest.values()) {
    const analysisText = post.title ? `${post.title}\n${post.text}` : post.text;
    const prepared = prepare({ text: analysisText, authorHandle: post.authorHandle, url: post.url, links: post.links, lang: post.lang ?? null });
    // lang: in a query means the language Chorus detects; the network's declared one fills in when
    // detection has nothing to go on.
    let matched = queries.filter((q) => matchesPrepared(q.node, prepared)).map((q) => q.id);
    if (matched.length === 0 && !opts.keepUnmatched && anyLang) {
      const detected = analysisOf(analysisText).lang;
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
  await inTransaction(db, async (tx) => {
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
      if (seen.length) {
        // Their new counts in one statement (a join on the values), not one for each post; the
        // follower count only when the network gave one.
        const heldId = (c: Candidate) => (held.get(c.post.externalId) as { id: string }).id;
        const counts = sql.join(
          seen.map((c) => sql`(${heldId(c)}, cast(${c.post.likes ?? 0} as integer), cast(${c.post.reposts ?? 0} as integer), cast(${c.post.replies ?? 0} as integer), cast(${c.post.authorFollowers ?? null} as integer))`),
        );
        await sql`update mentions set likes = v.column2, reposts = v.column3, replies = v.column4, author_followers = coalesce(v.column5, mentions.author_followers)
          from (values ${counts}) as v where mentions.id = v.column1`.execute(tx);
        const links = seen.flatMap((c) => c.matched.map((q) => ({ mention_id: heldId(c), query_id: q, published_at: c.publishedAt })));
        if (links.length) await tx.insertInto("mention_queries").values(links).onConflict((oc) => oc.doNothing()).execute();
        result.updated += seen.length;
      }
      // Counts and query links changed: the days' rollups are stale (see rollups.ts).
      await touchDays(
        tx,
        target.brandId,
        seen.map((c) => c.publishedAt),
      );
      if (fresh.length === 0) continue;

      // Oldest first, so the original of a text is the earliest post of it, whichever order the
      // network answered in (searches answer newest first: reposts before what they repost).
      fresh.sort((x, y) => (x.publishedAt < y.publishedAt ? -1 : x.publishedAt > y.publishedAt ? 1 : 0));
      const keys = fresh.map((c) => textKeys(c.post, c.matched, c.publishedAt));
      const firstOf = await firstMentions(tx, target.brandId, [...new Set(keys.map((t) => t.print))]);
      // Near-copies are looked for only when no exact copy is held (the fast path), and once per
      // text: its repeats in the part fold onto its first.
      const looked = new Set<string>();
      const near = await heldNearOriginals(
        tx,
        target.brandId,
        keys.map((t) => {
          if (firstOf.has(t.print) || looked.has(t.print)) return null;
          looked.add(t.print);
          return t;
        }),
      );
      /** Originals held that a newly found, earlier post of the same text replaces: old id → new id. */
      const replaced = new Map<string, string>();
      /** The originals this part adds, by id and by band, so its later posts fold onto them too. */
      const added = new Map<string, Original>();
      const addedBands = new Map<number, Original[]>();
      /** Band rows of replaced originals, dropped once the replacement is stored. */
      const dropped: BandRows[] = [];
      /** The current original of a text: an original this part replaced hands over to its replacement. */
      const current = (o: Original): Original => {
        for (let next = replaced.get(o.id); next !== undefined; next = replaced.get(o.id)) o = added.get(next) as Original;
        return o;
      };
      const values = fresh.map((c, k) => {
        const key = keys[k] as TextKeys;
        const text = c.post.title ? `${c.post.title}\n${c.post.text}` : c.post.text;
        const a = analysisOf(text);
        const id = newId();
        let found = firstOf.get(key.print);
        if (found === undefined && key.shingles && key.bands) found = nearest(key.shingles, key.at, [...(near[k] ?? []), ...mostShared(addedBands, keysOf(key.bands, null))]);
        const original = found && current(found);
        let duplicateOf: string | null = null;
        let takesOver = false;
        const becomeOriginal = () => {
          const self: Original = { id, publishedAt: c.publishedAt, at: key.at, shingles: key.shingles };
          added.set(id, self);
          firstOf.set(key.print, self);
          if (key.bands) for (const bk of keysOf(key.bands, null)) push(addedBands, bk, self);
        };
        if (original === undefined) becomeOriginal();
        else if (original.publishedAt > c.publishedAt) {
          replaced.set(original.id, id);
          takesOver = true;
          becomeOriginal();
          // Replaced originals are always held ones (the part is oldest first). One found by its
          // fingerprint has this post's words; one found by its bands matched the same queries.
          if (key.bands) dropped.push({ id: original.id, at: original.at, bands: original.shingles ? bandsOf(original.shingles, key.scope) : key.bands });
        } else {
          duplicateOf = original.id;
          firstOf.set(key.print, original);
        }
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
          fingerprint: key.print,
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
      const handedOver = [...replaced].filter(([, newOriginal]) => insertedIds.has(newOriginal));
      if (handedOver.length) {
        // The replaced original and its copies become copies of the new one: two statements for
        // the whole part (a join on the pairs), not two for each pair.
        const pairs = sql.join(handedOver.map(([oldId, newOriginal]) => sql`(${oldId}, ${newOriginal})`));
        await sql`update mentions set duplicate_of = v.column2 from (values ${pairs}) as v where mentions.duplicate_of = v.column1`.execute(tx);
        await sql`update mentions set duplicate_of = v.column2 from (values ${pairs}) as v where mentions.id = v.column1`.execute(tx);
        result.duplicates += handedOver.length;
      }
      // Only originals are found by their bands.
      const newOriginals = values.flatMap((v, k) => {
        const { bands, shingles, at } = keys[k] as TextKeys;
        return v.duplicate_of === null && bands && shingles && insertedIds.has(v.id) ? [{ id: v.id, at, bands, shingles }] : [];
      });
      for (const o of newOriginals) remember(o.id, o.at, o.shingles);
      await storeBands(
        tx,
        target.brandId,
        newOriginals,
        dropped.filter((d) => insertedIds.has(replaced.get(d.id) as string)),
      );
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

      await touchDays(
        tx,
        target.brandId,
        values.filter((v) => insertedIds.has(v.id)).map((v) => v.published_at),
      );
      // Copies folded under a new original count toward its author now.
      if (replaced.size) await touchMentions(tx, [...replaced.values()]);
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

/** The original (earliest) mention of each fingerprint the brand already holds. */
async function firstMentions(tx: Kysely<Database>, brandId: string, prints: string[]): Promise<Map<string, Original>> {
  const first = new Map<string, Original>();
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
      if (!held || r.published_at < held.publishedAt) first.set(r.fingerprint, { id: r.id, publishedAt: r.published_at, at: Date.parse(r.published_at), shingles: null });
    }
  }
  return first;
}

// --- Near-copies (see text.ts) -------------------------------------------------------------------

/**
 * Near-copies fold only when published within a week of each other (exact copies at any distance):
 * a text spreads in days, while nearly the same words a week or more apart are more likely a new
 * post — next week's offer, the same complaint again.
 */
const nearCopyWindowMs = 7 * 86_400_000;
/**
 * Band rows are kept by fortnight of publication (since 1970), so the posts of a batch, mostly of
 * the same days, write their rows to a few pages of the index instead of one page each (a write at a
 * random place of a large index costs a page at commit). A post's window, a week either side,
 * overlaps one or two fortnights: those are read.
 */
const periodMs = 2 * nearCopyWindowMs;
const periodOf = (ms: number) => Math.floor(ms / periodMs);
/** The fortnights a post's window overlaps. */
const periodsAround = (at: number): number[] => {
  const first = periodOf(at - nearCopyWindowMs);
  const last = periodOf(at + nearCopyWindowMs);
  return first === last ? [first] : [first, last];
};

/** An original a post may be a copy of: held, or added earlier in the same part. */
type Original = { id: string; publishedAt: string; at: number; shingles: Int32Array | null };

/** What a post is compared by: its fingerprint, and for 8 words or more its grams and band values. */
type TextKeys = { print: string; shingles: Int32Array | null; bands: Int32Array | null; scope: string; at: number };

function textKeys(post: IncomingPost, matched: string[], publishedAt: string): TextKeys {
  const text = post.title ? `${post.title} ${post.text}` : post.text;
  const words = comparedWords(text);
  const shingles = shinglesOf(words);
  // Keyed by the queries matched: a text that names a competitor where its near-copy named the
  // brand is a different mention, however few words differ.
  const scope = [...matched].sort().join(" ");
  return { print: fingerprint(text, post.authorHandle, words), shingles, bands: shingles && bandsOf(shingles, scope), scope, at: Date.parse(publishedAt) };
}

/** Of the originals sharing bands with a post, how many have their similarity computed: those sharing most. */
const nearCandidates = 4;

/** A band value of a fortnight as one Map key (exact in a double: the value takes the low 32 bits). */
const bandKey = (period: number, band: number, value: number) => (period * bandCount + band) * 4_294_967_296 + (value >>> 0);

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The `nearCandidates` holders of these band values that hold most of them. */
function mostShared<T>(holders: Map<number, T[]>, keys: number[]): T[] {
  let shared: Map<T, number> | undefined;
  for (const key of keys) {
    const list = holders.get(key);
    if (list === undefined) continue;
    shared ??= new Map();
    for (const h of list) shared.set(h, (shared.get(h) ?? 0) + 1);
  }
  if (shared === undefined) return [];
  if (shared.size <= nearCandidates) return [...shared.keys()];
  return [...shared]
    .sort((x, y) => y[1] - x[1])
    .slice(0, nearCandidates)
    .map(([h]) => h);
}

/** The keys of a post's bands in the fortnights around it (at null: one set, outside time). */
function keysOf(bands: Int32Array, at: number | null): number[] {
  const keys: number[] = [];
  for (const period of at === null ? [0] : periodsAround(at)) {
    for (let band = 0; band < bandCount; band++) keys.push(bandKey(period, band, bands[band] as number));
  }
  return keys;
}

/** The candidate most like the text when it is a near-copy of it, within the window (the earliest of equals). */
function nearest(shingles: Int32Array, at: number, candidates: Original[]): Original | undefined {
  let best: Original | undefined;
  let bestSimilarity = 0;
  for (const c of candidates) {
    if (!c.shingles || Math.abs(c.at - at) > nearCopyWindowMs || !isNearCopy(shingles, c.shingles)) continue;
    const s = similarity(shingles, c.shingles);
    if (s > bestSimilarity || (s === bestSimilarity && best !== undefined && c.at < best.at)) {
      best = c;
      bestSimilarity = s;
    }
  }
  return best;
}

/** Selects of mention_bands per statement: SQLite allows 500 in a compound select. */
const selectsAtOnce = 48;

/**
 * For each post looked for (null: not), the held originals it may be a near-copy of: those sharing
 * most band values in the fortnights around it, read through mention_bands' primary key — never a
 * scan of the brand's mentions — then their texts by id, to compute the similarity.
 */
async function heldNearOriginals(tx: Kysely<Database>, brandId: string, posts: (TextKeys | null)[]): Promise<Original[][]> {
  /** Per fortnight, per band, the values to look for. */
  const wanted = new Map<number, Set<number>[]>();
  for (const p of posts) {
    if (!p?.bands) continue;
    for (const period of periodsAround(p.at)) {
      const sets = wanted.get(period) ?? Array.from({ length: bandCount }, () => new Set<number>());
      wanted.set(period, sets);
      for (let band = 0; band < bandCount; band++) sets[band]?.add(p.bands[band] as number);
    }
  }
  if (wanted.size === 0) return posts.map(() => []);
  // One select per fortnight and band, as a union in few statements: each is a range of the primary key.
  // (An OR of them would be one statement too, but SQLite without statistics reads the brand's rows for it.)
  const selects = [...wanted].flatMap(([period, sets]) => sets.map((values, band) => ({ period, band, values: [...values] })));
  const holders = new Map<number, string[]>();
  const postgres = isPostgres(tx);
  for (let i = 0; i < selects.length; i += selectsAtOnce) {
    const texts: string[] = [];
    const params: unknown[] = [];
    for (const s of selects.slice(i, i + selectsAtOnce)) {
      // PostgreSQL takes each list as one array parameter: less to parse and plan.
      texts.push(`select period, band, value, mention_id from mention_bands where brand_id = ? and period = ? and band = ? and value ${postgres ? "= any(?::integer[])" : `in (${placeholders(s.values.length)})`}`);
      params.push(brandId, s.period, s.band);
      if (postgres) params.push(s.values);
      else for (const v of s.values) params.push(v);
    }
    const rows = await rawQuery<{ period: number; band: number; value: number; mention_id: string }>(tx, texts.join(" union all "), params);
    for (const r of rows) push(holders, bandKey(r.period, r.band, r.value), r.mention_id);
  }
  if (holders.size === 0) return posts.map(() => []);
  const picks = posts.map((p) => (p?.bands ? mostShared(holders, keysOf(p.bands, p.at)) : []));
  // The grams this process keeps settle most candidates without their text: only those that are
  // near-copies, or not known here, are read — and so checked to be originals still (a row left
  // behind by an original that became a copy is passed over).
  const read = new Set<string>();
  picks.forEach((ids, k) => {
    const p = posts[k] as TextKeys;
    for (const id of ids) {
      const known = recent.get(id);
      if (!known?.shingles || (Math.abs(known.at - p.at) <= nearCopyWindowMs && isNearCopy(p.shingles as Int32Array, known.shingles))) read.add(id);
    }
  });
  const ids = [...read];
  const held = new Map<string, Original>();
  for (let i = 0; i < ids.length; i += chunk) {
    const texts = await tx
      .selectFrom("mentions")
      .select(["id", "title", "text", "published_at"])
      .where("id", "in", ids.slice(i, i + chunk))
      .where("duplicate_of", "is", null)
      .execute();
    for (const r of texts) {
      const known = recent.get(r.id) ?? remember(r.id, Date.parse(r.published_at), shinglesOf(comparedWords(r.title ? `${r.title} ${r.text}` : r.text)));
      held.set(r.id, { id: r.id, publishedAt: r.published_at, at: known.at, shingles: known.shingles });
    }
  }
  return picks.map((p) => p.flatMap((id) => held.get(id) ?? []));
}

type BandRows = { id: string; at: number; bands: Int32Array };

/**
 * The grams of originals this process stored or read lately, by id: a candidate known here is
 * checked without reading its text (a mention's text and time never change). Most candidates are
 * recent originals. Two generations of at most 10,000 each (about ten megabytes in all): when the
 * newer is full it becomes the older, and the older is dropped.
 */
type Known = { at: number; shingles: Int32Array | null };
let newer = new Map<string, Known>();
let older = new Map<string, Known>();
const generation = 10_000;
const recent = { get: (id: string): Known | undefined => newer.get(id) ?? older.get(id) };
function remember(id: string, at: number, shingles: Int32Array | null): Known {
  if (newer.size >= generation) {
    older = newer;
    newer = new Map();
  }
  const entry = { at, shingles };
  newer.set(id, entry);
  return entry;
}

/** Adds the band rows of new originals and drops those of the originals they replaced. */
async function storeBands(tx: Kysely<Database>, brandId: string, add: BandRows[], drop: BandRows[]) {
  // By whole primary keys: with lists of values and of ids apart, SQLite would seek every pair of them.
  const gone = drop.flatMap((d) => Array.from(d.bands, (value, band) => sql`(cast(${periodOf(d.at)} as integer), cast(${band} as integer), cast(${value} as integer), ${d.id})`));
  for (let i = 0; i < gone.length; i += bandRowsAtOnce) {
    await sql`delete from mention_bands where brand_id = ${brandId} and (period, band, value, mention_id) in (values ${sql.join(gone.slice(i, i + bandRowsAtOnce))})`.execute(tx);
  }
  if (add.length === 0) return;
  if (isPostgres(tx)) {
    // One array per column, whatever the number of rows.
    const periods: number[] = [];
    const bands: number[] = [];
    const values: number[] = [];
    const ids: string[] = [];
    for (const a of add) {
      for (let band = 0; band < bandCount; band++) {
        periods.push(periodOf(a.at));
        bands.push(band);
        values.push(a.bands[band] as number);
        ids.push(a.id);
      }
    }
    await rawQuery(
      tx,
      "insert into mention_bands (brand_id, period, band, value, mention_id) select ?, * from unnest(?::integer[], ?::integer[], ?::integer[], ?::text[]) on conflict do nothing",
      [brandId, periods, bands, values, ids],
    );
    return;
  }
  const originalsAtOnce = Math.floor(bandRowsAtOnce / bandCount);
  for (let i = 0; i < add.length; i += originalsAtOnce) {
    const part = add.slice(i, i + originalsAtOnce);
    const params: unknown[] = [];
    for (const a of part) for (let band = 0; band < bandCount; band++) params.push(brandId, periodOf(a.at), band, a.bands[band], a.id);
    const rows = Array.from({ length: part.length * bandCount }, () => "(?, ?, ?, ?, ?)").join(", ");
    await rawQuery(tx, `insert into mention_bands (brand_id, period, band, value, mention_id) values ${rows} on conflict do nothing`, params);
  }
}

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

const isPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Runs a statement written with ? placeholders ($1, $2… on PostgreSQL). The band statements carry
 * thousands of values, which the query builder would make into nodes one at a time.
 */
async function rawQuery<R>(tx: Kysely<Database>, text: string, params: unknown[]): Promise<R[]> {
  let n = 0;
  const sqlText = isPostgres(tx) ? text.replace(/\?/g, () => `$${++n}`) : text;
  return (await tx.executeQuery<R>(KyselyQuery.raw(sqlText, params))).rows;
}

/** Band rows per statement: five parameters each, well under both databases' limits. */
const bandRowsAtOnce = 2000;

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
  await inTransaction(db, async (tx) => {
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
