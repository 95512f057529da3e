/**
 * The demo's opinion leaders: a coffee blogger who reviewed the lavender raf for the demo
 * campaign (the 8 000 ₽ "Блогер @spb_coffee_walks" line of its spend), a book club the coffee
 * shop swaps posts with (barter), and the loudest author listening found, still a prospect. The
 * placements have tracked links with clicks (some by bots, which do not count) and conversions,
 * so CPA, CPC, CPM and ROMI show on the first start.
 *
 * The blogger's conversions are five of the campaign's own orders, re-tagged as coming through
 * the placement's link: the campaign's totals stay what they were. Given the same `now`, the same
 * figures come out.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import seedrandom from "seedrandom";
import { leaderSourceSlug, placementMedium } from "../../domain/opinion-leader.js";
import { newId } from "../../store/ids.js";
import type { CampaignsTable, ConversionsTable } from "../../store/schema-campaigns.js";
import type { OpinionLeaderPlacementsTable, OpinionLeadersTable } from "../../store/schema-leaders.js";
import type { Database } from "../../store/schema.js";
import { demoCampaignName } from "../campaigns/demo.js";
import { leaders } from "../listening/analytics.service.js";
import { makeLink, trackedTarget } from "./placements.service.js";

const dayMs = 86_400_000;
const shopPage = "https://north-coffee.example/shop";

export async function seedDemoLeaders(db: Kysely<Database>, opts: { workspaceId: string; brandId: string; userId: string; now: Date }): Promise<string[]> {
  const { workspaceId, brandId, userId, now } = opts;
  const rng = seedrandom(`chorus-demo-leaders:${now.toISOString()}`);
  const brand = await db.selectFrom("brands").select("timezone").where("id", "=", brandId).executeTakeFirstOrThrow();
  const today = DateTime.fromJSDate(now, { zone: brand.timezone }).startOf("day");
  const at = now.toISOString();
  const campaign = await db.selectFrom("campaigns").selectAll().where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).where("name", "=", demoCampaignName).executeTakeFirst();

  const leader = (l: Omit<OpinionLeadersTable, "id" | "workspace_id" | "brand_id" | "created_by" | "created_at" | "updated_at" | "listening_mentions" | "listening_tone"> & Partial<OpinionLeadersTable>): OpinionLeadersTable => ({
    id: newId(),
    workspace_id: workspaceId,
    brand_id: brandId,
    listening_mentions: null,
    listening_tone: null,
    created_by: userId,
    created_at: today.minus({ days: 20 }).toUTC().toISO() as string,
    updated_at: at,
    ...l,
  });
  const blogger = leader({
    name: "Кофейные прогулки по Петербургу",
    kind: "influencer",
    status: "agreed",
    profiles: JSON.stringify([
      { network: "telegram", handle: "@spb_coffee_walks", url: "https://t.me/spb_coffee_walks" },
      { network: "instagram", handle: "spb_coffee_walks", url: null },
    ]),
    followers: 48_200,
    followers_source: "manual",
    topics: JSON.stringify(["кофе", "Петербург", "прогулки"]),
    contact: "Через менеджера блога в Telegram",
    price_note: "Пост в Telegram — 3 500 ₽, видеообзор — 8 000 ₽; бартер не рассматривает",
    notes: "Пишет честно, без восторгов на заказ: аудитория ему верит. Просит текст и фото заранее, за 2 дня.",
  });
  const club = leader({
    name: "Книжный клуб «Переплёт»",
    kind: "community",
    status: "agreed",
    profiles: JSON.stringify([{ network: "vk", handle: "pereplet_club", url: "https://vk.com/pereplet_club" }]),
    followers: 12_600,
    followers_source: "manual",
    topics: JSON.stringify(["книги", "встречи", "кросс-промо"]),
    contact: null,
    price_note: "Взаимный репост, без оплаты",
    notes: "Мы анонсируем их встречи, они рассказывают о лавандовом рафе. Следующий обмен — через месяц.",
  });
  const rows = [blogger, club];
  // The loudest author listening found (if the demo listens), added from listening as a prospect.
  const heard = await leaders(db, { brandId, from: new Date(now.getTime() - 14 * dayMs).toISOString(), to: at }, 5).catch(() => []);
  const top = heard.find((h) => !/spb_coffee_walks|pereplet/i.test(h.handle));
  if (top) {
    rows.push(
      leader({
        name: top.name,
        kind: "influencer",
        status: "prospect",
        profiles: JSON.stringify([{ network: top.network, handle: top.handle, url: null }]),
        followers: top.followers,
        followers_source: top.followers === null ? "manual" : "listening",
        topics: "[]",
        contact: null,
        price_note: null,
        notes: "Часто пишет о нас: предложить обзор новинок?",
        listening_mentions: top.mentions,
        listening_tone: top.tone,
      }),
    );
  }
  await db.insertInto("opinion_leaders").values(rows).execute();

  const placement = async (p: { leader: OpinionLeadersTable; campaign: CampaignsTable | null; day: DateTime; priceCents: number; format: OpinionLeaderPlacementsTable["format"]; url: string; reach: number; views: number | null; people: number; bots: number; referrer: string; notes: string | null }) => {
    const id = newId();
    const created = p.day.minus({ days: 3 }).toUTC().toISO() as string;
    const link = await makeLink(db, workspaceId, trackedTarget(p.leader, id, shopPage, p.campaign), created);
    const row: OpinionLeaderPlacementsTable = {
      id,
      workspace_id: workspaceId,
      brand_id: brandId,
      leader_id: p.leader.id,
      campaign_id: p.campaign?.id ?? null,
      day: p.day.toISODate() as string,
      price_cents: p.priceCents,
      currency: "RUB",
      format: p.format,
      url: p.url,
      target_url: shopPage,
      link_id: link.id,
      link_code: link.code,
      reach: p.reach,
      views: p.views,
      notes: p.notes,
      created_by: userId,
      created_at: created,
      updated_at: at,
    };
    await db.insertInto("opinion_leader_placements").values(row).execute();
    // Most clicks come the first day, fewer each day after.
    const start = p.day.plus({ hours: 12 }).toMillis();
    const span = Math.max(3_600_000, now.getTime() - start);
    const clicks = Array.from({ length: p.people + p.bots }, (_, i) => ({
      id: newId(),
      link_id: link.id,
      workspace_id: workspaceId,
      clicked_at: new Date(start + rng() ** 3 * span).toISOString(),
      referrer_host: i % 4 === 0 ? null : p.referrer,
      visitor_hash: randomBytes(16).toString("hex"),
      bot: i < p.people ? 0 : 1,
    }));
    if (clicks.length) await db.insertInto("link_clicks").values(clicks).execute();
    return row;
  };

  const reviewDay = campaign ? DateTime.fromISO(campaign.start_day, { zone: brand.timezone }).plus({ days: 4 }) : today.minus({ days: 9 });
  const review = await placement({ leader: blogger, campaign: campaign ?? null, day: reviewDay, priceCents: 8_000_00, format: "video", url: "https://t.me/spb_coffee_walks/812", reach: 21_400, views: 30_900, people: 164, bots: 23, referrer: "t.me", notes: "Обзор лавандового рафа" });
  await placement({ leader: blogger, campaign: null, day: today.minus({ days: 2 }), priceCents: 3_500_00, format: "story", url: "https://t.me/spb_coffee_walks/845", reach: 9_800, views: null, people: 41, bots: 6, referrer: "t.me", notes: "Сторис о морковном торте" });
  const swap = await placement({ leader: club, campaign: null, day: today.minus({ days: 6 }), priceCents: 0, format: "cross_post", url: "https://vk.com/wall-1_2043", reach: 6_100, views: null, people: 58, bots: 4, referrer: "vk.com", notes: null });

  // The review's orders: five of the campaign's own, re-tagged as coming through its link.
  const source = leaderSourceSlug({ name: blogger.name, profiles: JSON.parse(blogger.profiles) });
  const orders = campaign
    ? await db.selectFrom("conversions").select("id").where("campaign_id", "=", campaign.id).where("occurred_at", ">=", reviewDay.toUTC().toISO() as string).orderBy("occurred_at").orderBy("id").limit(5).execute()
    : [];
  for (const o of orders) {
    await db.updateTable("conversions").set({ utm_source: source, utm_medium: placementMedium, utm_content: review.id, link_code: review.link_code }).where("id", "=", o.id).execute();
  }
  const swapOrders: ConversionsTable[] = [520_00, 610_00].map((value, i) => {
    const occurred = new Date(Date.parse(`${swap.day}T15:00:00Z`) + (i + 1) * 20 * 3_600_000).toISOString();
    return {
      id: newId(),
      workspace_id: workspaceId,
      brand_id: brandId,
      campaign_id: null,
      external_id: `SK-PER-${i + 1}`,
      occurred_at: occurred,
      value_cents: value,
      currency: "RUB",
      utm_source: "pereplet-club",
      utm_medium: placementMedium,
      utm_campaign: null,
      utm_content: swap.id,
      utm_term: null,
      link_code: swap.link_code,
      source: "webhook",
      received_at: occurred,
    };
  });
  await db.insertInto("conversions").values(swapOrders).execute();
  return rows.map((r) => r.id);
}
