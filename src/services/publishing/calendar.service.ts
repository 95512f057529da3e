/**
 * The calendar: every variant of a time range, across a workspace's brands or for one, with what
 * the calendar needs to draw and filter it. Bounded to 62 days per request so a month view with
 * its neighbouring weeks is one call.
 */
import { AppError } from "../../errors.js";
import type { PostStatus, VariantStatus } from "../../store/schema.js";
import { type Actor, requireBrandAccess } from "../access.js";
import type { PublishingDeps } from "./deps.js";

export type CalendarQuery = {
  from: string;
  to: string;
  brandId?: string | undefined;
  channelId?: string | undefined;
  rubric?: string | undefined;
  status?: VariantStatus | undefined;
  campaign?: string | undefined;
};

const maxRangeMs = 62 * 86_400_000;

export async function calendar(deps: PublishingDeps, actor: Actor, workspaceId: string, q: CalendarQuery) {
  const { db, registry } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "posts.read");
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (!(to > from)) throw new AppError("validation_failed", "`to` must be after `from`.", { errors: [{ path: "query.to", message: "Must be after from" }] });
  if (to - from > maxRangeMs) {
    throw new AppError("validation_failed", "Ask for at most 62 days at a time.", { errors: [{ path: "query.to", message: "Range longer than 62 days" }] });
  }
  let query = db
    .selectFrom("variants")
    .innerJoin("posts", "posts.id", "variants.post_id")
    .innerJoin("channels", "channels.id", "variants.channel_id")
    .leftJoin("publications", (j) => j.onRef("publications.variant_id", "=", "variants.id").on("publications.item", "=", 0))
    .select([
      "variants.id as variantId",
      "variants.post_id as postId",
      "posts.brand_id as brandId",
      "variants.channel_id as channelId",
      "channels.network",
      "channels.name as channelName",
      "variants.text",
      "variants.scheduled_at as at",
      "variants.status",
      "posts.status as postStatus",
      "posts.rubric",
      "posts.campaign",
      "publications.url",
    ])
    .where("variants.workspace_id", "=", workspaceId)
    .where("variants.scheduled_at", ">=", new Date(from).toISOString())
    .where("variants.scheduled_at", "<", new Date(to).toISOString());
  if (brands) query = query.where("posts.brand_id", "in", brands);
  if (q.brandId) query = query.where("posts.brand_id", "=", q.brandId);
  if (q.channelId) query = query.where("variants.channel_id", "=", q.channelId);
  if (q.rubric) query = query.where("posts.rubric", "=", q.rubric);
  if (q.status) query = query.where("variants.status", "=", q.status);
  if (q.campaign) query = query.where("posts.campaign", "=", q.campaign);
  const rows = await query.orderBy("variants.scheduled_at").limit(20_000).execute();
  return {
    items: rows.map((r) => ({
      variantId: r.variantId,
      postId: r.postId,
      brandId: r.brandId,
      channelId: r.channelId,
      network: r.network,
      networkName: registry.get(r.network)?.displayName ?? r.network,
      channelName: r.channelName,
      title: (r.text.split("\n", 1)[0] ?? "").slice(0, 80),
      at: r.at as string,
      status: r.status,
      postStatus: r.postStatus as PostStatus,
      rubric: r.rubric,
      campaign: r.campaign,
      url: r.url ?? null,
    })),
  };
}
