/**
 * Importing a channel's post statistics from CSV: the file is the request body (text/csv, up to
 * 50 MB), the answer the counts — or 422 with every problem by line and column, nothing stored.
 *
 * The routes live in their own encapsulated scope: the CSV body parser (raw bytes, so the service
 * can tell UTF-8 from UTF-16 and refuse other encodings) and the error handler that answers 422 for
 * a file's problems and speaks of CSV (not JSON) when the body is refused apply to them alone.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../errors.js";
import { importPostMetrics, maxPostMetricsCsvBytes, PostMetricsFileInvalid } from "../../services/analytics/import.service.js";
import { type ApiContext, id, problemSchema, type ZodApp } from "../context.js";
import { sendProblem, toAppError } from "../problem.js";

const csvTypes = ["text/csv", "application/csv", "text/plain", "application/octet-stream"];

const params = z.strictObject({ ws: id, brandId: id, channelId: id });
const query = z.strictObject({
  map: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('Column map, field=Header (e.g. reach=Охват); repeat the parameter for more than one. Fields: published_at, date, time, external_id, url, text, format, paid, paid_reach, followers, reach, impressions, views, likes, comments, reposts, saves, clicks, rubric, campaign'),
  timezone: z.string().max(64).optional().describe("Read times without an offset in this IANA zone instead of the brand's"),
  dryRun: z.enum(["true", "false"]).optional().describe("true: check the file and count what would be created and updated, store nothing"),
});
const importView = z.object({
  dryRun: z.boolean(),
  channelId: z.string(),
  rows: z.number(),
  created: z.number().describe("Posts new to the channel"),
  updated: z.number().describe("Posts already on the channel (an earlier import, or synced), updated"),
  snapshots: z.number().describe("Metric snapshots added (one per row)"),
  publishedFrom: z.string().nullable(),
  publishedTo: z.string().nullable(),
  kind: z.enum(["chorus", "meta", "facebook-insights", "vk", "custom"]).describe("Whose column names were recognised"),
  kindName: z.string(),
  columns: z.array(z.object({ field: z.string(), header: z.string() })).describe("Which column each field was read from"),
  timezone: z.string().describe("The zone times without an offset were read in"),
  warnings: z.array(z.string()),
});
const problemView = problemSchema.extend({
  problems: z.array(z.object({ line: z.number(), column: z.string().nullable(), message: z.string() })).describe("The first 1,000 problems, by line; the header is line 1"),
  problemCount: z.number(),
});

export function analyticsImportRoutes(app: ZodApp, ctx: ApiContext) {
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(csvTypes, { parseAs: "buffer" }, (_req: FastifyRequest, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body));
    scope.setErrorHandler((err, req, reply) => {
      if (err instanceof PostMetricsFileInvalid) return sendFileProblems(reply, req, err);
      const appErr = csvBodyError(err as FastifyError) ?? toAppError(err as Error, ctx.config.bodyLimit);
      if (appErr.code === "internal") req.log.error({ err }, "unhandled error");
      return sendProblem(reply, req, appErr);
    });

    scope.post(
      "/api/workspaces/:ws/brands/:brandId/channels/:channelId/post-metrics/import",
      {
        bodyLimit: maxPostMetricsCsvBytes,
        schema: {
          tags: ["Analytics"],
          summary: "Import the channel's post statistics from CSV (a Meta Business Suite or Facebook Insights posts export, VK post statistics, or Chorus's columns)",
          description:
            "Send the file as the body with Content-Type: text/csv (comma, semicolon or tab; UTF-8, or UTF-16 with a BOM; up to 50 MB). All or nothing: any problem answers 422 with `problems` (line, column, message) and stores nothing. Each row creates or updates the channel's post by its id, else its address, else its time and text, and adds a metric snapshot. See docs/analytics-import.md.",
          params,
          querystring: query,
          response: { 200: importView, 422: problemView },
        },
      },
      async (req) => {
        const body: unknown = req.body;
        // A JSON body arrives parsed; the service answers that the CSV itself is wanted.
        const csv = Buffer.isBuffer(body) || typeof body === "string" ? body : null;
        return importPostMetrics(ctx.store.db, await ctx.actorOf(req), {
          workspaceId: req.params.ws,
          brandId: req.params.brandId,
          channelId: req.params.channelId,
          csv,
          map: req.query.map === undefined ? [] : [req.query.map].flat(),
          timezone: req.query.timezone,
          dryRun: req.query.dryRun === "true",
          source: "api",
        });
      },
    );
  });
}

/** Fastify's refusals of the body, worded for a CSV upload and its own limit. */
function csvBodyError(err: FastifyError): AppError | null {
  if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return new AppError("payload_too_large", `The file is larger than ${maxPostMetricsCsvBytes / 1024 / 1024} MB: split it by period, or import it with \`chorus import post-metrics\` at the server.`);
  }
  if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return new AppError("unsupported_media_type", "Send the CSV file as the body with Content-Type: text/csv.");
  return null;
}

/** 422: the request was understood, the file's content cannot be imported. */
function sendFileProblems(reply: FastifyReply, req: FastifyRequest, err: PostMetricsFileInvalid) {
  return reply
    .status(422)
    .type("application/problem+json")
    .send({
      type: `urn:chorus:error:${err.code}`,
      title: "The file cannot be imported",
      status: 422,
      detail: err.message,
      code: err.code,
      instance: req.url.split("?")[0],
      errors: err.errors ?? [],
      problems: err.problems,
      problemCount: err.problemCount,
    });
}
