/**
 * A brand's whole history as one archive (docs/archive.md): download it, or import one — from this
 * or another Chorus — as a new brand. Exporting needs "brands.manage", importing (a new brand) "brands.create": owners and managers.
 *
 * The download streams: the access check answers a problem before the first byte; after it, a
 * failure cuts the download short, and an importer refuses the incomplete file. The import route
 * lives in its own scope with its zip body parser and limit, and checks access before it reads a
 * body of up to 500 MB.
 */
import { PassThrough } from "node:stream";
import type { FastifyError, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../errors.js";
import { requireAccess } from "../../services/access.js";
import { importBrand, maxArchiveBytes, prepareBrandExport, writeBrandArchive } from "../../services/archive/index.js";
import { mediaStorage } from "../../store/storage.js";
import { type ApiContext, id, wsParams, type ZodApp } from "../context.js";
import { sendProblem, toAppError } from "../problem.js";

const zipTypes = ["application/zip", "application/x-zip-compressed", "application/octet-stream"];

const importView = z.object({
  brandId: z.string().describe("The new brand"),
  brandName: z.string().describe("Its name: the archived brand's, suffixed when the workspace already has one of that name"),
  source: z.object({ brandId: z.string(), brandName: z.string(), chorusVersion: z.string(), exportedAt: z.string() }),
  counts: z.record(z.string(), z.number()).describe("Rows imported per table"),
  mediaFiles: z.number(),
  warnings: z.array(z.string()),
});

export function archiveRoutes(app: ZodApp, ctx: ApiContext) {
  const db = ctx.store.db;
  const deps = { db, storage: mediaStorage(ctx.config) };

  app.get(
    "/api/workspaces/:ws/brands/:brandId/archive",
    {
      schema: {
        tags: ["Brands"],
        summary: "Download the brand's whole history as one archive (zip: JSON lines per table, CSV, media files; never credentials)",
        description: "Owners and managers. The format is described in docs/archive.md; import it with POST /api/workspaces/{ws}/archive/import or `chorus import archive`.",
        params: z.strictObject({ ws: id, brandId: id }),
      },
    },
    async (req, reply) => {
      const actor = await ctx.actorOf(req);
      const { brand, fileName } = await prepareBrandExport(db, actor, { workspaceId: req.params.ws, brandId: req.params.brandId });
      const body = new PassThrough();
      writeBrandArchive(deps, actor, { brand, fileName, out: body, source: "api" }).catch((err: unknown) => req.log.error({ err }, "brand export failed"));
      reply
        .header("content-type", "application/zip")
        .header("content-disposition", `attachment; filename="${fileName}"`)
        .header("cache-control", "private, no-store")
        .header("x-content-type-options", "nosniff");
      return reply.send(body);
    },
  );

  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(zipTypes, { parseAs: "buffer" }, (_req: FastifyRequest, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body));
    scope.setErrorHandler((err, req, reply) => {
      const appErr = zipBodyError(err as FastifyError) ?? toAppError(err as Error, ctx.config.bodyLimit);
      if (appErr.code === "internal") req.log.error({ err }, "unhandled error");
      return sendProblem(reply, req, appErr);
    });

    scope.post(
      "/api/workspaces/:ws/archive/import",
      {
        bodyLimit: maxArchiveBytes,
        // Before the body is read: an outsider's 500 MB is refused without reading it.
        onRequest: async (req) => {
          const ws = (req.params as { ws?: string }).ws ?? "";
          await requireAccess(db, await ctx.actorOf(req), ws, "brands.create");
        },
        schema: {
          tags: ["Brands"],
          summary: "Import a brand archive (from this or another Chorus) as a new brand of the workspace",
          description:
            "Send the archive made by GET …/brands/{brandId}/archive or `chorus export brand` as the body with Content-Type: application/zip (up to 500 MB). All or nothing: a damaged, altered or foreign file is refused before anything is written. Channels arrive disconnected (the archive has no credentials): reconnect each account. See docs/archive.md.",
          params: wsParams,
          response: { 201: importView },
        },
      },
      async (req, reply) => {
        const body: unknown = req.body;
        if (!Buffer.isBuffer(body)) throw new AppError("unsupported_media_type", "Send the archive file itself as the body with Content-Type: application/zip.");
        const result = await importBrand(deps, await ctx.actorOf(req), { workspaceId: req.params.ws, archive: body, source: "api" });
        return reply.status(201).send(result);
      },
    );
  });
}

/** Fastify's refusals of the body, worded for an archive upload. */
function zipBodyError(err: FastifyError): AppError | null {
  if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return new AppError("payload_too_large", `The archive is larger than ${maxArchiveBytes / 1024 / 1024} MB: import it with \`chorus import archive\` at the server.`);
  }
  if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return new AppError("unsupported_media_type", "Send the archive file as the body with Content-Type: application/zip.");
  return null;
}
