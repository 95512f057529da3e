/**
 * What each placement brought, counted by the database: clicks on its short link (bots
 * excluded) and the brand's conversions attributed to it — those whose utm_content is the
 * placement's id (what its tracked link carries to the site) or whose link_code is its short
 * link's code. A conversion that names one placement by utm_content and another by code counts
 * for the first only. Revenue counts conversions in the placement's currency (or none given):
 * Chorus does not convert currencies.
 */
import { type Kysely, sql } from "kysely";
import type { PlacementSums } from "../../domain/opinion-leader.js";
import type { OpinionLeaderPlacementsTable } from "../../store/schema-leaders.js";
import type { Database } from "../../store/schema.js";

type Placement = Pick<OpinionLeaderPlacementsTable, "id" | "brand_id" | "link_id" | "link_code" | "price_cents" | "currency" | "reach" | "views">;

const num = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

export async function placementSums(db: Kysely<Database>, workspaceId: string, placements: Placement[]): Promise<Map<string, PlacementSums>> {
  const out = new Map<string, PlacementSums>();
  if (placements.length === 0) return out;
  const linkIds = placements.map((p) => p.link_id).filter((v): v is string => v !== null);
  const clicks = linkIds.length
    ? await db
        .selectFrom("link_clicks")
        .select((eb) => ["link_id", eb.fn.sum<number | string>(sql`case when bot = 0 then 1 else 0 end`).as("people")])
        .where("workspace_id", "=", workspaceId)
        .where("link_id", "in", linkIds)
        .groupBy("link_id")
        .execute()
    : [];
  const clicksOf = new Map(clicks.map((c) => [c.link_id, Number(c.people ?? 0)]));

  const brandIds = [...new Set(placements.map((p) => p.brand_id))];
  const ids = placements.map((p) => p.id);
  const codes = placements.map((p) => p.link_code).filter((v): v is string => v !== null);
  const conversions = await db
    .selectFrom("conversions")
    .select(["utm_content", "link_code", "value_cents", "currency"])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "in", brandIds)
    .where((eb) => eb.or([eb("utm_content", "in", ids), ...(codes.length ? [eb("link_code", "in", codes)] : [])]))
    .execute();
  const byId = new Map(placements.map((p) => [p.id, p]));
  const byCode = new Map(placements.filter((p) => p.link_code).map((p) => [p.link_code as string, p]));
  const counted = new Map<string, { n: number; cents: number }>();
  for (const c of conversions) {
    const p = (c.utm_content ? byId.get(c.utm_content) : undefined) ?? (c.link_code ? byCode.get(c.link_code) : undefined);
    if (!p) continue;
    const acc = counted.get(p.id) ?? { n: 0, cents: 0 };
    acc.n += 1;
    if (c.currency === null || c.currency === p.currency) acc.cents += Number(c.value_cents);
    counted.set(p.id, acc);
  }
  for (const p of placements) {
    const conv = counted.get(p.id);
    out.set(p.id, {
      priceCents: Number(p.price_cents),
      reach: num(p.reach),
      views: num(p.views),
      clicks: p.link_id ? (clicksOf.get(p.link_id) ?? 0) : null,
      conversions: conv?.n ?? 0,
      revenueCents: conv?.cents ?? 0,
    });
  }
  return out;
}
