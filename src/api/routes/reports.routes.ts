/**
 * The reports API: a brand's report definitions (sections, period, schedule, recipients,
 * white-label branding), the report of a period as HTML, PDF and tables (CSV, XLSX), "send now",
 * and the runs.
 */
import { z } from "zod";
import { reportInputSchema, reportLanguages, reportPatchSchema, sectionKinds } from "../../domain/report-definition.js";
import type { ReportsDeps } from "../../services/reports/deps.js";
import { reportExport, renderReport, reportPdf } from "../../services/reports/produce.js";
import { createReport, deleteReport, getReport, listReports, listRuns, updateReport } from "../../services/reports/reports.service.js";
import { sendReportNow } from "../../services/reports/send.service.js";
import { createReportsDeps } from "../../services/reports/wiring.js";
import { type ApiContext, id, wsParams, type ZodApp } from "../context.js";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Must be a day, YYYY-MM-DD");
const periodQuery = z.strictObject({
  from: day.optional().describe("First day of the period (the brand's days); without from and to, the last complete week or month"),
  to: day.optional().describe("Last day of the period (inclusive)"),
});
const itemParams = z.strictObject({ ws: id, id });

const runView = z.object({
  id: z.string(),
  trigger: z.enum(["schedule", "manual"]),
  periodFrom: z.string(),
  periodTo: z.string(),
  status: z.enum(["running", "sent", "failed"]),
  error: z.string().nullable(),
  recipients: z.array(z.string()),
  bytes: z.number().nullable().describe("Size of the PDF"),
  attempts: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
const goals = z.object({ posts: z.number(), interactions: z.number(), reach: z.number(), growth: z.number(), linkClicks: z.number(), erReach: z.number(), erFollowers: z.number() }).partial();
const reportView = z.object({
  id: z.string(),
  brandId: z.string(),
  name: z.string(),
  language: z.enum(reportLanguages),
  sections: z.array(z.object({ kind: z.enum(sectionKinds), options: z.object({ goals: goals.optional(), limit: z.number().optional() }) })),
  periodKind: z.enum(["weekly", "monthly"]),
  weekday: z.number().nullable(),
  monthDay: z.number().nullable(),
  hour: z.number(),
  recipients: z.array(z.string()),
  branding: z.object({ agencyName: z.string().nullable(), logoMediaId: z.string().nullable(), primaryColor: z.string(), accentColor: z.string() }),
  enabled: z.boolean(),
  lastSentAt: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  lastRun: runView.nullable(),
  tables: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function reportsRoutes(app: ZodApp, ctx: ApiContext, deps: ReportsDeps = createReportsDeps({ store: ctx.store, config: ctx.config })) {
  const tags = ["Reports"];
  const base = "/api/workspaces/:ws/reports";
  const db = ctx.store.db;

  app.get(
    base,
    { schema: { tags, summary: "The workspace's reports (or one brand's), with their schedule, next send and last run", params: wsParams, querystring: z.strictObject({ brandId: id.optional() }), response: { 200: z.object({ items: z.array(reportView) }) } } },
    async (req) => ({ items: await listReports(db, await ctx.actorOf(req), req.params.ws, req.query) }),
  );

  app.post(
    base,
    { schema: { tags, summary: "Create a report (owners and managers)", params: wsParams, body: reportInputSchema, response: { 201: reportView } } },
    async (req, reply) => reply.status(201).send(await createReport(db, await ctx.actorOf(req), req.params.ws, req.body)),
  );

  app.get(`${base}/:id`, { schema: { tags, summary: "One report", params: itemParams, response: { 200: reportView } } }, async (req) => getReport(db, await ctx.actorOf(req), req.params.ws, req.params.id));

  app.patch(
    `${base}/:id`,
    { schema: { tags, summary: "Change a report (owners and managers)", params: itemParams, body: reportPatchSchema, response: { 200: reportView } } },
    async (req) => updateReport(db, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );

  app.delete(`${base}/:id`, { schema: { tags, summary: "Delete a report and its runs (owners and managers)", params: itemParams } }, async (req, reply) => {
    await deleteReport(db, await ctx.actorOf(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });

  app.get(
    `${base}/:id/render`,
    { schema: { tags, summary: "The report of a period as a self-contained HTML document (A4 pages)", params: itemParams, querystring: periodQuery, produces: ["text/html"] } },
    async (req, reply) => {
      const built = await renderReport(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.query);
      return reply.type("text/html; charset=utf-8").header("cache-control", "private, no-store").send(built.html);
    },
  );

  app.get(
    `${base}/:id/pdf`,
    { schema: { tags, summary: "The report of a period as a PDF (needs Chromium: CHORUS_CHROMIUM_PATH)", params: itemParams, querystring: periodQuery.extend({ download: z.enum(["0", "1"]).default("1") }), produces: ["application/pdf"] } },
    async (req, reply) => {
      const { download, ...period } = req.query;
      const { pdf, fileName } = await reportPdf(deps, await ctx.actorOf(req), req.params.ws, req.params.id, period);
      return reply
        .type("application/pdf")
        .header("content-disposition", `${download === "1" ? "attachment" : "inline"}; filename="${fileName}"`)
        .header("cache-control", "private, no-store")
        .send(pdf);
    },
  );

  app.get(
    `${base}/:id/export`,
    {
      schema: {
        tags,
        summary: "The report's tables: one as CSV, or all (or one) as an XLSX workbook with a sheet per table",
        params: itemParams,
        querystring: periodQuery.extend({ table: z.string().max(60).optional().describe("A name from the report's `tables`"), format: z.enum(["csv", "xlsx"]).default("xlsx") }),
      },
    },
    async (req, reply) => {
      const out = await reportExport(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.query);
      return reply.type(out.type).header("content-disposition", `attachment; filename="${out.fileName}"`).header("cache-control", "private, no-store").send(out.body);
    },
  );

  app.post(
    `${base}/:id/send`,
    { schema: { tags, summary: "E-mail the report (PDF attached) to its recipients now (owners and managers)", params: itemParams, body: periodQuery.optional(), response: { 200: runView } } },
    async (req) => sendReportNow(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body ?? {}),
  );

  app.get(`${base}/:id/runs`, { schema: { tags, summary: "The report's latest runs (scheduled and manual)", params: itemParams, response: { 200: z.object({ items: z.array(runView) }) } } }, async (req) => ({
    items: await listRuns(db, await ctx.actorOf(req), req.params.ws, req.params.id),
  }));
}
