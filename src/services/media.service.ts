/**
 * The media library: uploads are checked by their bytes (never by the name or header the client
 * sent), stored by generated key, described (size, dimensions, a JPEG thumbnail for images) and
 * handed to the publishing services as MediaInput. Deletion is soft: published posts and the
 * audit trail may still point at a file.
 */
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Kysely } from "kysely";
import sharp from "sharp";
import type { MediaInput } from "../connectors/types.js";
import { AppError, notFound } from "../errors.js";
import { newId, nowIso } from "../store/ids.js";
import { decodeCursor, type PageRequest, type PageResult, pageLimit, toPage } from "../store/paginate.js";
import type { Database, MediaAssetsTable } from "../store/schema.js";
import type { Storage } from "../store/storage.js";
import { type Actor, requireAccess, requireBrandAccess } from "./access.js";
import { recordAudit } from "./audit.service.js";

export type MediaDeps = { db: Kysely<Database>; storage: Storage; maxBytes: number };

/** What Chorus accepts, with a name people recognise and the extensions that may carry it. */
const accepted: Record<string, { label: string; exts: string[] }> = {
  "image/jpeg": { label: "JPEG image", exts: ["jpg", "jpeg", "jpe", "jfif"] },
  "image/png": { label: "PNG image", exts: ["png"] },
  "image/webp": { label: "WebP image", exts: ["webp"] },
  "image/gif": { label: "GIF image", exts: ["gif"] },
  "video/mp4": { label: "MP4 video", exts: ["mp4", "m4v"] },
  "video/quicktime": { label: "QuickTime (MOV) video", exts: ["mov", "qt"] },
};
const aliases: Record<string, string> = { "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "video/x-m4v": "video/mp4" };
const acceptedList = "JPEG, PNG, WebP and GIF images, MP4 and MOV videos";
const thumbWidth = 400;

export type MediaAsset = {
  id: string;
  brandId: string | null;
  fileName: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  duration: number | null;
  alt: string | null;
  sha256: string;
  /** Null for videos: Chorus makes no video thumbnails yet. */
  thumbnailUrl: string | null;
  fileUrl: string;
  createdAt: string;
};

function present(r: MediaAssetsTable): MediaAsset {
  const base = `/api/workspaces/${r.workspace_id}/media/${r.id}`;
  return {
    id: r.id,
    brandId: r.brand_id,
    fileName: r.file_name,
    mime: r.mime,
    bytes: r.bytes,
    width: r.width,
    height: r.height,
    duration: r.duration,
    alt: r.alt,
    sha256: r.sha256,
    thumbnailUrl: r.thumb_key ? `${base}/thumbnail` : null,
    fileUrl: `${base}/file`,
    createdAt: r.created_at,
  };
}

const fileProblem = (message: string) => new AppError("validation_failed", message, { errors: [{ path: "file", message }] });
const labelOf = (mime: string) => accepted[mime]?.label ?? mime;

/** Refuses a file whose name or declared type disagrees with its bytes, or which Chorus cannot use. */
async function sniff(input: { fileName: string; declaredType?: string | undefined; data: Buffer }): Promise<string> {
  const found = await fileTypeFromBuffer(input.data);
  const mime = found ? (aliases[found.mime] ?? found.mime) : undefined;
  const name = JSON.stringify(input.fileName);
  if (!mime || !accepted[mime]) {
    throw new AppError("unsupported_media_type", `${name} is ${found ? `a ${found.mime} file` : "not a file type Chorus recognises"}. Upload ${acceptedList}.`);
  }
  const declared = input.declaredType?.split(";")[0]?.trim().toLowerCase();
  const declaredMime = declared ? (aliases[declared] ?? declared) : undefined;
  // application/octet-stream means "the client does not know": only the bytes can tell.
  if (declaredMime && declaredMime !== "application/octet-stream" && declaredMime !== mime) {
    throw fileProblem(`${name} is not a ${labelOf(declaredMime)} (${declaredMime}) as declared: its content is a ${labelOf(mime)} (${mime}). Upload it with the right type or convert it.`);
  }
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(input.fileName)?.[1]?.toLowerCase();
  if (ext && !accepted[mime]?.exts.includes(ext)) {
    const claimed = Object.entries(accepted).find(([, a]) => a.exts.includes(ext))?.[1].label ?? `.${ext} file`;
    throw fileProblem(`${name} is not a ${claimed}: its content is a ${labelOf(mime)} (${mime}). Rename it to .${accepted[mime]?.exts[0]} or convert it.`);
  }
  return mime;
}

export type UploadInput = { fileName: string; declaredType?: string | undefined; data: Buffer; brandId?: string | null | undefined; alt?: string | null | undefined };

/** Checked before a large body is read, so an outsider's upload is refused without storing a byte. */
export async function requireUploadAccess(db: Kysely<Database>, actor: Actor, workspaceId: string): Promise<void> {
  await requireAccess(db, actor, workspaceId, "posts.write");
}

export async function uploadMedia(deps: MediaDeps, actor: Actor, workspaceId: string, input: UploadInput): Promise<MediaAsset> {
  const { db, storage } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "posts.write");
  if (brands && !input.brandId) {
    throw new AppError("validation_failed", "Choose one of your brands for this file: files without a brand are shared by every brand of the workspace.", {
      errors: [{ path: "brandId", message: "Choose one of your brands" }],
    });
  }
  if (input.data.length > deps.maxBytes) throw new AppError("payload_too_large", `The file is larger than the limit of ${deps.maxBytes} bytes.`);
  if (input.data.length === 0) throw fileProblem("The file is empty.");
  if (input.brandId) {
    const brand = await db.selectFrom("brands").select("id").where("workspace_id", "=", workspaceId).where("id", "=", input.brandId).executeTakeFirst();
    if (!brand || (brands && !brands.includes(brand.id))) throw new AppError("validation_failed", "Not a brand of this workspace.", { errors: [{ path: "brandId", message: "Not a brand of this workspace" }] });
  }
  const mime = await sniff(input);
  let width: number | null = null;
  let height: number | null = null;
  let thumb: Buffer | null = null;
  if (mime.startsWith("image/")) {
    try {
      const meta = await sharp(input.data).metadata();
      // What viewers see: EXIF-rotated phone photos swap width and height.
      width = meta.autoOrient?.width ?? meta.width ?? null;
      height = meta.autoOrient?.height ?? meta.height ?? null;
      thumb = await sharp(input.data, { animated: false })
        .autoOrient()
        .resize({ width: thumbWidth, height: thumbWidth, fit: "inside", withoutEnlargement: true })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: 80 })
        .toBuffer();
    } catch (err) {
      throw new AppError("validation_failed", `${JSON.stringify(input.fileName)} looks like a ${labelOf(mime)} but cannot be read: it may be damaged.`, {
        cause: err,
        errors: [{ path: "file", message: "Damaged image" }],
      });
    }
  }
  // Videos: dimensions, duration and thumbnails need a video toolkit (ffprobe); until Chorus has
  // one they stay null and the UI shows a generic video tile.

  const id = newId();
  const storageKey = `${workspaceId}/${id}`;
  const thumbKey = thumb ? `${workspaceId}/${id}.thumb` : null;
  const row: MediaAssetsTable = {
    id,
    workspace_id: workspaceId,
    brand_id: input.brandId ?? null,
    file_name: input.fileName.slice(0, 255),
    mime,
    bytes: input.data.length,
    width,
    height,
    duration: null,
    sha256: createHash("sha256").update(input.data).digest("hex"),
    storage_key: storageKey,
    thumb_key: thumbKey,
    alt: input.alt ?? null,
    created_by: actor.userId,
    created_at: nowIso(),
    deleted_at: null,
  };
  await storage.put(storageKey, input.data);
  try {
    if (thumb && thumbKey) await storage.put(thumbKey, thumb);
    await db.transaction().execute(async (tx) => {
      await tx.insertInto("media_assets").values(row).execute();
      await recordAudit(tx, {
        workspaceId,
        actorUserId: actor.userId,
        action: "media.upload",
        targetType: "media",
        targetId: id,
        data: { fileName: row.file_name, mime, bytes: row.bytes },
        ip: actor.ip ?? null,
      });
    });
  } catch (err) {
    // No row means nobody can reach the files: remove them rather than leave orphans.
    await Promise.allSettled([storage.delete(storageKey), thumbKey ? storage.delete(thumbKey) : Promise.resolve()]);
    throw err;
  }
  return present(row);
}

export async function listMedia(
  db: Kysely<Database>,
  actor: Actor,
  workspaceId: string,
  q: PageRequest & { brandId?: string | undefined },
): Promise<PageResult<MediaAsset>> {
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "posts.read");
  const limit = pageLimit(q.limit);
  const after = decodeCursor(q.cursor);
  let query = db.selectFrom("media_assets").selectAll().where("workspace_id", "=", workspaceId).where("deleted_at", "is", null);
  // Files without a brand are the workspace's shared library: everyone sees them.
  if (brands) query = query.where((eb) => eb.or([eb("brand_id", "in", brands), eb("brand_id", "is", null)]));
  if (q.brandId) query = query.where("brand_id", "=", q.brandId);
  if (after) query = query.where("id", "<", after);
  const rows = await query.orderBy("id", "desc").limit(limit + 1).execute();
  return toPage(rows, limit, (r) => r.id, present);
}

async function liveRow(db: Kysely<Database>, workspaceId: string, id: string): Promise<MediaAssetsTable> {
  const row = await db
    .selectFrom("media_assets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!row) throw notFound("Media file");
  return row;
}

export async function getMedia(db: Kysely<Database>, actor: Actor, workspaceId: string, id: string): Promise<MediaAsset> {
  await requireAccess(db, actor, workspaceId, "posts.read");
  return present(await liveRow(db, workspaceId, id));
}

export async function updateMediaAlt(db: Kysely<Database>, actor: Actor, workspaceId: string, id: string, alt: string | null): Promise<MediaAsset> {
  await requireAccess(db, actor, workspaceId, "posts.write");
  const row = await liveRow(db, workspaceId, id);
  await db.updateTable("media_assets").set({ alt }).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
  return present({ ...row, alt });
}

/** Variants that will still be published: removing their media would break them at publish time. */
const pendingStatuses = ["scheduled", "publishing", "held"] as const;

export async function deleteMedia(db: Kysely<Database>, actor: Actor, workspaceId: string, id: string): Promise<void> {
  await requireAccess(db, actor, workspaceId, "posts.write");
  const row = await liveRow(db, workspaceId, id);
  // variants.media and variants.thread are JSON text; an id is a UUID, so a LIKE on it cannot
  // match anything but that id.
  const users = await db
    .selectFrom("variants")
    .select(["id", "post_id"])
    .where("workspace_id", "=", workspaceId)
    .where("status", "in", pendingStatuses)
    .where((eb) => eb.or([eb("media", "like", `%${id}%`), eb("thread", "like", `%${id}%`)]))
    .execute();
  if (users.length > 0) {
    const posts = new Set(users.map((u) => u.post_id)).size;
    throw new AppError("conflict", `${JSON.stringify(row.file_name)} is attached to ${posts} scheduled post${posts === 1 ? "" : "s"}. Remove it from them or cancel them first.`);
  }
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("media_assets").set({ deleted_at: nowIso() }).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "media.delete",
      targetType: "media",
      targetId: id,
      data: { fileName: row.file_name },
      ip: actor.ip ?? null,
    });
  });
}

export type MediaFile = { mime: string; bytes: number | null; fileName: string; sha256: string; stream: NodeJS.ReadableStream };

/** The file or its thumbnail, for the API to send. */
export async function openMediaFile(deps: Pick<MediaDeps, "db" | "storage">, actor: Actor, workspaceId: string, id: string, which: "file" | "thumbnail"): Promise<MediaFile> {
  await requireAccess(deps.db, actor, workspaceId, "posts.read");
  const row = await liveRow(deps.db, workspaceId, id);
  if (which === "thumbnail") {
    if (!row.thumb_key) throw new AppError("not_found", `${JSON.stringify(row.file_name)} has no thumbnail: Chorus makes thumbnails for images only.`);
    return { mime: "image/jpeg", bytes: null, fileName: `${row.file_name}.thumb.jpg`, sha256: `${row.sha256}-thumb`, stream: deps.storage.stream(row.thumb_key) };
  }
  return { mime: row.mime, bytes: row.bytes, fileName: row.file_name, sha256: row.sha256, stream: deps.storage.stream(row.storage_key) };
}

/**
 * A variant's media references as connectors see them. Throws validation_failed naming
 * `media.<i>` for every id that is unknown, deleted or of another workspace (worded alike, so
 * another workspace's ids are indistinguishable from unknown ones).
 */
export async function mediaInputs(
  deps: Pick<MediaDeps, "db" | "storage">,
  workspaceId: string,
  refs: { mediaId: string; alt?: string | null | undefined }[],
  opts: { withReader?: boolean } = {},
): Promise<MediaInput[]> {
  if (refs.length === 0) return [];
  const ids = [...new Set(refs.map((r) => r.mediaId))];
  const rows = await deps.db
    .selectFrom("media_assets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .where("deleted_at", "is", null)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const errors = refs.flatMap((r, i) => (byId.has(r.mediaId) ? [] : [{ path: `media.${i}`, message: "Unknown media file: it does not exist or was deleted" }]));
  if (errors.length) throw new AppError("validation_failed", "Some attached media files cannot be used: attach files from this workspace's media library.", { errors });
  return refs.map((ref) => {
    const row = byId.get(ref.mediaId) as MediaAssetsTable;
    const input: MediaInput = {
      type: row.mime,
      bytes: row.bytes,
      width: row.width,
      height: row.height,
      duration: row.duration,
      // The variant's own alt text wins: the same picture may need different words per network.
      alt: ref.alt ?? row.alt,
      fileName: row.file_name,
    };
    if (opts.withReader) input.read = () => deps.storage.get(row.storage_key);
    return input;
  });
}
