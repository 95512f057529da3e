/**
 * The pieces of the analytics dashboard: figures with their formula and change, sortable tables
 * with CSV/XLSX export, the weekday × hour heatmap with sample sizes, the funnel.
 */
import { DateTime } from "luxon";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../common/format.js";
import type { Breakdown, Bucket, HeatCell, RankedPost } from "./types.js";

export const pct = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? "—" : formatNumber(v, { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: digits }));
export const num = (v: number | null | undefined) => (v === null || v === undefined ? "—" : formatNumber(v));

/** The change against the previous period, as a signed percentage with its direction. */
export function Change({ current, previous }: { current: number | null; previous: number | null }) {
  const { t } = useTranslation();
  if (current === null || previous === null || previous === 0) return <span className="kpi__change">{t("analytics.noComparison")}</span>;
  const c = (current - previous) / Math.abs(previous);
  const dir = c > 0.0005 ? "up" : c < -0.0005 ? "down" : "flat";
  return (
    <span className={`kpi__change kpi__change--${dir}`} data-testid="kpi-change">
      {dir === "up" ? "▲" : dir === "down" ? "▼" : "•"} {formatNumber(c, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" })}
    </span>
  );
}

/** A figure; its formula shows on hover and on keyboard focus. */
export function Kpi({ id, label, value, formula, children, compact }: { id: string; label: string; value: string; formula: string; children?: ReactNode; compact?: boolean }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can read the formula
    <div className={compact ? "card kpi kpi--compact" : "card kpi"} data-testid={`kpi-${id}`} tabIndex={0} aria-describedby={`formula-${id}`}>
      <div className="stat__label">{label}</div>
      <div className="stat__value">{value}</div>
      {children}
      <div className="kpi__formula" id={`formula-${id}`} role="tooltip" data-testid={`formula-${id}`}>
        {formula}
      </div>
    </div>
  );
}

export type Column<T> = { key: string; label: string; value: (row: T) => number | string | null; render?: (row: T) => ReactNode; numeric?: boolean; title?: string };

/** A table sorted by any column (click its header; again to reverse). */
export function SortableTable<T>({ rows, columns, initial, testId, rowKey }: { rows: T[]; columns: Column<T>[]; initial: string; testId: string; rowKey: (row: T) => string }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: initial, desc: true });
  const col = columns.find((c) => c.key === sort.key) ?? columns[0];
  const sorted = [...rows].sort((a, b) => {
    const x = col?.value(a) ?? null;
    const y = col?.value(b) ?? null;
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    const r = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return sort.desc ? -r : r;
  });
  if (rows.length === 0) return <p className="empty__text">{t("analytics.nothingInPeriod")}</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.numeric ? "num" : undefined} aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"} title={c.title}>
                <button type="button" className="th-sort" onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : true }))} data-testid={`${testId}-sort-${c.key}`}>
                  {c.label}
                  {sort.key === c.key ? (sort.desc ? " ↓" : " ↑") : ""}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? "num" : undefined}>
                  {c.render ? c.render(r) : c.numeric ? num(c.value(r) as number | null) : (c.value(r) ?? "—")}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function breakdownColumns(t: (k: string) => string, first: string, formulas: Record<string, string>): Column<Breakdown>[] {
  return [
    { key: "label", label: first, value: (b) => b.label || t("analytics.none") },
    { key: "posts", label: t("analytics.posts"), value: (b) => b.totals.posts, numeric: true },
    { key: "reach", label: t("analytics.reach"), value: (b) => b.totals.reach, numeric: true },
    { key: "interactions", label: t("analytics.interactions"), value: (b) => b.totals.interactions, numeric: true, title: formulas.interactions },
    { key: "erReach", label: t("analytics.erReach"), value: (b) => b.rates.erReach, render: (b) => pct(b.rates.erReach), numeric: true, title: formulas.erReach },
    { key: "erFollowers", label: t("analytics.erFollowers"), value: (b) => b.rates.erFollowers, render: (b) => pct(b.rates.erFollowers, 3), numeric: true, title: formulas.erFollowers },
    { key: "ctr", label: t("analytics.ctr"), value: (b) => b.rates.ctr, render: (b) => pct(b.rates.ctr), numeric: true, title: formulas.ctr },
  ];
}

export function postColumns(t: (k: string) => string, zone: string, formulas: Record<string, string>): Column<RankedPost>[] {
  return [
    { key: "publishedAt", label: t("analytics.published"), value: (p) => p.publishedAt, render: (p) => DateTime.fromISO(p.publishedAt, { zone }).toFormat("dd.MM.yyyy HH:mm") },
    { key: "channelName", label: t("analytics.channel"), value: (p) => p.channelName },
    {
      key: "text",
      label: t("analytics.post"),
      value: (p) => p.text,
      render: (p) => (
        <span className="post-cell">
          {p.url && /^https?:\/\//.test(p.url) ? (
            <a href={p.url} target="_blank" rel="noreferrer noopener">
              {p.text || p.url}
            </a>
          ) : (
            <span>{p.text || "—"}</span>
          )}
          <span className="post-cell__meta">
            {p.format}
            {p.rubric ? ` · ${p.rubric}` : ""}
          </span>
        </span>
      ),
    },
    { key: "reach", label: t("analytics.reach"), value: (p) => p.reach, numeric: true },
    { key: "interactions", label: t("analytics.interactions"), value: (p) => p.interactions, numeric: true, title: formulas.interactions },
    { key: "erReach", label: t("analytics.erReach"), value: (p) => p.erReach, render: (p) => pct(p.erReach), numeric: true, title: formulas.erReach },
    { key: "erFollowers", label: t("analytics.erFollowers"), value: (p) => p.erFollowers, render: (p) => pct(p.erFollowers, 3), numeric: true, title: formulas.erFollowers },
    { key: "clicks", label: t("analytics.clicks"), value: (p) => p.clicks, numeric: true },
  ];
}

const hours = Array.from({ length: 24 }, (_, h) => h);

/** Weekday × hour in the brand's zone: colour by ER by reach, the number of posts in each cell. */
export function Heatmap({ cells, locale }: { cells: HeatCell[]; locale: string }) {
  const { t } = useTranslation();
  const max = Math.max(0, ...cells.filter((c) => c.posts > 0).map((c) => c.erReach ?? 0));
  const at = (weekday: number, hour: number) => cells.find((c) => c.weekday === weekday && c.hour === hour);
  const dayName = (weekday: number) => DateTime.fromObject({ weekday: weekday as 1 }).setLocale(locale).toFormat("ccc");
  return (
    <div className="table-scroll">
      <table className="heatmap" data-testid="heatmap">
        <caption className="visually-hidden">{t("analytics.heatmapCaption")}</caption>
        <thead>
          <tr>
            <th />
            {hours.map((h) => (
              <th key={h} scope="col" className="heatmap__head">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <tr key={d}>
              <th scope="row" className="heatmap__head">
                {dayName(d)}
              </th>
              {hours.map((h) => {
                const c = at(d, h);
                const share = c && c.posts > 0 && max > 0 ? (c.erReach ?? 0) / max : 0;
                const label = c && c.posts > 0 ? t("analytics.heatCell", { day: dayName(d), hour: h, posts: c.posts, er: pct(c.erReach), avg: formatNumber(c.avgInteractions, { maximumFractionDigits: 1 }) }) : t("analytics.heatEmpty", { day: dayName(d), hour: h });
                return (
                  <td key={h} className="heatmap__cell" title={label} aria-label={label} data-posts={c?.posts ?? 0} style={c && c.posts > 0 ? { background: `rgba(21, 112, 239, ${0.12 + 0.78 * share})`, color: share > 0.55 ? "#fff" : undefined } : undefined}>
                    {c && c.posts > 0 ? c.posts : ""}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Funnel({ steps }: { steps: { key: string; value: number | null; conversion: number | null }[] }) {
  const { t } = useTranslation();
  const top = Math.max(1, ...steps.map((s) => s.value ?? 0));
  return (
    <ol className="funnel" data-testid="funnel">
      {steps.map((s) => (
        <li key={s.key} className="funnel__step" data-testid={`funnel-${s.key}`}>
          <span className="funnel__label">{t(`analytics.funnel.${s.key}`)}</span>
          <span className="funnel__bar" style={{ width: `${Math.max(2, ((s.value ?? 0) / top) * 100)}%` }} />
          <span className="funnel__value">{s.value === null ? t("analytics.funnel.notRecorded") : num(s.value)}</span>
          <span className="funnel__conversion">{s.conversion === null ? "" : pct(s.conversion, 1)}</span>
        </li>
      ))}
    </ol>
  );
}

/** One breakdown of the audience as bars with shares (VK community statistics). */
export function BucketBars({ title, buckets, label, testId }: { title: string; buckets: Bucket[]; label?: (b: Bucket) => string; testId: string }) {
  const total = buckets.reduce((s, b) => s + b.count, 0);
  const top = Math.max(1, ...buckets.map((b) => b.count));
  return (
    <div className="bucket-bars" data-testid={testId}>
      <h3 className="bucket-bars__title">{title}</h3>
      <ul className="bucket-bars__list">
        {buckets.map((b) => (
          <li key={b.key} className="bucket-bars__item">
            <span className="bucket-bars__label">{label ? label(b) : b.label}</span>
            <span className="bucket-bars__bar" style={{ width: `${Math.max(2, (b.count / top) * 100)}%` }} />
            <span className="bucket-bars__value">{pct(total ? b.count / total : null, 0)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
