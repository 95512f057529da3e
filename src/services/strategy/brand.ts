/** The brand a strategy belongs to and its channels, read once per request and scoped by workspace. */
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import { parseBrandSettings } from "../../domain/brand-settings.js";
import { notFound } from "../../errors.js";
import type { Database } from "../../store/schema.js";

export type BrandInfo = { id: string; workspaceId: string; name: string; timezone: string; locale: string; rubrics: string[] };
export type ChannelInfo = { id: string; name: string; network: string; handle: string };

export async function brandOf(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<BrandInfo> {
  const b = await db.selectFrom("brands").select(["id", "workspace_id", "name", "timezone", "locale", "settings"]).where("id", "=", brandId).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!b) throw notFound("Brand");
  return { id: b.id, workspaceId: b.workspace_id, name: b.name, timezone: b.timezone, locale: b.locale, rubrics: parseBrandSettings(b.settings, b.locale).rubrics };
}

/** The brand's channels that are still connected (a removed account has no followers to count). */
export async function channelsOf(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<ChannelInfo[]> {
  return db
    .selectFrom("channels")
    .select(["id", "name", "network", "handle"])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("status", "!=", "disconnected")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** The brand's local day of an instant. */
export const localDay = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toISODate() as string;
