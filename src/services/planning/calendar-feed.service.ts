/**
 * iCalendar feeds: a secret URL a calendar app (Google Calendar, Outlook, Apple Calendar) subscribes
 * to, showing a workspace's (or one brand's) scheduled and published posts. The token is shown
 * once and stored hashed; revoking it makes the URL answer 404. A feed stops working when its
 * creator can no longer read posts in the workspace.
 */
import ical, { ICalEventStatus } from "ical-generator";
import type { Kysely } from "kysely";
import { can } from "../../domain/roles.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { CalendarFeedsTable, Database } from "../../store/schema.js";
import { type Actor, accessIn, requireAccess, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { nowOf, type PublishingDeps } from "../publishing/deps.js";
import { hashToken, randomToken } from "../secrets.js";

type Db = Kysely<Database>;
const windowDays = 60;
const eventMinutes = 15;

const present = (f: CalendarFeedsTable) => ({ id: f.id, brandId: f.brand_id, createdBy: f.created_by, createdAt: f.created_at, revokedAt: f.revoked_at });

export async function createCalendarFeed(deps: PublishingDeps, actor: Actor, workspaceId: string, input: { brandId?: string | null | undefined }) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.read");
  if (input.brandId) await findBrand(db, workspaceId, input.brandId);
  const token = randomToken();
  const row: CalendarFeedsTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId ?? null,
    token_hash: hashToken(token),
    created_by: actor.userId,
    created_at: nowOf(deps).toISOString(),
    revoked_at: null,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("calendar_feeds").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "calendar_feed.create", targetType: "calendar_feed", targetId: row.id, data: { brandId: row.brand_id }, ip: actor.ip ?? null });
  });
  return { ...present(row), url: `${deps.publicUrl.replace(/\/$/, "")}/ical/${token}.ics` };
}

export async function listCalendarFeeds(db: Db, actor: Actor, workspaceId: string) {
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "posts.read");
  let q = db.selectFrom("calendar_feeds").selectAll().where("workspace_id", "=", workspaceId);
  if (brands) q = q.where("brand_id", "in", brands);
  const rows = await q.orderBy("id").limit(1000).execute();
  return { items: rows.map(present) };
}

/** Revokes a feed: its creator may, and so may owners and managers. */
export async function revokeCalendarFeed(deps: PublishingDeps, actor: Actor, workspaceId: string, id: string) {
  const { db } = deps;
  const role = await requireAccess(db, actor, workspaceId, "posts.read");
  const feed = await db.selectFrom("calendar_feeds").selectAll().where("id", "=", id).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!feed) throw notFound("Calendar feed");
  if (feed.created_by !== actor.userId && !can(role, "members.role")) {
    throw new AppError("forbidden", `Only the person who created this feed, an owner or a manager may revoke it; your role is ${role}.`);
  }
  if (feed.revoked_at) return;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("calendar_feeds").set({ revoked_at: nowOf(deps).toISOString() }).where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "calendar_feed.revoke", targetType: "calendar_feed", targetId: id, ip: actor.ip ?? null });
  });
}

/** The .ics text of a feed, or not_found for an unknown or revoked token. */
export async function renderCalendarFeed(deps: PublishingDeps, token: string): Promise<string> {
  const { db, registry } = deps;
  const feed = await db.selectFrom("calendar_feeds").selectAll().where("token_hash", "=", hashToken(token)).executeTakeFirst();
  if (!feed || feed.revoked_at) throw notFound("Calendar feed");
  // The feed shows what its creator may see today: a member who left, or no longer works with its brand, ends it.
  const member = await accessIn(db, { userId: feed.created_by }, feed.workspace_id);
  if (!member || !can(member.role, "posts.read")) throw notFound("Calendar feed");
  if (member.brands && !(feed.brand_id && member.brands.includes(feed.brand_id))) throw notFound("Calendar feed");

  const now = nowOf(deps).getTime();
  const from = new Date(now - windowDays * 86_400_000).toISOString();
  const to = new Date(now + windowDays * 86_400_000).toISOString();
  let q = db
    .selectFrom("variants")
    .innerJoin("posts", "posts.id", "variants.post_id")
    .innerJoin("channels", "channels.id", "variants.channel_id")
    .leftJoin("publications", (j) => j.onRef("publications.variant_id", "=", "variants.id").on("publications.item", "=", 0))
    .select(["variants.id", "variants.text", "variants.scheduled_at", "variants.status", "variants.updated_at", "channels.network", "channels.name", "publications.url", "publications.published_at"])
    .where("variants.workspace_id", "=", feed.workspace_id)
    .where("variants.status", "in", ["scheduled", "publishing", "published"])
    .where("variants.scheduled_at", ">=", from)
    .where("variants.scheduled_at", "<", to);
  if (feed.brand_id) q = q.where("posts.brand_id", "=", feed.brand_id);
  const rows = await q.orderBy("variants.scheduled_at").limit(5000).execute();

  const ws = await db.selectFrom("workspaces").select("name").where("id", "=", feed.workspace_id).executeTakeFirstOrThrow();
  const brand = feed.brand_id ? await db.selectFrom("brands").select("name").where("id", "=", feed.brand_id).executeTakeFirst() : undefined;
  const cal = ical({ name: `Chorus: ${brand?.name ?? ws.name}`, prodId: { company: "Chorus", product: "publishing calendar" }, ttl: 15 * 60 });
  for (const r of rows) {
    const published = r.status === "published";
    const start = new Date((published && r.published_at) || (r.scheduled_at as string));
    const networkName = registry.get(r.network)?.displayName ?? r.network;
    const firstLine = (r.text.split("\n", 1)[0] ?? "").trim().slice(0, 100) || "(no text)";
    cal.createEvent({
      id: `${r.id}@chorus`,
      start,
      end: new Date(start.getTime() + eventMinutes * 60_000),
      summary: `[${networkName}] ${firstLine}`,
      description: `${r.name}\n\n${r.text}`,
      url: published ? (r.url ?? null) : null,
      status: ICalEventStatus.CONFIRMED,
      stamp: new Date(r.updated_at),
    });
  }
  return cal.toString();
}
