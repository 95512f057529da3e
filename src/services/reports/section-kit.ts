/** What every section builder gets and gives back, and the small pieces they share (cards, tables, footnotes). */
import type { Kysely } from "kysely";
import type { Goals, SectionKind, SectionSpec } from "../../domain/report-definition.js";
import type { Dashboard } from "../analytics/dashboard.service.js";
import type { Table } from "../analytics/export.js";
import { html, type SafeHtml } from "../notify/email.js";
import type { Database } from "../../store/schema.js";
import type { Fmt } from "./format.js";
import type { ReportStrings } from "./strings.js";

export type SectionContext = {
  db: Kysely<Database>;
  workspaceId: string;
  brand: { id: string; name: string; timezone: string };
  /** The brand's days, inclusive. */
  period: { from: string; to: string };
  options: SectionSpec["options"];
  t: ReportStrings;
  fmt: Fmt;
  colors: { primary: string; accent: string };
  /** The analytics dashboard of the brand for the period (computed once, shared by the sections). */
  dashboard: () => Promise<Dashboard>;
};

export type LegendItem = { mark: number; label: string; formula: string };
export type NamedTable = { name: string; table: Table };

export type SectionOutput = { body: SafeHtml; legend: LegendItem[]; tables: NamedTable[] };

/** One section: a function from the context to its page. Adding a section is adding one of these. */
export type SectionBuilder = { kind: SectionKind; tables: readonly string[]; build: (ctx: SectionContext) => Promise<SectionOutput> };

/** Footnote marks of a page: each formula gets a number once, shown as ¹ beside every figure that uses it. */
export class Legend {
  readonly items: LegendItem[] = [];
  mark(label: string, formula: string): SafeHtml {
    let item = this.items.find((i) => i.formula === formula && i.label === label);
    if (!item) {
      item = { mark: this.items.length + 1, label, formula };
      this.items.push(item);
    }
    return html`<sup class="fn">${item.mark}</sup>`;
  }
}

export type Kpi = { label: string; mark?: SafeHtml; value: string; change?: number | null; goal?: { target: string; progress: number | null } | null; sub?: string | null; invert?: boolean };

export function kpiCards(cards: Kpi[], ctx: SectionContext): SafeHtml {
  return html`<div class="kpis">${cards.map((c) => {
    const up = c.change !== null && c.change !== undefined && c.change > 0;
    const down = c.change !== null && c.change !== undefined && c.change < 0;
    const good = c.invert ? down : up;
    const bad = c.invert ? up : down;
    return html`<div class="kpi">
<div class="kpi-label">${c.label}${c.mark ?? null}</div>
<div class="kpi-value">${c.value}</div>
${c.change !== undefined ? html`<div class="kpi-change ${good ? "good" : bad ? "bad" : ""}">${up ? "▲ " : down ? "▼ " : ""}${ctx.fmt.change(c.change ?? null)} <span>${ctx.t.vsPrevious}</span></div>` : null}
${c.sub ? html`<div class="kpi-sub">${c.sub}</div>` : null}
${c.goal ? html`<div class="kpi-goal"><div class="bar"><div style="width:${Math.min(100, Math.max(0, (c.goal.progress ?? 0) * 100)).toFixed(0)}%"></div></div><span>${ctx.t.goal}: ${c.goal.target} · ${ctx.fmt.pct(c.goal.progress, 0)} ${ctx.t.ofGoal}</span></div>` : null}
</div>`;
  })}</div>`;
}

export type Column = { head: SafeHtml | string; align?: "left" | "right"; cls?: string };

export function dataTable(columns: Column[], rows: (SafeHtml | string)[][], opts: { empty?: string; tight?: boolean } = {}): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${opts.empty ?? ""}</p>`;
  return html`<table class="data ${opts.tight ? "tight" : ""}"><thead><tr>${columns.map((c) => html`<th class="${c.align === "right" ? "num" : ""} ${c.cls ?? ""}">${c.head}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((cell, i) => html`<td class="${columns[i]?.align === "right" ? "num" : ""} ${columns[i]?.cls ?? ""}">${cell}</td>`)}</tr>`)}</tbody></table>`;
}

export const goalProgress = (actual: number | null, target: number | undefined): number | null => (target === undefined || actual === null || target === 0 ? null : actual / target);

export const goalKeys = ["posts", "interactions", "reach", "growth", "linkClicks", "erReach", "erFollowers"] as const satisfies readonly (keyof Goals)[];

/** Rates in export tables: fractions with four decimals, as the analytics export writes them. */
export const rate4 = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);
