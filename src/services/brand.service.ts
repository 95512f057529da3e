/** Brands of a workspace and the overview figures the home screen shows for one brand. */
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import { recomputeDue } from "./inbox/priority.js";
import { type BrandSettings, defaultBrandSettings, parseBrandSettings } from "../domain/brand-settings.js";
import { AppError, notFound } from "../errors.js";
import { newId, nowIso } from "../store/ids.js";
import { decodeCursor, type PageRequest, pageLimit, toPage } from "../store/paginate.js";
import type { BrandsTable, Database } from "../store/schema.js";
import { type Actor, requireAccess, requireBrandAccess } from "./access.js";
import { recordAudit } from "./audit.service.js";

const present = (b: BrandsTable) => ({ id: b.id, name: b.name, timezone: b.timezone, locale: b.locale, createdAt: b.created_at });

export type BrandView = ReturnType<typeof present>;

export function isTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

export async function listBrands(db: Kysely<Database>, actor: Actor, workspaceId: string, page: PageRequest) {
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "brands.read");
  const limit = pageLimit(page.limit);
  const after = decodeCursor(page.cursor);
  let q = db.selectFrom("brands").selectAll().where("workspace_id", "=", workspaceId).where("archived_at", "is", null);
  if (brands) q = q.where("id", "in", brands);
  if (after) q = q.where("id", ">", after);
  const rows = await q.orderBy("id").limit(limit + 1).execute();
  return toPage(rows, limit, (r) => r.id, present);
}

export async function createBrand(
  db: Kysely<Database>,
  actor: Actor,
  workspaceId: string,
  input: { name: string; timezone: string; locale: string },
): Promise<BrandView> {
  await requireAccess(db, actor, workspaceId, "brands.create");
  if (!isTimeZone(input.timezone)) {
    throw new AppError("validation_failed", `"${input.timezone}" is not a time zone: use an IANA name such as Europe/Moscow.`, {
      errors: [{ path: "timezone", message: "Unknown IANA time zone" }],
    });
  }
  const row: BrandsTable = {
    id: newId(),
    workspace_id: workspaceId,
    name: input.name.trim(),
    timezone: input.timezone,
    locale: input.locale,
    created_at: nowIso(),
    archived_at: null,
    settings: JSON.stringify(defaultBrandSettings(input.locale)),
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("brands").values(row).execute();
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "brand.create",
      targetType: "brand",
      targetId: row.id,
      data: { name: row.name },
      ip: actor.ip ?? null,
    });
  });
  return present(row);
}

/** Loads a brand of this workspace or answers 404 — never another tenant's brand. */
export async function findBrand(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<BrandsTable> {
  const brand = await db
    .selectFrom("brands")
    .selectAll()
    .where("id", "=", brandId)
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!brand) throw notFound("Brand");
  return brand;
}

/**
 * The figures on the brand's home screen. Engagement rate is ER by reach (interactions / reach,
 * per DOMAIN.md) over the latest snapshot of each post published in the last 30 days; it is null
 * when no post has reach yet rather than a misleading 0.
 */
export async function brandOverview(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, now = new Date()) {
  await requireAccess(db, actor, workspaceId, "brands.read");
  const brand = await findBrand(db, workspaceId, brandId);
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const until = new Date(now.getTime() + 7 * 86_400_000).toISOString();
  const nowText = now.toISOString();

  const channelIds = (
    await db
      .selectFrom("channels")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("brand_id", "=", brandId)
      .where("status", "!=", "disconnected")
      .execute()
  ).map((c) => c.id);

  if (channelIds.length === 0) {
    return {
      brand: present(brand),
      channels: 0,
      followers: 0,
      postsLast30Days: 0,
      scheduledNext7Days: 0,
      engagementRate: null,
      openComments: 0,
      negativeComments: null,
    };
  }

  // Latest follower count per channel: the newest channel-level snapshot.
  const latestFollowers = await db
    .selectFrom("metric_snapshots as m")
    .select(["m.channel_id", "m.followers"])
    .where("m.workspace_id", "=", workspaceId)
    .where("m.channel_id", "in", channelIds)
    .where("m.publication_id", "is", null)
    .where("m.followers", "is not", null)
    .where("m.taken_at", "=", (eb) =>
      eb
        .selectFrom("metric_snapshots as m2")
        .select((e) => e.fn.max("m2.taken_at").as("t"))
        .whereRef("m2.channel_id", "=", "m.channel_id")
        .where("m2.publication_id", "is", null)
        .where("m2.followers", "is not", null),
    )
    .execute();
  const followers = latestFollowers.reduce((sum, r) => sum + Number(r.followers ?? 0), 0);

  const published = await db
    .selectFrom("publications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("channel_id", "in", channelIds)
    .where("status", "=", "published")
    .where("published_at", ">=", since)
    .where("published_at", "<=", nowText)
    .executeTakeFirst();

  const scheduled = await db
    .selectFrom("variants")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("channel_id", "in", channelIds)
    .where("status", "=", "scheduled")
    .where("scheduled_at", ">", nowText)
    .where("scheduled_at", "<=", until)
    .executeTakeFirst();

  // ER by reach over the posts of the last 30 days that report reach, from their latest counters.
  const engagement = await db
    .selectFrom("channel_posts")
    .select((eb) => [
      eb.fn.sum<number>(eb(eb(eb(eb.fn.coalesce("likes", eb.lit(0)), "+", eb.fn.coalesce("comments", eb.lit(0))), "+", eb.fn.coalesce("reposts", eb.lit(0))), "+", eb.fn.coalesce("saves", eb.lit(0)))).as("interactions"),
      eb.fn.sum<number>("reach").as("reach"),
    ])
    .where("workspace_id", "=", workspaceId)
    .where("channel_id", "in", channelIds)
    .where("published_at", ">=", since)
    .where("reach", "is not", null)
    .executeTakeFirst();
  const reach = Number(engagement?.reach ?? 0);
  const interactions = Number(engagement?.interactions ?? 0);

  const comments = await db
    .selectFrom("inbox_items")
    .select((eb) => [
      eb.fn.countAll<number>().as("open"),
      eb.fn.count<number>("sentiment").as("classified"),
      eb.fn.sum<number>(eb.case().when("sentiment", "=", "negative").then(1).else(0).end()).as("negative"),
    ])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("status", "=", "open")
    .executeTakeFirst();

  return {
    brand: present(brand),
    channels: channelIds.length,
    followers,
    postsLast30Days: Number(published?.n ?? 0),
    scheduledNext7Days: Number(scheduled?.n ?? 0),
    engagementRate: reach > 0 ? Math.round((interactions / reach) * 10_000) / 100 : null,
    openComments: Number(comments?.open ?? 0),
    // Until comments are classified (the inbox issue), a count of negatives would be a guess.
    negativeComments: Number(comments?.classified ?? 0) > 0 ? Number(comments?.negative ?? 0) : null,
  };
}

export async function getBrandSettings(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string): Promise<BrandSettings> {
  await requireAccess(db, actor, workspaceId, "brands.read");
  const brand = await findBrand(db, workspaceId, brandId);
  return parseBrandSettings(brand.settings, brand.locale);
}

export async function updateBrandSettings(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, settings: BrandSettings): Promise<BrandSettings> {
  await requireAccess(db, actor, workspaceId, "brands.manage");
  const brand = await findBrand(db, workspaceId, brandId);
  const before = parseBrandSettings(brand.settings, brand.locale);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("brands").set({ settings: JSON.stringify(settings) }).where("id", "=", brandId).where("workspace_id", "=", workspaceId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "brand.settings", targetType: "brand", targetId: brandId, data: settings, ip: actor.ip ?? null });
  });
  // A new response target applies to the comments still waiting for an answer, not only to new ones.
  if (before.responseSlaMinutes !== settings.responseSlaMinutes || JSON.stringify(before.workingHours) !== JSON.stringify(settings.workingHours)) {
    await recomputeDue(db, brandId);
  }
  return settings;
}
