/** The media library: upload (multipart), list, describe, alt text, delete, and the files themselves. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../../errors.js";
import {
  deleteMedia,
  getMedia,
  listMedia,
  type MediaFile,
  openMediaFile,
  requireUploadAccess,
  updateMediaAlt,
  uploadMedia,
} from "../../services/media.service.js";
import { mediaStorage } from "../../store/storage.js";
import { type ApiContext, id, pageOf, pageQuery, wsParams, type ZodApp } from "../context.js";

const asset = z.object({
  id: z.string(),
  brandId: z.string().nullable(),
  fileName: z.string(),
  mime: z.string(),
  bytes: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  duration: z.number().nullable(),
  alt: z.string().nullable(),
  sha256: z.string(),
  thumbnailUrl: z.string().nullable(),
  fileUrl: z.string(),
  createdAt: z.string(),
});
const itemParams = z.strictObject({ ws: id, id });
const uploadFields = z.strictObject({
  brandId: id.optional(),
  alt: z.string().max(2000).optional(),
});

type Upload = { data: Buffer; fileName: string; mimetype: string; fields: Record<string, string> };

/** Reads the one file (buffered, with the size limit enforced while streaming) and the text fields. */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError("unsupported_media_type", 'Send the file as multipart/form-data in a field named "file".');
  const fields: Record<string, string> = {};
  let file: Omit<Upload, "fields"> | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === "file") {
        if (part.fieldname !== "file") throw new AppError("validation_failed", `Send the file in a field named "file", not "${part.fieldname}".`, { errors: [{ path: part.fieldname, message: "Unexpected file field" }] });
        file = { data: await part.toBuffer(), fileName: part.filename || "upload", mimetype: part.mimetype };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    switch ((err as { code?: string }).code) {
      case "FST_REQ_FILE_TOO_LARGE":
        throw new AppError("payload_too_large", `The file is larger than the limit of ${maxBytes} bytes (CHORUS_MEDIA_MAX_BYTES).`);
      case "FST_FILES_LIMIT":
        throw new AppError("bad_request", "Send one file per upload.");
      case "FST_PARTS_LIMIT":
      case "FST_FIELDS_LIMIT":
        throw new AppError("bad_request", 'Too many form fields: send "file" and optionally "brandId" and "alt".');
    }
    throw err;
  }
  if (!file) throw new AppError("validation_failed", 'No file was sent: add it in a field named "file".', { errors: [{ path: "file", message: "Required" }] });
  return { ...file, fields };
}

function sendFile(req: FastifyRequest, reply: FastifyReply, f: MediaFile) {
  const etag = `"${f.sha256}"`;
  // The bytes behind an id never change, so the browser may keep them; "private" keeps shared
  // caches out, since only members may see them.
  reply.header("cache-control", "private, max-age=86400").header("etag", etag);
  if (req.headers["if-none-match"] === etag) {
    (f.stream as { destroy?: () => void }).destroy?.();
    return reply.status(304).send();
  }
  reply
    .header("content-type", f.mime)
    .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
    .header("x-content-type-options", "nosniff");
  if (f.bytes !== null) reply.header("content-length", String(f.bytes));
  return reply.send(f.stream);
}

export function mediaRoutes(app: ZodApp, ctx: ApiContext) {
  const db = ctx.store.db;
  const storage = mediaStorage(ctx.config);
  const maxBytes = ctx.config.mediaMaxBytes;
  const tags = ["Media"];

  app.post(
    "/api/workspaces/:ws/media",
    {
      schema: {
        tags,
        summary: `Upload an image or video (multipart/form-data: "file", optional "brandId" and "alt"); its type is taken from its content`,
        consumes: ["multipart/form-data"],
        params: wsParams,
        response: { 201: asset },
      },
    },
    async (req, reply) => {
      const actor = await ctx.actorOf(req);
      await requireUploadAccess(db, actor, req.params.ws);
      const up = await readUpload(req, maxBytes);
      const parsed = uploadFields.safeParse(up.fields);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({ path: i.path.join(".") || "body", message: i.message }));
        throw new AppError("validation_failed", 'The form fields are not valid: fix the fields listed in "errors".', { errors });
      }
      const created = await uploadMedia({ db, storage, maxBytes }, actor, req.params.ws, {
        fileName: up.fileName,
        declaredType: up.mimetype,
        data: up.data,
        brandId: parsed.data.brandId,
        alt: parsed.data.alt,
      });
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/api/workspaces/:ws/media",
    {
      schema: {
        tags,
        summary: "Media files of the workspace, newest first",
        params: wsParams,
        querystring: pageQuery.extend({ brandId: id.optional() }),
        response: { 200: pageOf(asset) },
      },
    },
    async (req) => listMedia(db, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.get(
    "/api/workspaces/:ws/media/:id",
    { schema: { tags, summary: "One media file", params: itemParams, response: { 200: asset } } },
    async (req) => getMedia(db, await ctx.actorOf(req), req.params.ws, req.params.id),
  );

  app.patch(
    "/api/workspaces/:ws/media/:id",
    {
      schema: {
        tags,
        summary: "Change a media file's alt text (its default description for screen readers)",
        params: itemParams,
        body: z.strictObject({ alt: z.string().max(2000).nullable() }),
        response: { 200: asset },
      },
    },
    async (req) => updateMediaAlt(db, await ctx.actorOf(req), req.params.ws, req.params.id, req.body.alt),
  );

  app.delete(
    "/api/workspaces/:ws/media/:id",
    { schema: { tags, summary: "Delete a media file (refused while a scheduled post uses it)", params: itemParams } },
    async (req, reply) => {
      await deleteMedia(db, await ctx.actorOf(req), req.params.ws, req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/workspaces/:ws/media/:id/file",
    { schema: { tags, summary: "The file's bytes, with the type found in its content", params: itemParams } },
    async (req, reply) => sendFile(req, reply, await openMediaFile({ db, storage }, await ctx.actorOf(req), req.params.ws, req.params.id, "file")),
  );

  app.get(
    "/api/workspaces/:ws/media/:id/thumbnail",
    { schema: { tags, summary: "A JPEG thumbnail at most 400 px wide (images only; videos have none yet)", params: itemParams } },
    async (req, reply) => sendFile(req, reply, await openMediaFile({ db, storage }, await ctx.actorOf(req), req.params.ws, req.params.id, "thumbnail")),
  );
}
