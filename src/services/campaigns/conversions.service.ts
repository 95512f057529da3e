/**
 * Conversions (orders, leads) of a brand: matched to a campaign, listed, imported from CSV, and
 * stored once per order. The order's number (`external_id`) is unique per brand, so a shop that
 * retries a webhook, a replayed request, or a file imported twice never counts an order twice:
 * the insert does nothing on conflict and the caller is told it was a duplicate.
 *
 * Matching, first that applies: the campaign id sent; utm_campaign against the campaigns' slugs
 * (a name sent instead is slugified first); the code of a Chorus short link, through the post it
 * was made for. Unmatched conversions are kept for the brand, and a campaign that later gets that
 * utm_campaign takes them.
 */
import type { Kysely } from "kysely";
import { campaignSlug, fromCents } from "../../domain/campaign.js";
import { parseConversionsCsv } from "../../domain/campaign-csv.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import { decodeCursor, type PageRequest, type PageResult, pageLimit, toPage } from "../../store/paginate.js";
import type { CampaignsTable, ConversionsTable } from "../../store/schema-campaigns.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { findCampaign } from "./campaigns.service.js";
import { type CampaignsDeps, nowOf } from "./deps.js";
import { CampaignFileInvalid, requireCsv } from "./spend.service.js";

export type ConversionView = {
  id: string;
  campaignId: string | null;
  externalId: string;
  occurredAt: string;
  value: number;
  currency: string | null;
  utm: { source: string | null; medium: string | null; campaign: string | null; content: string | null; term: string | null };
  linkCode: string | null;
  source: "webhook" | "csv";
  receivedAt: string;
};

export type ConversionInput = {
  externalId: string;
  occurredAt: string;
  valueCents: number;
  currency: string | null;
  utm: ConversionView["utm"];
  linkCode: string | null;
  campaignId: string | null;
};

function present(r: ConversionsTable): ConversionView {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    externalId: r.external_id,
    occurredAt: r.occurred_at,
    value: fromCents(Number(r.value_cents)) as number,
    currency: r.currency,
    utm: { source: r.utm_source, medium: r.utm_medium, campaign: r.utm_campaign, content: r.utm_content, term: r.utm_term },
    linkCode: r.link_code,
    source: r.source,
    receivedAt: r.received_at,
  };
}

/** The brand's campaign a conversion belongs to, or null; a campaign id that is not the brand's is refused. */
export async function matchCampaign(db: Kysely<Database>, workspaceId: string, brandId: string, c: Pick<ConversionInput, "campaignId" | "utm" | "linkCode">): Promise<CampaignsTable | null> {
  const campaigns = db.selectFrom("campaigns").selectAll().where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId);
  if (c.campaignId) {
    const found = await campaigns.where("id", "=", c.campaignId).executeTakeFirst();
    if (!found) throw new AppError("validation_failed", "campaign_id names no campaign of this brand.", { errors: [{ path: "campaign_id", message: "No such campaign of this brand" }] });
    return found;
  }
  if (c.utm.campaign) {
    const found = await campaigns.where("slug", "=", campaignSlug(c.utm.campaign)).executeTakeFirst();
    if (found) return found;
  }
  if (c.linkCode) {
    const link = await db
      .selectFrom("links")
      .innerJoin("posts", "posts.id", "links.post_id")
      .select("posts.campaign")
      .where("links.workspace_id", "=", workspaceId)
      .where("posts.brand_id", "=", brandId)
      .where("links.code", "=", c.linkCode)
      .executeTakeFirst();
    if (link?.campaign) return (await campaigns.where("name", "=", link.campaign).executeTakeFirst()) ?? null;
  }
  return null;
}

function currencyRefused(currency: string, campaign: CampaignsTable): AppError {
  return new AppError("validation_failed", `The conversion is in ${currency}, the campaign "${campaign.name}" counts in ${campaign.currency}: Chorus does not convert currencies. Send the value in ${campaign.currency}.`, {
    errors: [{ path: "currency", message: `Must be ${campaign.currency}` }],
  });
}

/**
 * Stores one conversion for a brand unless its order is already there. Returns the stored row, or
 * the one already stored with `duplicate` (which is left exactly as it was).
 */
export async function storeConversion(
  db: Kysely<Database>,
  input: ConversionInput & { workspaceId: string; brandId: string; source: "webhook" | "csv"; receivedAt: string },
): Promise<{ conversion: ConversionView; duplicate: boolean }> {
  const campaign = await matchCampaign(db, input.workspaceId, input.brandId, input);
  if (campaign && input.currency && input.currency !== campaign.currency) throw currencyRefused(input.currency, campaign);
  const row: ConversionsTable = {
    id: newId(),
    workspace_id: input.workspaceId,
    brand_id: input.brandId,
    campaign_id: campaign?.id ?? null,
    external_id: input.externalId,
    occurred_at: input.occurredAt,
    value_cents: input.valueCents,
    currency: input.currency ?? campaign?.currency ?? null,
    utm_source: input.utm.source,
    utm_medium: input.utm.medium,
    utm_campaign: input.utm.campaign,
    utm_content: input.utm.content,
    utm_term: input.utm.term,
    link_code: input.linkCode,
    source: input.source,
    received_at: input.receivedAt,
  };
  const inserted = await db
    .insertInto("conversions")
    .values(row)
    .onConflict((oc) => oc.columns(["brand_id", "external_id"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { conversion: present(row), duplicate: false };
  const kept = await db.selectFrom("conversions").selectAll().where("brand_id", "=", input.brandId).where("external_id", "=", input.externalId).executeTakeFirstOrThrow();
  return { conversion: present(kept), duplicate: true };
}

export async function listConversions(deps: CampaignsDeps, actor: Actor, workspaceId: string, campaignId: string, page: PageRequest): Promise<PageResult<ConversionView> & { total: number }> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  await findCampaign(deps.db, workspaceId, campaignId);
  const limit = pageLimit(page.limit);
  const after = decodeCursor(page.cursor);
  const rows = await deps.db
    .selectFrom("conversions")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("campaign_id", "=", campaignId)
    .$if(after !== undefined, (q) => q.where("id", "<", after as string))
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
  const total = await deps.db.selectFrom("conversions").select((eb) => eb.fn.countAll<number>().as("n")).where("workspace_id", "=", workspaceId).where("campaign_id", "=", campaignId).executeTakeFirst();
  return { ...toPage(rows, limit, (r) => r.id, present), total: Number(total?.n ?? 0) };
}

/** Conversions of a brand no campaign has taken (an unknown utm_campaign): shown so a person can name a campaign after them. */
export async function listUnattributed(deps: CampaignsDeps, actor: Actor, workspaceId: string, brandId: string): Promise<{ utmCampaign: string | null; conversions: number; value: number; currency: string | null }[]> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  await findBrand(deps.db, workspaceId, brandId);
  const rows = await deps.db
    .selectFrom("conversions")
    .select((eb) => ["utm_campaign", "currency", eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("value_cents").as("cents")])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("campaign_id", "is", null)
    .groupBy(["utm_campaign", "currency"])
    .orderBy("utm_campaign")
    .execute();
  return rows.map((r) => ({ utmCampaign: r.utm_campaign, currency: r.currency, conversions: Number(r.n), value: Number(r.cents) / 100 }));
}

export async function deleteConversion(deps: CampaignsDeps, actor: Actor, workspaceId: string, campaignId: string, conversionId: string): Promise<void> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  await findCampaign(deps.db, workspaceId, campaignId);
  await deps.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("conversions").select(["external_id", "value_cents"]).where("workspace_id", "=", workspaceId).where("campaign_id", "=", campaignId).where("id", "=", conversionId).executeTakeFirst();
    if (!row) throw notFound("Conversion");
    await tx.deleteFrom("conversions").where("workspace_id", "=", workspaceId).where("id", "=", conversionId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "campaign.conversion.delete", targetType: "campaign", targetId: campaignId, data: { externalId: row.external_id, value: Number(row.value_cents) / 100 }, ip: actor.ip ?? null });
  });
}

/**
 * Imports a file of conversions into a campaign: every row is the campaign's (its own utm_campaign
 * is kept as written). All or nothing; orders already stored for the brand are skipped and counted.
 */
export async function importConversions(deps: CampaignsDeps, actor: Actor, workspaceId: string, campaignId: string, csv: string | null): Promise<{ imported: number; duplicates: number; value: number; currency: string }> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  const c = await findCampaign(deps.db, workspaceId, campaignId);
  const brand = await findBrand(deps.db, workspaceId, c.brand_id);
  const now = nowOf(deps);
  const parsed = parseConversionsCsv(requireCsv(csv), { currency: c.currency, zone: brand.timezone, now });
  if (parsed.problems.length) throw new CampaignFileInvalid(parsed.problems, parsed.problemCount);
  let imported = 0;
  let value = 0;
  await deps.db.transaction().execute(async (tx) => {
    for (const r of parsed.rows) {
      const { duplicate } = await storeConversion(tx, {
        workspaceId,
        brandId: c.brand_id,
        campaignId: c.id,
        externalId: r.externalId,
        occurredAt: r.occurredAt,
        valueCents: r.valueCents,
        currency: c.currency,
        utm: r.utm,
        linkCode: r.linkCode,
        source: "csv",
        receivedAt: now.toISOString(),
      });
      if (!duplicate) {
        imported++;
        value += r.valueCents;
      }
    }
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "campaign.conversions.import", targetType: "campaign", targetId: c.id, data: { rows: parsed.rows.length, imported, value: value / 100 }, ip: actor.ip ?? null });
  });
  return { imported, duplicates: parsed.rows.length - imported, value: value / 100, currency: c.currency };
}
