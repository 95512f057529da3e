/**
 * The KPI cards: each KPI's current value against its target and deadline, its status, the
 * forecast in words ("at the current pace: 3,900 of 5,000 by 1 March") and a small chart of the
 * daily values with the forecast line and the target. The formula shows under the figure. A KPI
 * Chorus cannot measure says why instead of showing 0.
 */
import { DateTime } from "luxon";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fieldError } from "../common/errors.js";
import { Field } from "../common/field.js";
import { formatNumber } from "../common/format.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useStrategyActions } from "./queries.js";
import { defaultComparison, type KpiTrack, type Point } from "./types.js";

export function useKpiFormat() {
  const { t } = useTranslation();
  return (metric: string, v: number | null | undefined): string => {
    if (v === null || v === undefined) return "—";
    if (metric === "er_reach" || metric === "er_followers") return `${formatNumber(v, { maximumFractionDigits: 2 })} %`;
    if (metric === "response_minutes_median") return t("strategy.minutes", { value: formatNumber(v, { maximumFractionDigits: 0 }) });
    if (metric === "link_clicks_per_day" || metric === "posts_per_week") return formatNumber(v, { maximumFractionDigits: 1 });
    return formatNumber(Math.abs(v) >= 100 ? Math.round(v) : v, { maximumFractionDigits: 2 });
  };
}

export function useDay() {
  const { i18n } = useTranslation();
  return (day: string, long = false) => DateTime.fromISO(day).setLocale(i18n.language).toLocaleString(long ? DateTime.DATE_MED : { month: "short", day: "numeric" });
}

export function KpiCards({ kpis }: { kpis: KpiTrack[] }) {
  return (
    <div className="strategy-kpis" data-testid="strategy-kpis">
      {kpis.map((k) => (
        <KpiCard key={k.kpi.id ?? `${k.kpi.metric}-${k.kpi.deadline}`} track={k} />
      ))}
    </div>
  );
}

function KpiCard({ track }: { track: KpiTrack }) {
  const { t } = useTranslation();
  const { can } = useShell();
  const fmt = useKpiFormat();
  const day = useDay();
  const { kpi, forecast } = track;
  const comparison = kpi.comparison ?? defaultComparison(kpi.metric);
  const title = kpi.metric === "custom" ? kpi.label : t(`strategy.metrics.${kpi.metric}`);
  const status = track.state === "tracking" ? (forecast?.status ?? "no_data") : null;
  return (
    <article className="card strategy-kpi" data-testid={`strategy-kpi-${kpi.metric}`}>
      <header className="strategy-kpi__head">
        <h3 className="strategy-kpi__title">{title}</h3>
        {status ? (
          <span className={`badge strategy-status strategy-status--${status}`} data-testid="kpi-status">
            {t(`strategy.status.${status}`)}
          </span>
        ) : null}
      </header>
      <div className="strategy-kpi__figure">
        <span className="stat__value" data-testid="kpi-current">
          {track.state === "tracking" ? fmt(kpi.metric, track.current) : "—"}
        </span>
        <span className="strategy-kpi__target">
          {t(`strategy.${comparison}`, { value: fmt(kpi.metric, kpi.target) })} · {t("strategy.by", { date: day(kpi.deadline, true) })}
        </span>
      </div>
      <p className="kpi__formula strategy-kpi__formula">{t(`strategy.formulas.${kpi.metric}`)}</p>
      {track.baseline ? <p className="strategy-kpi__note">{t("strategy.baseline", { value: formatNumber(track.baseline.value), date: day(track.baseline.day, true) })}</p> : null}
      {track.state !== "tracking" ? (
        <p className="strategy-kpi__state" data-testid="kpi-state">
          {t(`strategy.state.${track.state}`)}
        </p>
      ) : (
        <>
          <ForecastText track={track} />
          <KpiChart track={track} />
        </>
      )}
      {track.unaudited.length > 0 && track.state === "tracking" ? <p className="strategy-kpi__note">{t("strategy.unaudited", { names: track.unaudited.map((c) => c.name).join(", ") })}</p> : null}
      {kpi.note ? <p className="strategy-kpi__note">{kpi.note}</p> : null}
      {kpi.metric === "custom" && kpi.id && can("brands.manage") ? <ProgressForm kpiId={kpi.id} /> : null}
    </article>
  );
}

function ForecastText({ track }: { track: KpiTrack }) {
  const { t } = useTranslation();
  const fmt = useKpiFormat();
  const day = useDay();
  const f = track.forecast;
  if (!f) return null;
  const m = track.kpi.metric;
  const lines: string[] = [];
  if (f.status === "met" || f.status === "missed") lines.push(t("strategy.forecast.passed"));
  else if (f.status === "reached") lines.push(t("strategy.forecast.reached"));
  else if (f.status === "not_enough_data") lines.push(t("strategy.forecast.notEnough", { needed: f.minPoints, points: f.points }));
  if ((f.status === "on_track" || f.status === "behind" || f.status === "reached") && f.expected !== null) {
    lines.push(t("strategy.forecast.pace", { expected: fmt(m, f.expected), target: fmt(m, track.kpi.target), date: day(track.kpi.deadline, true) }));
  }
  if (f.status === "behind" && f.neededPerDay !== null) lines.push(t("strategy.forecast.needed", { value: formatNumber(f.neededPerDay, { maximumFractionDigits: 2, signDisplay: "exceptZero" }) }));
  return (
    <p className="strategy-kpi__forecast" data-testid="kpi-forecast">
      {lines.join(" ")}
    </p>
  );
}

/** Every day from the first value to the deadline, so time runs evenly along the axis. */
function chartRows(series: Point[], line: Point[], deadline: string) {
  const first = series[0]?.day ?? line[0]?.day;
  if (!first) return [];
  const actual = new Map(series.map((p) => [p.day, p.value]));
  const [a, b] = line;
  const x = (d: string) => DateTime.fromISO(d).toMillis();
  const rows: { day: string; actual: number | null; forecast: number | null }[] = [];
  const last = [deadline, series.at(-1)?.day ?? deadline].sort().at(-1) as string;
  for (let d = DateTime.fromISO(first); (d.toISODate() as string) <= last && rows.length < 800; d = d.plus({ days: 1 })) {
    const day = d.toISODate() as string;
    const forecast = a && b && day >= a.day && day <= b.day ? a.value + ((b.value - a.value) * (x(day) - x(a.day))) / Math.max(1, x(b.day) - x(a.day)) : null;
    rows.push({ day, actual: actual.get(day) ?? null, forecast });
  }
  return rows;
}

function KpiChart({ track }: { track: KpiTrack }) {
  const { t } = useTranslation();
  const fmt = useKpiFormat();
  const day = useDay();
  const rows = chartRows(track.series, track.forecast?.line ?? [], track.kpi.deadline);
  if (rows.length === 0) return null;
  const m = track.kpi.metric;
  return (
    <div className="strategy-kpi__chart" data-testid="kpi-chart">
      <ResponsiveContainer width="100%" height={140}>
        <ComposedChart data={rows} margin={{ top: 6, right: 6, bottom: 0, left: 0 }}>
          <XAxis dataKey="day" tickFormatter={(d: string) => day(d)} tick={{ fontSize: 11, fill: "#667085" }} minTickGap={24} tickLine={false} />
          <YAxis width={48} domain={["auto", "auto"]} tick={{ fontSize: 11, fill: "#667085" }} tickLine={false} axisLine={false} tickFormatter={(v: number) => formatNumber(v, { notation: "compact" })} />
          <Tooltip labelFormatter={(v) => day(String(v), true)} formatter={(v) => fmt(m, typeof v === "number" ? v : null)} />
          <ReferenceLine y={track.kpi.target} stroke="#b42318" strokeDasharray="4 3" label={{ value: t("strategy.chart.target"), position: "insideTopRight", fontSize: 11, fill: "#b42318" }} />
          <Line dataKey="actual" name={t("strategy.chart.actual")} stroke="#1570ef" dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
          <Line dataKey="forecast" name={t("strategy.chart.forecast")} stroke="#667085" strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

function ProgressForm({ kpiId }: { kpiId: string }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { addProgress } = useStrategyActions(workspace.id, brand.id);
  const [dayValue, setDay] = useState(() => DateTime.now().setZone(brand.timezone).toISODate() as string);
  const [value, setValue] = useState("");
  const [note, setNote] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    addProgress.mutate({ kpiId, day: dayValue, value: Number(value.replace(",", ".")), note }, { onSuccess: () => setValue("") });
  };
  const err = addProgress.error;
  return (
    <form className="strategy-progress" onSubmit={submit} data-testid="kpi-progress">
      <Field label={t("strategy.progress.day")} error={fieldError(err, "day")}>
        {(id) => <input id={id} type="date" value={dayValue} onChange={(e) => setDay(e.target.value)} required />}
      </Field>
      <Field label={t("strategy.progress.value")} error={fieldError(err, "value")}>
        {(id) => <input id={id} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} required />}
      </Field>
      <Field label={t("strategy.progress.note")}>{(id) => <input id={id} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />}</Field>
      <button type="submit" className="btn btn--secondary btn--small" disabled={addProgress.isPending}>
        {t("strategy.progress.add")}
      </button>
      <FormError error={err && !fieldError(err, "day") && !fieldError(err, "value") ? err : null} />
    </form>
  );
}
