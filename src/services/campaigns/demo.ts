/**
 * The demo's campaign: "Весенний раф" (a spring raf-coffee promotion) on the demo brand, running
 * for the last two weeks and one more. The brand's posts with a link in that time become its posts
 * (their campaign is set, as the composer would have), every third of them promoted (paid); it
 * has a daily targeting budget and an influencer's post as spend, and orders from the coffee
 * shop's site as conversions — so the campaign screen shows clicks, CPC, CPA and ROMI on the
 * first start. Given the same `now`, the same figures come out.
 */
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import seedrandom from "seedrandom";
import { campaignSlug } from "../../domain/campaign.js";
import { newId } from "../../store/ids.js";
import type { CampaignSpendTable, ConversionsTable } from "../../store/schema-campaigns.js";
import type { Database } from "../../store/schema.js";

export const demoCampaignName = "Весенний раф";

export async function seedDemoCampaigns(db: Kysely<Database>, opts: { workspaceId: string; brandId: string; userId: string; now: Date }): Promise<string> {
  const { workspaceId, brandId, userId, now } = opts;
  const rng = seedrandom(`chorus-demo-campaigns:${now.toISOString()}`);
  const brand = await db.selectFrom("brands").select("timezone").where("id", "=", brandId).executeTakeFirstOrThrow();
  const today = DateTime.fromJSDate(now, { zone: brand.timezone }).startOf("day");
  const start = today.minus({ days: 13 });
  const end = today.plus({ days: 7 });
  const slug = campaignSlug(demoCampaignName);
  const at = now.toISOString();
  const campaignId = newId();
  await db
    .insertInto("campaigns")
    .values({
      id: campaignId,
      workspace_id: workspaceId,
      brand_id: brandId,
      name: demoCampaignName,
      slug,
      goal: "sales",
      status: "active",
      start_day: start.toISODate() as string,
      end_day: end.toISODate() as string,
      budget_cents: 60_000_00,
      currency: "RUB",
      channel_ids: "[]",
      utm_source: null,
      utm_medium: "social",
      utm_content: null,
      utm_term: null,
      notes: "Раф на кокосовом и лавандовый раф: скидка 20% по промокоду RAF20 до конца акции.",
      created_by: userId,
      created_at: start.minus({ days: 3 }).toUTC().toISO() as string,
      updated_at: at,
    })
    .execute();

  // The brand's posts with a short link since the campaign started are its posts.
  const posts = await db
    .selectFrom("posts")
    .innerJoin("links", "links.post_id", "posts.id")
    .select("posts.id")
    .distinct()
    .where("posts.workspace_id", "=", workspaceId)
    .where("posts.brand_id", "=", brandId)
    .where("links.created_at", ">=", start.toUTC().toISO() as string)
    .execute();
  const postIds = posts.map((p) => p.id);
  if (postIds.length) {
    await db.updateTable("posts").set({ campaign: demoCampaignName }).where("id", "in", postIds).execute();
    const channelPosts = await db
      .selectFrom("channel_posts")
      .innerJoin("publications", "publications.id", "channel_posts.publication_id")
      .innerJoin("variants", "variants.id", "publications.variant_id")
      .select("channel_posts.id")
      .where("variants.post_id", "in", postIds)
      .orderBy("channel_posts.published_at")
      .execute();
    for (const [i, cp] of channelPosts.entries()) {
      await db.updateTable("channel_posts").set({ campaign: demoCampaignName, paid: i % 3 === 0 ? 1 : 0 }).where("id", "=", cp.id).execute();
    }
  }

  const spend: CampaignSpendTable[] = [];
  for (let day = start; day <= today; day = day.plus({ days: 1 })) {
    spend.push({
      id: newId(),
      workspace_id: workspaceId,
      brand_id: brandId,
      campaign_id: campaignId,
      day: day.toISODate() as string,
      amount_cents: (1200 + Math.round(rng() * 6) * 100) * 100,
      currency: "RUB",
      channel_id: null,
      channel_label: "VK Реклама",
      note: "Таргет: кофейни рядом, 25–40 лет",
      source: "csv",
      created_by: userId,
      created_at: day.plus({ hours: 23 }).toUTC().toISO() as string,
    });
  }
  spend.push({
    id: newId(),
    workspace_id: workspaceId,
    brand_id: brandId,
    campaign_id: campaignId,
    day: start.plus({ days: 4 }).toISODate() as string,
    amount_cents: 8_000_00,
    currency: "RUB",
    channel_id: null,
    channel_label: "Блогер @spb_coffee_walks",
    note: "Обзор лавандового рафа",
    source: "manual",
    created_by: userId,
    created_at: start.plus({ days: 4, hours: 12 }).toUTC().toISO() as string,
  });
  await db.insertInto("campaign_spend").values(spend).execute();

  const sources = ["vk", "telegram", "sandbox"];
  const conversions: ConversionsTable[] = [];
  const hours = Math.max(1, now.getTime() - start.toMillis()) / 3_600_000;
  for (let i = 0; i < 46; i++) {
    const occurred = new Date(start.toMillis() + rng() * hours * 3_600_000);
    conversions.push({
      id: newId(),
      workspace_id: workspaceId,
      brand_id: brandId,
      campaign_id: campaignId,
      external_id: `SK-${10_240 + i}`,
      occurred_at: occurred.toISOString(),
      value_cents: (450 + Math.round(rng() * 20) * 100) * 100,
      currency: "RUB",
      utm_source: sources[Math.floor(rng() * sources.length)] ?? "vk",
      utm_medium: "social",
      utm_campaign: slug,
      utm_content: null,
      utm_term: null,
      link_code: null,
      source: "webhook",
      received_at: occurred.toISOString(),
    });
  }
  await db.insertInto("conversions").values(conversions).execute();
  return campaignId;
}
