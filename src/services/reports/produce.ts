/**
 * Puts a report together for a period: the definition, the brand, the logo, each section's page
 * (sections.ts), the HTML document (render-html.ts), and from it the PDF (pdf.ts) and the tables
 * (CSV and XLSX). The period defaults to the last complete week or month in the brand's zone.
 */
import sharp from "sharp";
import { parseSections } from "../../domain/report-definition.js";
import { periodBefore } from "../../domain/report-schedule.js";
import { AppError } from "../../errors.js";
import { type Actor, requireAccess } from "../access.js";
import { computeDashboard, checkDays, type Dashboard } from "../analytics/dashboard.service.js";
import { toCsv, toXlsx } from "../analytics/export.js";
import { findBrand } from "../brand.service.js";
import { nowOf, type ReportsDeps } from "./deps.js";
import { formatter } from "./format.js";
import { renderReportHtml } from "./render-html.js";
import { findReport } from "./reports.service.js";
import type { NamedTable } from "./section-kit.js";
import { sectionBuilders } from "./sections.js";
import { stringsFor } from "./strings.js";

export type PeriodQuery = { from?: string | undefined; to?: string | undefined };

export type BuiltReport = {
  html: string;
  name: string;
  brandName: string;
  language: string;
  periodKind: "weekly" | "monthly";
  period: { from: string; to: string };
  /** A file name without the extension: report, brand and period, ASCII-safe. */
  fileBase: string;
  tables: NamedTable[];
};

const slug = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/[\s_]+/g, "-")
    .toLowerCase()
    .slice(0, 40) || "report";

async function logoDataUri(deps: Pick<ReportsDeps, "db" | "storage">, workspaceId: string, mediaId: string | null): Promise<string | null> {
  if (!mediaId) return null;
  const m = await deps.db.selectFrom("media_assets").select(["mime", "storage_key"]).where("workspace_id", "=", workspaceId).where("id", "=", mediaId).where("deleted_at", "is", null).executeTakeFirst();
  if (!m?.mime.startsWith("image/")) return null;
  try {
    // Re-encoded small: a phone photo of a logo would otherwise weigh megabytes on every page.
    const png = await sharp(await deps.storage.get(m.storage_key), { animated: false })
      .resize({ width: 720, height: 240, fit: "inside", withoutEnlargement: true })
      .png()
      .toBuffer();
    return `data:image/png;base64,${png.toString("base64")}`;
  } catch {
    // A missing or damaged file prints the agency's name instead of failing the report.
    return null;
  }
}

/** Puts the report together without an access check (the scheduler's path; callers check). */
export async function buildReport(deps: Pick<ReportsDeps, "db" | "storage" | "now">, workspaceId: string, reportId: string, q: PeriodQuery = {}): Promise<BuiltReport> {
  const row = await findReport(deps.db, workspaceId, reportId);
  const brand = await findBrand(deps.db, workspaceId, row.brand_id);
  let period: { from: string; to: string };
  if (q.from !== undefined || q.to !== undefined) {
    if (q.from === undefined || q.to === undefined) throw new AppError("validation_failed", "Give both from and to, or neither for the last complete period.", { errors: [{ path: q.from === undefined ? "from" : "to", message: "Required with the other" }] });
    checkDays(q.from, q.to);
    period = { from: q.from, to: q.to };
  } else {
    period = periodBefore(row.period_kind, nowOf(deps), brand.timezone);
  }
  const t = stringsFor(row.language);
  const fmt = formatter(t.locale);
  let dash: Promise<Dashboard> | null = null;
  const dashboard = () => {
    dash ??= computeDashboard(deps.db, workspaceId, { brandId: brand.id, from: period.from, to: period.to, rankBy: "interactions" });
    return dash;
  };
  const colors = { primary: row.primary_color, accent: row.accent_color };
  const sections = [];
  for (const spec of parseSections(row.sections)) {
    const output = await sectionBuilders[spec.kind].build({ db: deps.db, workspaceId, brand: { id: brand.id, name: brand.name, timezone: brand.timezone }, period, options: spec.options, t, fmt, colors, dashboard });
    sections.push({ kind: spec.kind, output });
  }
  const html = renderReportHtml(
    {
      name: row.name,
      language: row.language,
      periodKind: row.period_kind,
      branding: { agencyName: row.agency_name, primaryColor: row.primary_color, accentColor: row.accent_color, logoDataUri: await logoDataUri(deps, workspaceId, row.logo_media_id) },
      brand: { name: brand.name, timezone: brand.timezone },
      period,
      generatedAt: nowOf(deps),
      sections,
    },
    t,
    fmt,
  );
  return {
    html,
    name: row.name,
    brandName: brand.name,
    language: row.language,
    periodKind: row.period_kind,
    period,
    fileBase: `${slug(row.name)}-${period.from}-${period.to}`,
    tables: sections.flatMap((s) => s.output.tables),
  };
}

export async function renderReport(deps: Pick<ReportsDeps, "db" | "storage" | "now">, actor: Actor, workspaceId: string, reportId: string, q: PeriodQuery): Promise<BuiltReport> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  return buildReport(deps, workspaceId, reportId, q);
}

export async function reportPdf(deps: ReportsDeps, actor: Actor, workspaceId: string, reportId: string, q: PeriodQuery): Promise<{ pdf: Buffer; fileName: string }> {
  const built = await renderReport(deps, actor, workspaceId, reportId, q);
  return { pdf: await deps.pdf.pdf(built.html), fileName: `${built.fileBase}.pdf` };
}

/** One table as CSV, or every table (or one) as an XLSX workbook with a sheet per table. */
export async function reportExport(
  deps: Pick<ReportsDeps, "db" | "storage" | "now">,
  actor: Actor,
  workspaceId: string,
  reportId: string,
  q: PeriodQuery & { table?: string | undefined; format: "csv" | "xlsx" },
): Promise<{ body: Buffer | string; fileName: string; type: string }> {
  const built = await renderReport(deps, actor, workspaceId, reportId, q);
  const names = built.tables.map((t) => t.name);
  if (q.table !== undefined && !names.includes(q.table)) {
    throw new AppError("validation_failed", `This report has no table "${q.table}". Its tables: ${names.join(", ") || "none"}.`, { errors: [{ path: "table", message: `One of: ${names.join(", ")}` }] });
  }
  const chosen = q.table === undefined ? built.tables : built.tables.filter((t) => t.name === q.table);
  if (q.format === "csv") {
    if (q.table === undefined) throw new AppError("validation_failed", `CSV holds one table: choose one (${names.join(", ")}), or export XLSX for all of them.`, { errors: [{ path: "table", message: "Required for CSV" }] });
    return { body: toCsv((chosen[0] as NamedTable).table), fileName: `${built.fileBase}-${q.table}.csv`, type: "text/csv; charset=utf-8" };
  }
  return {
    body: await toXlsx(chosen),
    fileName: `${built.fileBase}${q.table ? `-${q.table}` : ""}.xlsx`,
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  };
}
