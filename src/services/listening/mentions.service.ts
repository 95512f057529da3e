/**
 * The mentions feed and the work on it: filters (query, sentiment, network, source, language,
 * author, words, period), copies and reposts folded under the first mention, and what the team does
 * with a mention — mark it irrelevant (kept as training data for the brand's relevance model),
 * correct its sentiment (kept as training data for the workspace's sentiment model, as in the inbox),
 * or send it to the inbox to be answered through the brand's account on that network.
 */
import { type Expression, type Kysely, type Selectable, type SqlBool, SqliteAdapter, sql } from "kysely";
import { maybeScheduleTraining } from "../../jobs/train-model.job.js";
import { parseBrandSettings } from "../../domain/brand-settings.js";
import { dueAt } from "../../domain/inbox-priority.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database, MentionsTable, Sentiment } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { fts5Query, parseSearch, tsQuery } from "../inbox/search.js";
import { inboxItemRow } from "../inbox/item-row.js";
import { type ListeningDeps, nowOf } from "./deps.js";
import { touchMentions } from "./rollups.js";

export const relevanceKind = "listening.relevance";

export type MentionFilters = {
  brandId: string;
  queryId?: string | undefined;
  sentiment?: Sentiment | undefined;
  network?: string | undefined;
  sourceId?: string | undefined;
  lang?: string | undefined;
  author?: string | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** "relevant" (default): what the team has not set aside; "irrelevant": only those; "all". */
  show?: "relevant" | "irrelevant" | "all" | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
};

export type MentionView = {
  id: string;
  network: string;
  url: string | null;
  author: { name: string; handle: string; followers: number | null };
  title: string | null;
  text: string;
  lang: string | null;
  sentiment: Sentiment;
  sentimentScore: number;
  sentimentConfidence: number | null;
  sentimentCorrected: boolean;
  likes: number;
  reposts: number;
  replies: number;
  queries: { id: string; name: string; kind: string }[];
  source: { id: string; name: string; type: string } | null;
  /** How many copies and reposts of this text the brand holds (folded under it). */
  copies: number;
  duplicateOf: string | null;
  /** "person": a teammate set it aside; "model": the brand's relevance model thinks so. */
  irrelevant: "person" | "model" | null;
  inboxItemId: string | null;
  publishedAt: string;
  collectedAt: string;
};

const maxLimit = 100;

function encode(publishedAt: string, id: string) {
  return Buffer.from(`${publishedAt}|${id}`, "utf8").toString("base64url");
}

function decode(cursor: string): { publishedAt: string; id: string } {
  const [publishedAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!publishedAt || !id || !Number.isFinite(Date.parse(publishedAt))) {
    throw new AppError("validation_failed", "The cursor is not valid: pass the nextCursor value of a previous page.", { errors: [{ path: "cursor", message: "Invalid cursor" }] });
  }
  return { publishedAt, id };
}

/** The full-text condition on `mentions as m` (the index of migration 010). */
function searchCondition(db: Kysely<Database>, q: string): Expression<SqlBool> {
  const terms = parseSearch(q);
  if (terms.length === 0) return sql<SqlBool>`1 = 0`;
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    return sql<SqlBool>`m.rowid in (select rowid from mentions_fts where mentions_fts match ${fts5Query(terms)})`;
  }
  return sql<SqlBool>`to_tsvector('simple', coalesce(m.title, '') || ' ' || m.text || ' ' || m.author_name || ' ' || m.author_handle) @@ to_tsquery('simple', ${tsQuery(terms)})`;
}

export async function listMentions(deps: Pick<ListeningDeps, "db">, actor: Actor, workspaceId: string, f: MentionFilters): Promise<{ items: MentionView[]; nextCursor: string | null }> {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "listening.read");
  await findBrand(db, workspaceId, f.brandId);
  const limit = Math.min(Math.max(f.limit ?? 50, 1), maxLimit);
  let query = db.selectFrom("mentions as m").selectAll("m").where("m.brand_id", "=", f.brandId).where("m.workspace_id", "=", workspaceId);
  const show = f.show ?? "relevant";
  if (show === "relevant") query = query.where("m.irrelevant", "=", 0).where("m.duplicate_of", "is", null);
  else if (show === "irrelevant") query = query.where("m.irrelevant", ">", 0);
  if (f.queryId) query = query.where((eb) => eb.exists(eb.selectFrom("mention_queries as mq").select("mq.mention_id").whereRef("mq.mention_id", "=", "m.id").where("mq.query_id", "=", f.queryId as string)));
  if (f.sentiment) query = query.where("m.sentiment", "=", f.sentiment);
  if (f.network) query = query.where("m.network", "=", f.network);
  if (f.sourceId) query = query.where("m.source_id", "=", f.sourceId);
  if (f.lang) query = query.where("m.lang", "=", f.lang);
  if (f.author) query = query.where("m.author_handle", "=", f.author.replace(/^@/, ""));
  if (f.from) query = query.where("m.published_at", ">=", f.from);
  if (f.to) query = query.where("m.published_at", "<", f.to);
  if (f.q?.trim()) query = query.where(searchCondition(db, f.q));
  if (f.cursor) {
    const c = decode(f.cursor);
    query = query.where((eb) => eb.or([eb("m.published_at", "<", c.publishedAt), eb.and([eb("m.published_at", "=", c.publishedAt), eb("m.id", "<", c.id)])]));
  }
  const rows = await query.orderBy("m.published_at", "desc").orderBy("m.id", "desc").limit(limit + 1).execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const items = await presentMany(db, page);
  const last = page[page.length - 1];
  return { items, nextCursor: more && last ? encode(last.published_at, last.id) : null };
}

type MentionRow = Selectable<MentionsTable>;

async function presentMany(db: Kysely<Database>, rows: MentionRow[]): Promise<MentionView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const links = await db
    .selectFrom("mention_queries as mq")
    .innerJoin("listening_queries as q", "q.id", "mq.query_id")
    .select(["mq.mention_id", "q.id", "q.name", "q.kind"])
    .where("mq.mention_id", "in", ids)
    .execute();
  const sourceIds = [...new Set(rows.map((r) => r.source_id).filter((s): s is string => s !== null))];
  const sources = sourceIds.length ? await db.selectFrom("listening_sources").select(["id", "name", "type"]).where("id", "in", sourceIds).execute() : [];
  const copies = await db
    .selectFrom("mentions")
    .select(["duplicate_of", (eb) => eb.fn.countAll<number | string>().as("n")])
    .where("duplicate_of", "in", ids)
    .groupBy("duplicate_of")
    .execute();
  const copiesOf = new Map(copies.map((c) => [c.duplicate_of, Number(c.n)]));
  const sourceOf = new Map(sources.map((s) => [s.id, s]));
  return rows.map((r) => ({
    id: r.id,
    network: r.network,
    url: r.url,
    author: { name: r.author_name, handle: r.author_handle, followers: r.author_followers },
    title: r.title,
    text: r.text,
    lang: r.lang,
    sentiment: r.sentiment,
    sentimentScore: r.sentiment_score,
    sentimentConfidence: r.sentiment_confidence,
    sentimentCorrected: r.sentiment_corrected === 1,
    likes: r.likes,
    reposts: r.reposts,
    replies: r.replies,
    queries: links.filter((l) => l.mention_id === r.id).map((l) => ({ id: l.id, name: l.name, kind: l.kind })),
    source: r.source_id ? (sourceOf.get(r.source_id) ?? null) : null,
    copies: copiesOf.get(r.id) ?? 0,
    duplicateOf: r.duplicate_of,
    irrelevant: r.irrelevant === 1 ? "person" : r.irrelevant === 2 ? "model" : null,
    inboxItemId: r.inbox_item_id,
    publishedAt: r.published_at,
    collectedAt: r.collected_at,
  }));
}

async function loadMention(db: Kysely<Database>, workspaceId: string, id: string): Promise<MentionRow> {
  const row = await db.selectFrom("mentions").selectAll().where("id", "=", id).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!row) throw notFound("Mention");
  return row;
}

export async function getMention(deps: Pick<ListeningDeps, "db">, actor: Actor, workspaceId: string, id: string): Promise<MentionView & { copiesList: MentionView[] }> {
  await requireAccess(deps.db, actor, workspaceId, "listening.read");
  const row = await loadMention(deps.db, workspaceId, id);
  const copies = await deps.db.selectFrom("mentions").selectAll().where("duplicate_of", "=", id).orderBy("published_at").limit(100).execute();
  const [view, ...rest] = await presentMany(deps.db, [row, ...copies]);
  return { ...(view as MentionView), copiesList: rest };
}

export type MentionPatch = { sentiment?: Sentiment | undefined; irrelevant?: boolean | undefined };

/**
 * Corrects (or confirms) a mention's sentiment and/or sets it aside as irrelevant (or back). Both are
 * kept as training data: a sentiment label in sentiment_corrections like the inbox's, an irrelevant
 * mark on the mention itself (a person's mark, 1, is never overwritten by the model's guess, 2).
 */
export async function updateMentions(deps: Pick<ListeningDeps, "db" | "now" | "queue">, actor: Actor, workspaceId: string, ids: string[], patch: MentionPatch): Promise<number> {
  await requireAccess(deps.db, actor, workspaceId, "listening.work");
  if (patch.sentiment === undefined && patch.irrelevant === undefined) throw new AppError("validation_failed", "Nothing to change: give sentiment and/or irrelevant.");
  const unique = [...new Set(ids)];
  const rows = await deps.db.selectFrom("mentions").select(["id", "brand_id", "text", "title", "lang", "sentiment"]).where("workspace_id", "=", workspaceId).where("id", "in", unique).execute();
  if (rows.length !== unique.length) throw notFound("Mention");
  const at = nowOf(deps).toISOString();
  await deps.db.transaction().execute(async (tx) => {
    if (patch.sentiment !== undefined) {
      // Every label a person sets is kept, the ones that confirm the machine's too: a held-out slice
      // made only of the baseline's mistakes would always find a trained model better.
      await tx.updateTable("mentions").set({ sentiment: patch.sentiment, sentiment_corrected: 1 }).where("id", "in", unique).execute();
      for (const r of rows) {
        await tx
          .insertInto("sentiment_corrections")
          .values({ id: newId(), workspace_id: workspaceId, item_id: null, mention_id: r.id, text: r.title ? `${r.title}\n${r.text}` : r.text, lang: r.lang, from_label: r.sentiment, to_label: patch.sentiment, by: actor.userId, created_at: at })
          .execute();
      }
    }
    if (patch.irrelevant !== undefined) {
      await tx
        .updateTable("mentions")
        .set({ irrelevant: patch.irrelevant ? 1 : 0, irrelevant_by: actor.userId })
        .where("id", "in", unique)
        .execute();
    }
    // Their days' figures (and those of their copies, counted by the original's tone) are stale.
    await touchMentions(tx, unique);
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.mentions.update", targetType: "mention", targetId: unique[0] as string, data: { count: unique.length, ...patch }, ip: actor.ip ?? null });
  });
  // Enough new corrections retrain the workspace's model (see src/jobs/train-model.job.ts).
  if (patch.sentiment !== undefined) await maybeScheduleTraining(deps.queue, deps.db, workspaceId);
  // Marks teach the brand's relevance model: retrained at most once a minute per brand.
  if (patch.irrelevant !== undefined) {
    const minute = Math.floor(nowOf(deps).getTime() / 60_000);
    for (const brandId of new Set(rows.map((r) => r.brand_id))) {
      await deps.queue.enqueue(relevanceKind, { workspaceId, brandId }, { key: `relevance:${brandId}:${minute}`, runAt: new Date((minute + 1) * 60_000), maxAttempts: 1 });
    }
  }
  return unique.length;
}

/**
 * Makes an inbox item of a mention, so it is answered like a comment: through the brand's account
 * on the mention's network (which must be connected and able to reply). Sending twice returns the
 * same item.
 */
export async function sendToInbox(deps: Pick<ListeningDeps, "db" | "now" | "registry">, actor: Actor, workspaceId: string, id: string): Promise<{ inboxItemId: string }> {
  await requireAccess(deps.db, actor, workspaceId, "listening.work");
  await requireAccess(deps.db, actor, workspaceId, "inbox.read");
  const m = await loadMention(deps.db, workspaceId, id);
  if (m.inbox_item_id) return { inboxItemId: m.inbox_item_id };
  const channels = await deps.db.selectFrom("channels").select(["id", "network"]).where("brand_id", "=", m.brand_id).where("network", "=", m.network).where("status", "=", "active").execute();
  const channel = channels.find((c) => deps.registry.get(c.network)?.capabilities.reply);
  if (!channel) {
    const name = deps.registry.get(m.network)?.displayName;
    throw new AppError(
      "conflict",
      name ? `Connect a ${name} account of this brand that can reply, then send the mention to the inbox; or answer it on the network.` : "This mention comes from a feed or an import: there is no account to answer from. Open it on the site instead.",
    );
  }
  const existing = await deps.db.selectFrom("inbox_items").select("id").where("channel_id", "=", channel.id).where("external_id", "=", m.external_id).executeTakeFirst();
  const now = nowOf(deps);
  let itemId = existing?.id;
  await deps.db.transaction().execute(async (tx) => {
    if (!itemId) {
      const brand = await tx.selectFrom("brands").select(["settings", "locale", "timezone"]).where("id", "=", m.brand_id).executeTakeFirstOrThrow();
      const settings = parseBrandSettings(brand.settings, brand.locale);
      const due = dueAt(now, settings.responseSlaMinutes, brand.timezone, settings.workingHours).toISOString();
      const row = inboxItemRow(
        {
          externalId: m.external_id,
          postExternalId: m.external_id,
          parentExternalId: null,
          kind: "mention",
          authorName: m.author_name,
          authorHandle: m.author_handle,
          authorFollowers: m.author_followers,
          text: m.title ? `${m.title}\n${m.text}` : m.text,
          occurredAt: m.published_at,
          url: m.url,
        },
        { workspaceId, brandId: m.brand_id, channelId: channel.id, publicationId: null },
        { lang: m.lang, sentiment: m.sentiment, score: m.sentiment_score, confidence: m.sentiment_confidence ?? 0 },
        due,
        now,
      );
      await tx.insertInto("inbox_items").values(row).execute();
      itemId = row.id;
    }
    await tx.updateTable("mentions").set({ inbox_item_id: itemId as string }).where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.mention.to_inbox", targetType: "mention", targetId: id, data: { inboxItemId: itemId }, ip: actor.ip ?? null });
  });
  return { inboxItemId: itemId as string };
}
