/**
 * Members limited to some brands (memberships.brand_ids: a client and their brand, an agency's
 * editor and the brands they run) reach only those brands' objects. This guard runs before every
 * workspace route's handler, once the request is validated: it finds every brand the request
 * names — a `brandId` anywhere in its params, query or body, and the brand of every object its
 * ids address — and answers 404 for any outside the caller's brands, exactly as for an object
 * that does not exist. Lists across brands are filtered by their services (requireBrandAccess).
 *
 * Objects shared by the whole workspace (a template, a media file or a saved reply without a
 * brand) may be read and used by everyone, but changed only by members who see every brand.
 *
 * The tables below must know every id a route takes: `assertRouteKnown` refuses, when the app is
 * built, a workspace route whose path names an object this file cannot place, and a body or
 * query key ending in "Id" that it does not know is refused for limited members at run time. A
 * new route is closed to them until someone decides whose brand its ids belong to.
 */
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { AppError, notFound } from "../errors.js";
import { accessIn } from "../services/access.js";
import type { Database } from "../store/schema.js";
import type { ApiContext } from "./context.js";

/** Tables whose rows carry their own brand (a nullable brand_id: shared by the workspace). */
type BrandTable =
  | "channels"
  | "posts"
  | "inbox_items"
  | "media_assets"
  | "templates"
  | "hashtag_groups"
  | "calendar_feeds"
  | "inbox_saved_replies"
  | "inbox_saved_views"
  | "listening_queries"
  | "listening_sources"
  | "mentions"
  | "alert_rules"
  | "alerts"
  | "reports"
  | "competitors"
  | "strategies"
  | "campaigns"
  | "campaign_spend"
  | "conversions"
  | "giveaways"
  | "briefs"
  | "channel_posts"
  | "plan_health_runs"
  | "opinion_leaders"
  | "opinion_leader_placements";

/** `ownRules`: its service decides who may change one without a brand (a personal saved view is its owner's). */
type Kind = { brand: true } | { table: BrandTable | "variants"; name: string; ownRules?: true };

const brand: Kind = { brand: true };
const of = (table: BrandTable | "variants", name: string, ownRules?: true): Kind => ({ table, name, ...(ownRules ? { ownRules } : {}) });

/** A path parameter, by the path segment before it: whose brand the object is. `null`: not a brand's object. */
const pathObjects: Record<string, Kind | null> = {
  brands: brand,
  channels: of("channels", "Channel"),
  posts: of("posts", "Post"),
  variants: of("variants", "Variant"),
  inbox: of("inbox_items", "Inbox item"),
  media: of("media_assets", "Media file"),
  templates: of("templates", "Template"),
  "hashtag-groups": of("hashtag_groups", "Hashtag group"),
  "calendar-feeds": of("calendar_feeds", "Calendar feed"),
  "saved-replies": of("inbox_saved_replies", "Saved reply"),
  views: of("inbox_saved_views", "Saved view", true),
  queries: of("listening_queries", "Listening query"),
  sources: of("listening_sources", "Listening source"),
  mentions: of("mentions", "Mention"),
  "alert-rules": of("alert_rules", "Alert rule"),
  reports: of("reports", "Report"),
  competitors: of("competitors", "Competitor"),
  strategies: of("strategies", "Strategy"),
  campaigns: of("campaigns", "Campaign"),
  spend: of("campaign_spend", "Spend entry"),
  conversions: of("conversions", "Conversion"),
  giveaways: of("giveaways", "Giveaway"),
  briefs: of("briefs", "Brief"),
  leaders: of("opinion_leaders", "Opinion leader"),
  placements: of("opinion_leader_placements", "Placement"),
  // A KPI of a brand's strategy: its path names the brand (brands/:brandId) before it.
  kpis: null,
  // The workspace's own things: its members, invitations, the caller's API tokens, and the
  // team's notes about a person on a network (kept per person, not per brand).
  members: null,
  invitations: null,
  tokens: null,
  notes: null,
};

/** An id in a query or body (at any depth), by its key. `null`: not a brand's object (checked by its service). */
const keyObjects: Record<string, Kind | null> = {
  brandId: brand,
  channelId: of("channels", "Channel"),
  postId: of("posts", "Post"),
  variantId: of("variants", "Variant"),
  itemId: of("inbox_items", "Inbox item"),
  itemIds: of("inbox_items", "Inbox item"),
  inboxItemId: of("inbox_items", "Inbox item"),
  mediaId: of("media_assets", "Media file"),
  logoMediaId: of("media_assets", "Media file"),
  queryId: of("listening_queries", "Listening query"),
  sourceId: of("listening_sources", "Listening source"),
  strategyId: of("strategies", "Strategy"),
  campaignId: of("campaigns", "Campaign"),
  channelIds: of("channels", "Channel"),
  giveawayId: of("giveaways", "Giveaway"),
  channelPostId: of("channel_posts", "Post"),
  briefId: of("briefs", "Brief"),
  // A member to assign: the inbox services check that they work with the item's brand.
  assigneeId: null,
  // The brands to give a member: the members service checks them against the giver's own.
  brandIds: null,
};

/** Keys named plainly `ids`, per route: which objects they are. */
const idsOf: Record<string, Kind> = {
  "POST /api/workspaces/:ws/listening/mentions/bulk": of("mentions", "Mention"),
  "POST /api/workspaces/:ws/listening/alerts/read": of("alerts", "Alert"),
};

/** Creating one of these without a brand makes it shared by every brand of the workspace. */
const sharedWithoutBrand = new Set([
  "POST /api/workspaces/:ws/templates",
  "POST /api/workspaces/:ws/hashtag-groups",
  "POST /api/workspaces/:ws/calendar-feeds",
  "POST /api/workspaces/:ws/inbox/saved-replies",
]);

const workspacePrefix = "/api/workspaces/:ws";

/** Throws when a workspace route's path names an object whose brand this file cannot find. */
export function assertRouteKnown(url: string): void {
  if (!url.startsWith(`${workspacePrefix}/`)) return;
  const parts = url.split("/");
  parts.forEach((part, i) => {
    if (!part.startsWith(":") || part === ":ws") return;
    const before = parts[i - 1] ?? "";
    if (!(before in pathObjects)) {
      throw new Error(`${url}: the path names ${part} after "${before}", which src/api/brand-scope.ts cannot place. Add it to pathObjects.`);
    }
  });
}

type Named = { kind: Kind; ids: string[]; write: boolean };

/** Every id the request names, by the kind of object it is. */
function namedIn(req: FastifyRequest, url: string): Named[] {
  const write = req.method !== "GET" && req.method !== "HEAD";
  const found: Named[] = [];
  const add = (kind: Kind, value: unknown, isWrite: boolean) => {
    const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    if (ids.length > 0) found.push({ kind, ids, write: isWrite });
    // An explicit null brand on a write makes a thing shared by every brand.
    else if (value === null && "brand" in kind && isWrite) found.push({ kind, ids: [], write: true });
  };
  const parts = url.split("/");
  const params = (req.params ?? {}) as Record<string, unknown>;
  parts.forEach((part, i) => {
    if (!part.startsWith(":") || part === ":ws") return;
    const kind = pathObjects[parts[i - 1] ?? ""];
    // A write changes the object its path ends with (`PATCH /templates/:id`); one met on the way
    // is only used (`POST /templates/:id/render`). Only shared objects care (see sharedRefused).
    if (kind) add(kind, params[part.slice(1)], write && i === parts.length - 1);
  });
  const walk = (value: unknown, depth: number) => {
    if (depth > 6 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, depth + 1);
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (key === "ids" && idsOf[`${req.method} ${url}`]) add(idsOf[`${req.method} ${url}`] as Kind, v, write);
      else if (key in keyObjects) {
        const kind = keyObjects[key];
        if (kind) add(kind, v, write && "brand" in kind);
      } else if (/Ids?$/.test(key) && v !== null && v !== undefined) {
        throw new AppError("forbidden", `"${key}" names objects this server cannot yet check against the brands you work with. Ask an owner or a manager who sees every brand.`);
      } else walk(v, depth + 1);
    }
  };
  walk(req.query, 0);
  walk(req.body, 0);
  const body = (req.body ?? {}) as { brandId?: unknown };
  if (sharedWithoutBrand.has(`${req.method} ${url}`) && body.brandId === undefined) found.push({ kind: brand, ids: [], write: true });
  return found;
}

async function brandsOf(db: Kysely<Database>, workspaceId: string, table: BrandTable | "variants", ids: string[]): Promise<(string | null)[]> {
  if (table === "variants") {
    const rows = await db
      .selectFrom("variants")
      .innerJoin("posts", "posts.id", "variants.post_id")
      .select("posts.brand_id")
      .where("posts.workspace_id", "=", workspaceId)
      .where("variants.id", "in", ids)
      .execute();
    return rows.map((r) => r.brand_id);
  }
  const rows = await db.selectFrom(table).select("brand_id").where("workspace_id", "=", workspaceId).where("id", "in", ids).execute();
  return rows.map((r) => r.brand_id);
}

/** The preHandler: a member who sees every brand passes at once; others only to their brands. */
export function brandScopeGuard(ctx: ApiContext) {
  const db = ctx.store.db;
  return async function guard(req: FastifyRequest): Promise<void> {
    const url = req.routeOptions.url;
    if (!url?.startsWith(`${workspacePrefix}/`) && url !== workspacePrefix) return;
    const ws = (req.params as { ws?: unknown }).ws;
    if (typeof ws !== "string") return;
    // Unauthenticated or not a member: the route itself answers that, as before.
    const actor = await ctx.actorOf(req).catch(() => undefined);
    if (!actor) return;
    const access = await accessIn(db, actor, ws);
    if (!access || access.brands === null) return;
    const scope = new Set(access.brands);
    for (const named of namedIn(req, url)) {
      if ("brand" in named.kind) {
        if (named.ids.length === 0) throw sharedRefused();
        if (named.ids.some((b) => !scope.has(b))) throw notFound("Brand");
        continue;
      }
      const brands = await brandsOf(db, ws, named.kind.table, [...new Set(named.ids)]);
      // An id that finds nothing is left to the service, which answers its own 404.
      if (brands.some((b) => b !== null && !scope.has(b))) throw notFound(named.kind.name);
      if (named.write && !named.kind.ownRules && brands.some((b) => b === null)) throw sharedRefused();
    }
  };
}

function sharedRefused(): AppError {
  return new AppError(
    "forbidden",
    "This is shared by every brand of the workspace, and you work with some brands only. Choose one of your brands, or ask an owner or a manager who sees every brand.",
  );
}
