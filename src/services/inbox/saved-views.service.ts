/**
 * Saved views: a named set of inbox filters, personal or shared with the workspace, shown as tabs
 * above the list. The filters are stored as JSON validated by one schema (the API's body schema
 * too), and read back through it, so a stored view can only ever hold filters the list accepts.
 * Who may: anyone who reads the inbox keeps personal views; sharing one with everyone (and
 * changing a shared one) is for those who work the inbox; owners and managers may tidy up anyone's
 * shared views. Someone else's personal view does not exist for the others ("not found").
 * A member limited to some brands sees the views of their brands and those for every brand; they
 * may keep personal views for every brand but share only views of one of theirs.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { type BrandScope, can, scopeAllows } from "../../domain/roles.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database, InboxSavedViewsTable } from "../../store/schema.js";
import { type Actor, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { sharedRefused } from "./saved-replies.service.js";
import { nowOf } from "../publishing/deps.js";

type Deps = { db: Kysely<Database>; now?: (() => Date) | undefined };

const uuid = z.uuid({ message: "Must be an id (UUID)" });

/** The inbox list's filters, as a view keeps them (the names of GET /inbox's query parameters). */
export const savedViewFilters = z.strictObject({
  brandId: uuid.optional(),
  channelId: uuid.optional(),
  status: z.enum(["new", "open", "waiting", "resolved"]).optional(),
  sentiment: z.enum(["positive", "neutral", "negative"]).optional(),
  lang: z.string().min(2).max(12).optional(),
  assignee: z.union([z.enum(["me", "none"]), uuid]).optional().describe('"me" (whoever applies the view), "none" or a user id'),
  q: z.string().max(200).optional(),
  unanswered: z.boolean().optional(),
  overdue: z.boolean().optional(),
  sort: z.enum(["newest", "priority"]).optional(),
  kind: z.enum(["comment", "reply", "mention", "message"]).optional(),
});
export type SavedViewFilters = z.infer<typeof savedViewFilters>;

/** Filters from a caller other than the API (which validates them already) get the same check. */
function validFilters(input: unknown): SavedViewFilters {
  const parsed = savedViewFilters.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new AppError("validation_failed", "The view's filters are not valid: fix the fields listed in \"errors\".", {
    errors: parsed.error.issues.map((i) => ({ path: ["filters", ...i.path.map(String)].join("."), message: i.message })),
  });
}

type Row = InboxSavedViewsTable & { owner_name: string | null };

/** A stored view that no longer parses (written by a future version, say) shows as "no filters" rather than failing the list. */
const parseFilters = (json: string): SavedViewFilters => {
  try {
    const parsed = savedViewFilters.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
};

const presentFor = (actor: Actor) => (r: Row) => ({
  id: r.id,
  name: r.name,
  shared: r.shared === 1,
  mine: r.user_id === actor.userId,
  owner: { id: r.user_id, name: r.owner_name ?? "" },
  brandId: r.brand_id,
  filters: parseFilters(r.filters),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The views the caller sees: their own and the shared ones, of their brands (`brands`) or for every brand. */
const viewsQuery = (db: Kysely<Database>, workspaceId: string, actor: Actor, brands: BrandScope) => {
  const q = db
    .selectFrom("inbox_saved_views as v")
    .leftJoin("users as u", "u.id", "v.user_id")
    .selectAll("v")
    .select("u.name as owner_name")
    .where("v.workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("v.user_id", "=", actor.userId), eb("v.shared", "=", 1)]));
  return brands ? q.where((eb) => eb.or([eb("v.brand_id", "is", null), eb("v.brand_id", "in", brands)])) : q;
};

async function loadView(db: Kysely<Database>, workspaceId: string, actor: Actor, brands: BrandScope, id: string): Promise<Row> {
  const row = await viewsQuery(db, workspaceId, actor, brands).where("v.id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Saved view");
  return row;
}

/** Refuses filters naming another workspace's brand or channel, or a brand (channel) the caller does not work with. */
async function checkFilters(db: Kysely<Database>, workspaceId: string, brands: BrandScope, f: SavedViewFilters) {
  if (f.brandId) {
    await findBrand(db, workspaceId, f.brandId);
    if (!scopeAllows(brands, f.brandId)) throw notFound("Brand");
  }
  if (f.channelId) {
    let q = db.selectFrom("channels").select("id").where("workspace_id", "=", workspaceId).where("id", "=", f.channelId);
    if (f.brandId) q = q.where("brand_id", "=", f.brandId);
    if (brands) q = q.where("brand_id", "in", brands);
    if (!(await q.executeTakeFirst())) {
      throw new AppError("validation_failed", "The view names a channel that is not one of this brand's channels.", { errors: [{ path: "filters.channelId", message: "Not a channel of this brand" }] });
    }
  }
}

/** The caller's own views and the shared ones; with brandId, those for that brand or for every brand. */
export async function listSavedViews(deps: Deps, actor: Actor, workspaceId: string, query: { brandId?: string | undefined }) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.read");
  let q = viewsQuery(db, workspaceId, actor, brands);
  if (query.brandId) {
    const brandId = query.brandId;
    q = q.where((eb) => eb.or([eb("v.brand_id", "=", brandId), eb("v.brand_id", "is", null)]));
  }
  const rows = await q.orderBy("v.name").orderBy("v.id").limit(200).execute();
  return { items: rows.map(presentFor(actor)) };
}

export async function createSavedView(deps: Deps, actor: Actor, workspaceId: string, input: { name: string; shared: boolean; filters: SavedViewFilters }) {
  const { db } = deps;
  const { role, brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.read");
  if (input.shared && !can(role, "inbox.reply")) {
    throw new AppError("forbidden", `Your role (${role}) can keep personal views but not share them with the workspace. Save it as a personal view.`);
  }
  const filters = validFilters(input.filters);
  await checkFilters(db, workspaceId, brands, filters);
  if (brands && input.shared && !filters.brandId) throw sharedRefused("A shared view without a brand");
  const now = nowOf(deps).toISOString();
  const row: InboxSavedViewsTable = {
    id: newId(),
    workspace_id: workspaceId,
    user_id: actor.userId,
    brand_id: filters.brandId ?? null,
    name: input.name.trim(),
    filters: JSON.stringify(filters),
    shared: input.shared ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("inbox_saved_views").values(row).execute();
    if (input.shared) {
      await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.view.share", targetType: "saved_view", targetId: row.id, data: { name: row.name }, ip: actor.ip ?? null });
    }
  });
  return presentFor(actor)(await loadView(db, workspaceId, actor, brands, row.id));
}

/** Someone else's shared view: only owners and managers may change or remove it. */
function requireMayChange(role: string, actor: Actor, view: Row) {
  if (view.user_id === actor.userId) return;
  if (role !== "owner" && role !== "manager") {
    throw new AppError("forbidden", `This shared view belongs to ${view.owner_name ?? "a colleague"}: only they, an owner or a manager can change it. Save your own copy instead.`);
  }
}

export async function updateSavedView(
  deps: Deps,
  actor: Actor,
  workspaceId: string,
  id: string,
  patch: { name?: string | undefined; shared?: boolean | undefined; filters?: SavedViewFilters | undefined },
) {
  const { db } = deps;
  const { role, brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.read");
  const view = await loadView(db, workspaceId, actor, brands, id);
  requireMayChange(role, actor, view);
  const sharing = patch.shared ?? view.shared === 1;
  if ((sharing || view.shared === 1) && !can(role, "inbox.reply")) {
    throw new AppError("forbidden", `Your role (${role}) can keep personal views but not share them or change shared ones.`);
  }
  const filters = patch.filters ? validFilters(patch.filters) : undefined;
  if (filters) await checkFilters(db, workspaceId, brands, filters);
  const brandId = filters ? (filters.brandId ?? null) : view.brand_id;
  if (brands && sharing && !brandId) throw sharedRefused("A shared view without a brand");
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("inbox_saved_views")
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.shared !== undefined ? { shared: patch.shared ? 1 : 0 } : {}),
        ...(filters ? { filters: JSON.stringify(filters), brand_id: filters.brandId ?? null } : {}),
        updated_at: nowOf(deps).toISOString(),
      })
      .where("id", "=", id)
      .where("workspace_id", "=", workspaceId)
      .execute();
    if (sharing || view.shared === 1) {
      await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.view.edit", targetType: "saved_view", targetId: id, data: { name: patch.name ?? view.name, shared: sharing }, ip: actor.ip ?? null });
    }
  });
  return presentFor(actor)(await loadView(db, workspaceId, actor, brands, id));
}

export async function deleteSavedView(deps: Deps, actor: Actor, workspaceId: string, id: string) {
  const { db } = deps;
  const { role, brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.read");
  const view = await loadView(db, workspaceId, actor, brands, id);
  requireMayChange(role, actor, view);
  if (brands && view.shared === 1 && !view.brand_id) throw sharedRefused("A shared view without a brand");
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("inbox_saved_views").where("id", "=", id).where("workspace_id", "=", workspaceId).execute();
    if (view.shared === 1) {
      await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.view.delete", targetType: "saved_view", targetId: id, data: { name: view.name }, ip: actor.ip ?? null });
    }
  });
}
