/**
 * Saved replies: answers the team reuses, for the whole workspace or one brand, with variables
 * filled in for the item being answered — {author} (the author's name), {handle}, {brand},
 * {channel}, {agent} (the teammate answering), {date}, and the brand's own variables (a promo
 * code). Rendering reuses the post templates' engine (domain/template.ts), so a variable without a
 * value is reported and left as written, never silently blank; saving refuses variables nobody
 * could fill.
 * A member limited to some brands sees their brands' replies and the workspace-wide ones, and
 * writes only their brands' (as src/api/brand-scope.ts has it for every shared object).
 */
import { type Kysely, sql } from "kysely";
import { type BrandScope, scopeAllows } from "../../domain/roles.js";
import { renderTemplate, type TemplateProblem } from "../../domain/template.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database, InboxSavedRepliesTable } from "../../store/schema.js";
import { type Actor, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { brandVariables } from "../planning/variables.service.js";
import { nowOf } from "../publishing/deps.js";

type Deps = { db: Kysely<Database>; now?: (() => Date) | undefined };

/** What a saved reply can say besides the brand's own variables. */
export const savedReplyVariables = ["author", "handle", "brand", "channel", "agent", "date"] as const;

const present = (r: InboxSavedRepliesTable) => ({
  id: r.id,
  brandId: r.brand_id,
  title: r.title,
  text: r.text,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type SavedReplyView = ReturnType<typeof present>;

const unknownMessage = (name: string) =>
  `{${name}} is not a variable saved replies can fill: use {author}, {handle}, {brand}, {channel}, {agent}, {date} or one of the brand's variables (write {{ and }} for literal braces).`;

/** A saved reply the caller may see: workspace-wide, or of one of their brands (should a route miss the brand check). */
async function loadReply(db: Kysely<Database>, workspaceId: string, id: string, brands: BrandScope) {
  const row = await visibleReplies(db, workspaceId, brands).where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Saved reply");
  return row;
}

export const sharedRefused = (what: string) =>
  new AppError("forbidden", `${what} is shared by every brand of the workspace, and you work with some brands only. Choose one of your brands, or ask an owner or a manager who sees every brand.`);

/** A brand of the workspace the caller works with; any other is "not found". */
async function requireBrand(db: Kysely<Database>, workspaceId: string, brands: BrandScope, brandId: string) {
  await findBrand(db, workspaceId, brandId);
  if (!scopeAllows(brands, brandId)) throw notFound("Brand");
}

/** The workspace's saved replies; with `brands`, those brands' and the workspace-wide ones. */
function visibleReplies(db: Kysely<Database>, workspaceId: string, brands: BrandScope) {
  const q = db.selectFrom("inbox_saved_replies").selectAll().where("workspace_id", "=", workspaceId);
  return brands ? q.where((eb) => eb.or([eb("brand_id", "is", null), eb("brand_id", "in", brands)])) : q;
}

/**
 * Refuses a text naming a variable that no item could fill: for a brand's reply, the built-ins and
 * that brand's variables; for a workspace-wide one, the variables of any of its brands.
 */
async function checkVariables(db: Kysely<Database>, workspaceId: string, brandId: string | null, text: string) {
  let q = db.selectFrom("variables").select("key").where("workspace_id", "=", workspaceId);
  if (brandId) q = q.where("brand_id", "=", brandId);
  const keys = (await q.execute()).map((r) => r.key);
  const known = Object.fromEntries([...savedReplyVariables, ...keys].map((k) => [k, ""]));
  // Rendering against every known name leaves exactly the unknown ones as problems.
  const { problems } = renderTemplate(text, { brand: "", zone: "UTC", locale: "en", now: new Date(0), link: null, variables: known });
  if (problems.length > 0) {
    throw new AppError("validation_failed", `The text names ${problems.map((p) => `{${p.variable}}`).join(", ")}, which a saved reply cannot fill.`, {
      errors: problems.map((p) => ({ path: "text", message: unknownMessage(p.variable) })),
    });
  }
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** A brand's saved replies and the workspace-wide ones (without brandId: all of the workspace), by title. */
export async function listSavedReplies(deps: Deps, actor: Actor, workspaceId: string, query: { brandId?: string | undefined; q?: string | undefined }) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.read");
  let q = visibleReplies(db, workspaceId, brands);
  if (query.brandId) {
    await requireBrand(db, workspaceId, brands, query.brandId);
    const brandId = query.brandId;
    q = q.where((eb) => eb.or([eb("brand_id", "=", brandId), eb("brand_id", "is", null)]));
  }
  if (query.q?.trim()) q = q.where(sql`lower(title)`, "like", sql`${likePattern(query.q.trim())} escape '\\'`);
  const rows = await q.orderBy("title").orderBy("id").limit(500).execute();
  return { items: rows.map(present) };
}

export async function createSavedReply(deps: Deps, actor: Actor, workspaceId: string, input: { brandId?: string | null | undefined; title: string; text: string }) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.reply");
  if (input.brandId) await requireBrand(db, workspaceId, brands, input.brandId);
  else if (brands) throw sharedRefused("A saved reply without a brand");
  await checkVariables(db, workspaceId, input.brandId ?? null, input.text);
  const now = nowOf(deps).toISOString();
  const row: InboxSavedRepliesTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId ?? null,
    title: input.title.trim(),
    text: input.text,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("inbox_saved_replies").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.saved_reply.create", targetType: "saved_reply", targetId: row.id, data: { title: row.title }, ip: actor.ip ?? null });
  });
  return present(row);
}

export async function updateSavedReply(
  deps: Deps,
  actor: Actor,
  workspaceId: string,
  id: string,
  patch: { brandId?: string | null | undefined; title?: string | undefined; text?: string | undefined },
) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.reply");
  const current = await loadReply(db, workspaceId, id, brands);
  if (patch.brandId) await requireBrand(db, workspaceId, brands, patch.brandId);
  const brandId = patch.brandId !== undefined ? patch.brandId : current.brand_id;
  await checkVariables(db, workspaceId, brandId, patch.text ?? current.text);
  const now = nowOf(deps).toISOString();
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("inbox_saved_replies")
      .set({
        brand_id: brandId,
        ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
        ...(patch.text !== undefined ? { text: patch.text } : {}),
        updated_at: now,
      })
      .where("id", "=", id)
      .where("workspace_id", "=", workspaceId)
      .execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.saved_reply.edit", targetType: "saved_reply", targetId: id, ip: actor.ip ?? null });
  });
  return present(await loadReply(db, workspaceId, id, brands));
}

export async function deleteSavedReply(deps: Deps, actor: Actor, workspaceId: string, id: string) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.reply");
  const row = await loadReply(db, workspaceId, id, brands);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("inbox_saved_replies").where("id", "=", id).where("workspace_id", "=", workspaceId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.saved_reply.delete", targetType: "saved_reply", targetId: id, data: { title: row.title }, ip: actor.ip ?? null });
  });
}

/**
 * The saved reply written for one item: its author, channel and brand, and the teammate asking.
 * Variables without a value (a brand variable this brand lacks, an author without a handle) are
 * listed in `problems` and stay in the text as written, for the person to fix before sending.
 */
export async function renderSavedReply(deps: Deps, actor: Actor, workspaceId: string, id: string, itemId: string): Promise<{ text: string; problems: TemplateProblem[] }> {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.read");
  const reply = await loadReply(db, workspaceId, id, brands);
  let itemQuery = db
    .selectFrom("inbox_items as i")
    .innerJoin("channels as c", "c.id", "i.channel_id")
    .select(["i.brand_id", "i.author_name", "i.author_handle", "c.name as channel_name"])
    .where("i.workspace_id", "=", workspaceId)
    .where("i.id", "=", itemId)
    .where("i.deleted_at", "is", null);
  if (brands) itemQuery = itemQuery.where("i.brand_id", "in", brands);
  const item = await itemQuery.executeTakeFirst();
  if (!item) throw notFound("Inbox item");
  if (reply.brand_id && reply.brand_id !== item.brand_id) {
    throw new AppError("validation_failed", "This saved reply belongs to another brand. Use one of this brand's replies, or make it workspace-wide.", {
      errors: [{ path: "itemId", message: "The item is not of this saved reply's brand" }],
    });
  }
  const brand = await findBrand(db, workspaceId, item.brand_id);
  const agent = await db.selectFrom("users").select("name").where("id", "=", actor.userId).executeTakeFirst();
  const handle = item.author_handle.trim().replace(/^@/, "");
  const name = item.author_name.trim() || handle;
  const values: Record<string, string> = await brandVariables(db, workspaceId, brand.id);
  // The built-ins win over a brand variable of the same name; a value that is not there is
  // reported (below), never put in as an empty string.
  for (const key of savedReplyVariables) delete values[key];
  values.channel = item.channel_name;
  if (name) values.author = name;
  if (handle) values.handle = `@${handle}`;
  if (agent?.name.trim()) values.agent = agent.name.trim();
  const out = renderTemplate(reply.text, { brand: brand.name, zone: brand.timezone, locale: brand.locale, now: nowOf(deps), link: null, variables: values });
  const why: Record<string, string> = {
    author: "{author} has no value: the network gave no name for this author.",
    handle: "{handle} has no value: the network gave no handle for this author.",
    agent: "{agent} has no value: your profile has no name. Set it in your profile.",
  };
  return { text: out.text, problems: out.problems.map((p) => ({ variable: p.variable, message: why[p.variable] ?? unknownMessage(p.variable) })) };
}
