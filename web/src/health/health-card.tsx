/**
 * The brand's plan health on its home page: the latest check's findings by severity, each with
 * its figures in words, what to do, and links to the posts, comments or channels concerned;
 * "Run now"; and when it last ran. Names come from the network (untrusted): they are put in as
 * text, never as HTML.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api, enc } from "../api.js";
import { formatDateTime, formatDuration, formatNumber } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { i18n } from "../i18n/index.js";
import { useShell } from "../shell/workspace.js";
import { healthEn, healthRu } from "./i18n.js";
import type { Finding, PlanHealthRun, Severity } from "./types.js";
import "./health.css";

// Until i18n/index.ts merges these strings, the card brings its own (a deep merge that never overwrites).
i18n.addResourceBundle("en", "translation", healthEn, true, false);
i18n.addResourceBundle("ru", "translation", healthRu, true, false);

const severities: Severity[] = ["critical", "warning", "info"];
/** Links shown per finding; the rest are counted ("and 14 more"), the list stays readable. */
const shownLinks = 6;

function useHealth(ws: string, brandId: string) {
  const url = `/api/workspaces/${enc(ws)}/brands/${enc(brandId)}/health`;
  const qc = useQueryClient();
  const key = ["plan-health", ws, brandId];
  const latest = useQuery({ queryKey: key, queryFn: () => api.get<{ run: PlanHealthRun | null }>(url) });
  const run = useMutation({
    mutationFn: () => api.post<PlanHealthRun>(`${url}/runs`, {}),
    onSuccess: (r) => qc.setQueryData(key, { run: r }),
  });
  return { latest, run };
}

/** A brand's day (YYYY-MM-DD) in the UI's language, without shifting it through the browser's zone. */
function formatDay(day: string | undefined, lang: string): string {
  if (!day) return "—";
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

function formatInstant(iso: string | undefined, zone: string, lang: string): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(d);
}

/** The words a finding's sentences are made of, from its params and evidence. */
function wordsOf(f: Finding, zone: string, lang: string, t: (k: string, o?: Record<string, unknown>) => string): Record<string, string> {
  const n = (v: number | undefined, digits = 1) => (v === undefined ? "—" : formatNumber(v, { maximumFractionDigits: digits }));
  const e = f.evidence;
  const p = f.params;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(e)) out[k] = n(v);
  return {
    ...out,
    channel: p.channel ?? "",
    hours: p.hours ?? "",
    day: formatDay(p.day, lang),
    from: formatInstant(p.from, zone, lang),
    to: formatInstant(p.to, zone, lang),
    auditedAt: formatInstant(p.auditedAt, zone, lang),
    kind: p.kind ? t(`health.kinds.${p.kind}`) : "",
    format: p.format ? t(`health.formats.${p.format}`, { defaultValue: p.format }) : "",
    // A silence is a duration ("11 days"); elsewhere `days` is a count of days.
    ...(f.rule === "long_silence" ? { days: formatDuration((e.days ?? 0) * 1440), limit: formatDuration((e.limit ?? 0) * 1440) } : {}),
    target: formatDuration(e.targetMinutes ?? null),
    median: formatDuration(e.medianMinutes ?? null),
    actual: n(e.actualInformativePart ?? e.actual),
    planned: n(e.plannedInformativePart ?? e.planned),
    index: n(e.hourIndex, 0),
    hour: e.hour === undefined ? "" : String(e.hour).padStart(2, "0"),
    er: n(e.erFollowers, 2),
  };
}

function adviceKey(f: Finding): string {
  const direction = f.params.direction;
  return direction && (f.rule === "mix_off_plan" || f.rule === "info_vs_entertaining") ? `advice_${direction}` : "advice";
}

function FindingItem({ f, base, zone }: { f: Finding; base: string; zone: string }) {
  const { t, i18n: i } = useTranslation();
  const words = wordsOf(f, zone, i.language, t);
  const rule = `health.rules.${f.rule}`;
  let posts = 0;
  let comments = 0;
  const links = f.items.flatMap((item) => {
    if (item.kind === "post") {
      posts++;
      return [{ key: `p-${item.id}`, to: `${base}/posts/${enc(item.id)}`, label: t("health.item.post", { n: posts }) }];
    }
    if (item.kind === "inbox_item") {
      comments++;
      return [{ key: `i-${item.id}`, to: `${base}/inbox?item=${encodeURIComponent(item.id)}`, label: t("health.item.inbox_item", { n: comments }) }];
    }
    // A variant is reached through its post; a channel through the channels page.
    if (item.kind === "channel") return [{ key: `c-${item.id}`, to: `${base}/channels`, label: t("health.item.channel") }];
    return [];
  });
  return (
    <li className={`health__finding health__finding--${f.severity}`} data-testid={`health-finding-${f.rule}`}>
      <p className="health__finding-title">{t(`${rule}.title`, words)}</p>
      <p>{t(`${rule}.detail`, words)}</p>
      <p>
        <strong>{t("health.todo")}</strong>
        {t(`${rule}.${adviceKey(f)}`, words)}
      </p>
      {links.length > 0 ? (
        <div className="health__items">
          <span>{t("health.concerned")}</span>
          {links.slice(0, shownLinks).map((l) => (
            <Link key={l.key} className="btn btn--small btn--ghost" to={l.to} data-testid="health-item-link">
              {l.label}
            </Link>
          ))}
          {links.length > shownLinks ? <span>{t("health.more", { count: links.length - shownLinks })}</span> : null}
        </div>
      ) : null}
    </li>
  );
}

export function HealthCard() {
  const { t, i18n: i } = useTranslation();
  const { workspace, brand } = useShell();
  const { latest, run } = useHealth(workspace.id, brand.id);
  const base = `/w/${enc(workspace.id)}/b/${enc(brand.id)}`;
  const r = latest.data?.run ?? null;
  const zone = r?.timezone ?? brand.timezone;

  return (
    <section className="card health" data-testid="plan-health">
      <div className="health__head">
        <div>
          <h2 className="card__title">{t("health.title")}</h2>
          <p className="health__meta">{t("health.subtitle")}</p>
        </div>
        <button type="button" className="btn btn--secondary" onClick={() => run.mutate()} disabled={run.isPending} data-testid="plan-health-run">
          {run.isPending ? t("health.running") : t("health.runNow")}
        </button>
      </div>
      <FormError error={run.error} />
      {latest.isPending ? <Loading /> : null}
      {latest.isError ? <ErrorState error={latest.error} onRetry={() => void latest.refetch()} /> : null}
      {latest.isSuccess && !r ? <p data-testid="plan-health-never">{t("health.never")}</p> : null}
      {r ? (
        <>
          <p className="health__meta" data-testid="plan-health-last">
            {t("health.lastRun", { when: formatDateTime(r.createdAt), trigger: t(`health.trigger.${r.trigger}`), from: formatDay(r.period.from, i.language), to: formatDay(r.period.to, i.language), zone })}
          </p>
          <p className="health__meta">
            {t("health.looked", { posts: formatNumber(r.summary.posts), planned: formatNumber(r.summary.planned), comments: formatNumber(r.summary.comments) })}
            {" · "}
            {t("health.counts", { critical: r.counts.critical, warning: r.counts.warning, info: r.counts.info })}
          </p>
          {r.findings.length === 0 ? <p data-testid="plan-health-clean">{t("health.allGood")}</p> : null}
          {severities.map((s) => {
            const group = r.findings.filter((f) => f.severity === s);
            if (group.length === 0) return null;
            return (
              <div key={s} className="health__group" data-testid={`plan-health-${s}`}>
                <h3 className="health__group-title">{t(`health.severity.${s}`)}</h3>
                <ul className="health__list">
                  {group.map((f) => (
                    // One finding per rule and channel (or kind): that pair names it.
                    <FindingItem key={`${f.rule}:${f.params.channelId ?? f.params.kind ?? ""}`} f={f} base={base} zone={zone} />
                  ))}
                </ul>
              </div>
            );
          })}
        </>
      ) : null}
    </section>
  );
}
