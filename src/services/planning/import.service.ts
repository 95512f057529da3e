/**
 * Bulk import of a content plan from CSV. A dry run lists every problem by line and column and
 * creates nothing; the real run refuses while any problem remains, and otherwise creates all
 * posts as drafts in one transaction — a failure midway leaves none behind.
 */
import type { Kysely } from "kysely";
import { parseBrandSettings } from "../../domain/brand-settings.js";
import { type ImportProblem, type ImportRow, parseImportCsv } from "../../domain/csv-import.js";
import { AppError } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { contentProblems } from "../publishing/content.js";
import { type MediaRef, nowOf, type PublishingDeps } from "../publishing/deps.js";

type Db = Kysely<Database>;

export const maxCsvBytes = 2 * 1024 * 1024;
const previewLength = 80;

type Planned = { row: ImportRow; channelIds: string[]; media: MediaRef[]; format: string };

/**
 * Media by id or file name: live files of the brand's library or the workspace-wide ones. When a
 * name is used twice the newest file wins.
 */
async function findMedia(db: Db, workspaceId: string, brandId: string, names: string[]): Promise<Map<string, { id: string; mime: string }>> {
  const found = new Map<string, { id: string; mime: string }>();
  if (names.length === 0) return found;
  const rows = await db
    .selectFrom("media_assets")
    .select(["id", "file_name", "mime"])
    .where("workspace_id", "=", workspaceId)
    .where("deleted_at", "is", null)
    .where((eb) => eb.or([eb("brand_id", "=", brandId), eb("brand_id", "is", null)]))
    .where((eb) => eb.or([eb("id", "in", names), eb("file_name", "in", names)]))
    .orderBy("id", "desc")
    .execute();
  for (const r of rows) if (names.includes(r.id)) found.set(r.id, r);
  for (const r of rows) if (!found.has(r.file_name)) found.set(r.file_name, r);
  return found;
}

const handleKey = (s: string) => s.trim().replace(/^@/, "").toLowerCase();

export async function importPosts(deps: PublishingDeps, actor: Actor, workspaceId: string, input: { brandId: string; csv: string; dryRun: boolean }) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const brand = await findBrand(db, workspaceId, input.brandId);
  if (Buffer.byteLength(input.csv, "utf8") > maxCsvBytes) {
    throw new AppError("payload_too_large", "The CSV is larger than 2 MB. Split it into several files.");
  }
  const now = nowOf(deps);
  const { rows, problems } = parseImportCsv(input.csv, { zone: brand.timezone, now });
  const settings = parseBrandSettings(brand.settings, brand.locale);
  const channels = await db
    .selectFrom("channels")
    .select(["id", "handle", "network", "name"])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brand.id)
    .where("status", "!=", "disconnected")
    .execute();
  const byKey = new Map<string, (typeof channels)[number]>();
  for (const c of channels) {
    byKey.set(c.id.toLowerCase(), c);
    byKey.set(handleKey(c.handle), c);
  }

  const planned: Planned[] = [];
  for (const row of rows) {
    const problem = (column: string, message: string) => problems.push({ line: row.line, column, message });
    const matched: (typeof channels)[number][] = [];
    for (const name of row.channels) {
      const ch = byKey.get(handleKey(name));
      if (!ch) problem("channels", `"${name}" is not a connected channel of ${brand.name}. Use a channel's handle or id.`);
      else if (!matched.includes(ch)) matched.push(ch);
    }
    if (row.rubric && !settings.rubrics.includes(row.rubric)) {
      problem("rubric", `"${row.rubric}" is not one of this brand's rubrics (${settings.rubrics.join(", ")}).`);
    }
    let media: MediaRef[] = [];
    let video = false;
    if (row.media.length) {
      const found = await findMedia(db, workspaceId, brand.id, row.media);
      for (const name of row.media) if (!found.has(name)) problem("media", `"${name}" is not in ${brand.name}'s media library.`);
      const files = row.media.flatMap((name) => found.get(name) ?? []);
      media = files.map((f) => ({ mediaId: f.id }));
      video = files.some((f) => f.mime.startsWith("video/"));
    }
    const format = video ? "video" : media.length > 1 ? "carousel" : media.length === 1 ? "image" : "text";
    for (const ch of matched) {
      const connector = deps.registry.get(ch.network);
      if (!connector) {
        problem("channels", `${ch.name}: the ${ch.network} connector is not available.`);
        continue;
      }
      const found = await contentProblems(deps, connector, workspaceId, { text: row.text, format, media, link: null, thread: [] });
      for (const p of found) problem(p.path.startsWith("media") ? "media" : "text", `${connector.displayName} (${ch.name}): ${p.message}`);
    }
    planned.push({ row, channelIds: matched.map((c) => c.id), media, format });
  }
  problems.sort((a, b) => a.line - b.line);
  const posts = planned.map((p) => ({
    line: p.row.line,
    date: p.row.date,
    time: p.row.time,
    at: p.row.at,
    channels: p.channelIds,
    textPreview: p.row.text.length > previewLength ? `${p.row.text.slice(0, previewLength)}…` : p.row.text,
  }));
  if (input.dryRun) return { dryRun: true, rows: rows.length, posts, problems, postIds: [] as string[] };
  if (problems.length) {
    throw new AppError("validation_failed", `The file has ${problems.length} problem${problems.length > 1 ? "s" : ""}; nothing was imported. Fix them (a dry run lists them) and import again.`, {
      errors: problems.map((p) => ({ path: `line.${p.line}${p.column ? `.${p.column}` : ""}`, message: p.message })),
    });
  }
  const postIds = await createAll(db, actor, workspaceId, brand.id, planned, now.toISOString());
  return { dryRun: false, rows: rows.length, posts, problems: [] as ImportProblem[], postIds };
}

/** Every post and variant in one transaction: all are created, or none. */
async function createAll(db: Db, actor: Actor, workspaceId: string, brandId: string, planned: Planned[], now: string): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const ids: string[] = [];
    for (const p of planned) {
      const postId = newId();
      ids.push(postId);
      await tx
        .insertInto("posts")
        .values({
          id: postId,
          workspace_id: workspaceId,
          brand_id: brandId,
          status: "draft",
          rubric: p.row.rubric,
          format: p.format,
          base_text: p.row.text,
          tags: "[]",
          campaign: p.row.campaign,
          approval_step: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await tx
        .insertInto("variants")
        .values(
          p.channelIds.map((channelId) => ({
            id: newId(),
            workspace_id: workspaceId,
            post_id: postId,
            channel_id: channelId,
            text: p.row.text,
            media: JSON.stringify(p.media),
            link: null,
            first_comment: null,
            scheduled_at: p.row.at,
            status: "draft" as const,
            thread: "[]",
            customised: 0,
            error: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "post.create", targetType: "post", targetId: postId, data: { via: "csv import", line: p.row.line }, ip: actor.ip ?? null });
    }
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "posts.import", targetType: "brand", targetId: brandId, data: { posts: ids.length }, ip: actor.ip ?? null });
    return ids;
  });
}
