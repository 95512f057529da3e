/**
 * The author card: everything one person (same network and handle) wrote to any of the
 * workspace's channels, their sentiment over time, when they were first and last seen, and the
 * team's notes about them (internal: never sent to the network). Handles are matched as stored,
 * with or without a leading "@", so the lookup stays an index walk.
 * For a member limited to some brands, the author's items, counts and channels are those of their
 * brands only, and an author who never wrote to them is "not found". The notes are about the person
 * and stay the workspace's.
 */
import { type Kysely, sql } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { BrandScope } from "../../domain/roles.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { nowOf } from "../publishing/deps.js";
import { itemsQuery, presentItem } from "./inbox.service.js";

type Deps = { db: Kysely<Database>; registry: ConnectorRegistry; now?: (() => Date) | undefined };

export type AuthorRef = { itemId: string } | { network: string; handle: string };

/** How many of the author's items the card lists (the newest); the counts cover all of them. */
export const authorCardItems = 50;
/** Days with activity shown in the timeline (the latest ones). */
export const authorTimelineDays = 30;

const bare = (handle: string) => handle.trim().replace(/^@/, "");

/** The author's identity: network, the handle without "@", and (for authors without a handle) the name. */
async function resolveAuthor(db: Kysely<Database>, workspaceId: string, ref: AuthorRef, brands: BrandScope) {
  if ("itemId" in ref) {
    let q = db
      .selectFrom("inbox_items as i")
      .innerJoin("channels as c", "c.id", "i.channel_id")
      .select(["c.network", "i.author_handle", "i.author_name"])
      .where("i.workspace_id", "=", workspaceId)
      .where("i.id", "=", ref.itemId)
      .where("i.deleted_at", "is", null);
    if (brands) q = q.where("i.brand_id", "in", brands);
    const item = await q.executeTakeFirst();
    if (!item) throw notFound("Inbox item");
    return { network: item.network, handle: bare(item.author_handle), name: item.author_name };
  }
  const handle = bare(ref.handle);
  if (!handle) throw new AppError("validation_failed", "Name the author by handle, or by one of their items (itemId).", { errors: [{ path: "handle", message: "Required" }] });
  return { network: ref.network, handle, name: null };
}

type Author = Awaited<ReturnType<typeof resolveAuthor>>;

/** Items of the author in the workspace (not deleted, of the caller's brands): same network, same handle (or, without one, same name). */
function authorItems(db: Kysely<Database>, workspaceId: string, a: Author, brands: BrandScope) {
  let q = itemsQuery(db, workspaceId, brands).where("c.network", "=", a.network);
  if (a.handle) q = q.where("i.author_handle", "in", [a.handle, `@${a.handle}`]);
  else q = q.where("i.author_handle", "=", "").where("i.author_name", "=", a.name ?? "");
  return q;
}

export async function authorCard(deps: Deps, actor: Actor, workspaceId: string, ref: AuthorRef) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.read");
  const author = await resolveAuthor(db, workspaceId, ref, brands);
  const base = authorItems(db, workspaceId, author, brands);
  const rows = await base.orderBy("i.occurred_at", "desc").orderBy("i.id", "desc").limit(authorCardItems).execute();
  const latest = rows[0];
  if (!latest) throw notFound("Author");

  // Counts over all the author's items, not just the listed ones.
  const scope = base.clearSelect().clearOrderBy();
  const bySentiment = await scope.select((eb) => ["i.sentiment", eb.fn.countAll<number>().as("n")]).groupBy("i.sentiment").execute();
  const span = await scope.select((eb) => [eb.fn.min("i.occurred_at").as("first"), eb.fn.max("i.occurred_at").as("last")]).executeTakeFirstOrThrow();
  const day = sql<string>`substr(i.occurred_at, 1, 10)`;
  const perDay = await scope
    .select((eb) => [day.as("day"), "i.sentiment", eb.fn.countAll<number>().as("n")])
    .groupBy([day, "i.sentiment"])
    .execute();
  const channels = await scope
    .select((eb) => ["i.channel_id", "c.name", eb.fn.countAll<number>().as("n")])
    .groupBy(["i.channel_id", "c.name"])
    .execute();
  const followersRow = await scope.select(["i.author_followers"]).where("i.author_followers", "is not", null).orderBy("i.occurred_at", "desc").limit(1).executeTakeFirst();

  const sentiment = { positive: 0, neutral: 0, negative: 0, unknown: 0 };
  for (const r of bySentiment) sentiment[r.sentiment ?? "unknown"] += Number(r.n);
  const days = new Map<string, typeof sentiment>();
  for (const r of perDay) {
    const d = days.get(r.day) ?? { positive: 0, neutral: 0, negative: 0, unknown: 0 };
    d[r.sentiment ?? "unknown"] += Number(r.n);
    days.set(r.day, d);
  }
  const timeline = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-authorTimelineDays)
    .map(([d, counts]) => ({ day: d, ...counts }));

  const notes = author.handle ? await notesOf(db, workspaceId, author.network, author.handle, actor) : [];
  return {
    network: author.network,
    networkName: deps.registry.get(author.network)?.displayName ?? author.network,
    handle: author.handle,
    name: latest.author_name,
    avatarUrl: latest.author_avatar_url,
    followers: followersRow?.author_followers ?? null,
    firstSeenAt: String(span.first),
    lastSeenAt: String(span.last),
    total: sentiment.positive + sentiment.neutral + sentiment.negative + sentiment.unknown,
    sentiment,
    timeline,
    channels: channels.map((c) => ({ id: c.channel_id, name: c.name, items: Number(c.n) })).sort((a, b) => b.items - a.items),
    items: rows.map(presentItem(deps.registry)),
    notes,
  };
}

async function notesOf(db: Kysely<Database>, workspaceId: string, network: string, handle: string, actor: Actor) {
  const rows = await db
    .selectFrom("inbox_author_notes as n")
    .leftJoin("users as u", "u.id", "n.by")
    .select(["n.id", "n.text", "n.at", "n.by", "u.name"])
    .where("n.workspace_id", "=", workspaceId)
    .where("n.network", "=", network)
    .where("n.handle", "=", handle)
    .orderBy("n.at")
    .orderBy("n.id")
    .limit(500)
    .execute();
  return rows.map((n) => ({ id: n.id, text: n.text, authorName: n.name ?? "", createdAt: n.at, mine: n.by === actor.userId }));
}

/** A note about the author for the team. The author must have written to the workspace (to the caller's brands). */
export async function addAuthorNote(deps: Deps, actor: Actor, workspaceId: string, input: { network: string; handle: string; text: string }) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.reply");
  const author = await resolveAuthor(db, workspaceId, input, brands);
  const exists = await authorItems(db, workspaceId, author, brands).clearSelect().select("i.id").limit(1).executeTakeFirst();
  if (!exists) throw notFound("Author");
  const row = { id: newId(), workspace_id: workspaceId, network: author.network, handle: author.handle, text: input.text, by: actor.userId, at: nowOf(deps).toISOString() };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("inbox_author_notes").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.author_note.add", targetType: "inbox_author", targetId: row.id, data: { network: row.network, handle: row.handle }, ip: actor.ip ?? null });
  });
  const user = await db.selectFrom("users").select("name").where("id", "=", actor.userId).executeTakeFirst();
  return { id: row.id, text: row.text, authorName: user?.name ?? "", createdAt: row.at, mine: true };
}

/**
 * Removes a note: its writer may, and owners and managers. A member limited to some brands sees
 * only notes about authors who wrote to those brands, so only those exist for them here.
 */
export async function deleteAuthorNote(deps: Deps, actor: Actor, workspaceId: string, noteId: string) {
  const { db } = deps;
  const { role, brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.reply");
  const note = await db.selectFrom("inbox_author_notes").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", noteId).executeTakeFirst();
  if (!note) throw notFound("Author note");
  if (brands) {
    const seen = await authorItems(db, workspaceId, { network: note.network, handle: note.handle, name: null }, brands).clearSelect().select("i.id").limit(1).executeTakeFirst();
    if (!seen) throw notFound("Author note");
  }
  if (note.by !== actor.userId && role !== "owner" && role !== "manager") {
    throw new AppError("forbidden", `Your role (${role}) can remove only your own notes; ask an owner or a manager to remove this one.`);
  }
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("inbox_author_notes").where("id", "=", noteId).where("workspace_id", "=", workspaceId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.author_note.delete", targetType: "inbox_author", targetId: noteId, data: { network: note.network, handle: note.handle, text: note.text }, ip: actor.ip ?? null });
  });
}
