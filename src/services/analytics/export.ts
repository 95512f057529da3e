/**
 * Every table of the dashboard as rows a spreadsheet opens: CSV (csv-stringify; UTF-8 with a BOM so
 * Excel reads Cyrillic) and XLSX (exceljs). Rates are fractions with four decimals (0.0421 = 4.21%),
 * counters are whole numbers, an unknown value is an empty cell — never a zero.
 */
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import type { Rates } from "../../domain/metrics.js";
import type { Breakdown, Dashboard } from "./dashboard.service.js";

export const exportTables = ["summary", "byFormat", "byNetwork", "byRubric", "byChannel", "best", "worst", "series", "heatmap", "audience", "funnel"] as const;
export type ExportTable = (typeof exportTables)[number];

type Cell = string | number | null;
export type Table = { columns: string[]; rows: Cell[][] };

const rate = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);
const rateColumns = ["er_reach", "er_followers", "er_views", "love_rate", "talk_rate", "amplification_rate", "ctr", "vtr"];
const rateCells = (r: Rates): Cell[] => [rate(r.erReach), rate(r.erFollowers), rate(r.erViews), rate(r.loveRate), rate(r.talkRate), rate(r.amplificationRate), rate(r.ctr), rate(r.vtr)];

function breakdownTable(name: string, rows: Breakdown[]): Table {
  return {
    columns: [name, "posts", "likes", "comments", "reposts", "saves", "interactions", "reach", "impressions", "views", "clicks", ...rateColumns],
    rows: rows.map((b) => [b.label || "—", b.totals.posts, b.totals.likes, b.totals.comments, b.totals.reposts, b.totals.saves, b.totals.interactions, b.totals.reach, b.totals.impressions, b.totals.views, b.totals.clicks, ...rateCells(b.rates)]),
  };
}

export function tableOf(d: Dashboard, table: ExportTable): Table {
  switch (table) {
    case "summary": {
      const t = d.totals;
      const p = d.previousTotals;
      const line = (name: string, current: number | null, previous: number | null): Cell[] => [name, current, previous];
      return {
        columns: ["metric", `${d.period.from}…${d.period.to}`, `${d.previous.from}…${d.previous.to}`],
        rows: [
          line("posts", t.posts, p.posts),
          line("followers_start", d.followers.start, d.previousFollowers.start),
          line("followers_end", d.followers.end, d.previousFollowers.end),
          line("growth", d.followers.growth, d.previousFollowers.growth),
          line("growth_rate", rate(d.followers.growthRate), rate(d.previousFollowers.growthRate)),
          line("reach", t.reach, p.reach),
          line("impressions", t.impressions, p.impressions),
          line("views", t.views, p.views),
          line("likes", t.likes, p.likes),
          line("comments", t.comments, p.comments),
          line("reposts", t.reposts, p.reposts),
          line("saves", t.saves, p.saves),
          line("interactions", t.interactions, p.interactions),
          line("link_clicks", d.linkClicks, d.previousLinkClicks),
          ...rateColumns.map((c, i) => line(c, rateCells(d.rates)[i] as number | null, rateCells(d.previousRates)[i] as number | null)),
        ],
      };
    }
    case "byFormat":
      return breakdownTable("format", d.byFormat);
    case "byNetwork":
      return breakdownTable("network", d.byNetwork);
    case "byRubric":
      return breakdownTable("rubric", d.byRubric);
    case "byChannel":
      return breakdownTable("channel", d.byChannel);
    case "best":
    case "worst":
      return {
        columns: ["published_at", "channel", "network", "format", "rubric", "url", "text", "reach", "views", "likes", "comments", "reposts", "clicks", "interactions", "er_reach", "er_followers"],
        rows: d[table].map((p) => [p.publishedAt, p.channelName, p.network, p.format, p.rubric, p.url, p.text, p.reach, p.views, p.likes, p.comments, p.reposts, p.clicks, p.interactions, rate(p.erReach), rate(p.erFollowers)]),
      };
    case "series":
      return { columns: ["day", "posts", "interactions", "reach", "impressions", "views", "followers", "link_clicks"], rows: d.series.map((s) => [s.day, s.posts, s.interactions, s.reach, s.impressions, s.views, s.followers, s.linkClicks]) };
    case "heatmap":
      return {
        columns: ["weekday", "hour", "posts", "interactions", "avg_interactions", "reach", "er_reach"],
        rows: d.heatmap.map((c) => [c.weekday, c.hour, c.posts, c.interactions, Math.round(c.avgInteractions * 100) / 100, c.reach, rate(c.erReach)]),
      };
    case "audience":
      return { columns: ["day", "followers", "joined", "left", "net"], rows: d.audience.map((a) => [a.day, a.followers, a.joined, a.left, a.net]) };
    case "funnel":
      return { columns: ["step", "value", "conversion_from_previous"], rows: d.funnel.map((f) => [f.key, f.value, rate(f.conversion)]) };
  }
}

/**
 * A text that a spreadsheet would run as a formula (=, +, -, @ first) is kept as text with a
 * leading apostrophe: post texts, comments and mentions are written by strangers. Every CSV and
 * XLSX Chorus writes goes through this.
 */
export const inertCell = <T>(c: T): T | string => (typeof c === "string" && /^[=+\-@\t\r]/.test(c) ? `'${c}` : c);

export function toCsv(t: Table): string {
  return `\uFEFF${stringify([t.columns, ...t.rows.map((r) => r.map((c) => (c === null ? "" : inertCell(c))))])}`;
}

/** One workbook, a sheet per table (names cut to Excel's 31 characters). */
export async function toXlsx(sheets: { name: string; table: Table }[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Chorus";
  for (const { name, table } of sheets) {
    const ws = book.addWorksheet(name.slice(0, 31));
    ws.addRow(table.columns).font = { bold: true };
    for (const r of table.rows) ws.addRow(r.map((c) => (c === null ? undefined : inertCell(c))));
    ws.columns.forEach((c) => {
      c.width = 16;
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
