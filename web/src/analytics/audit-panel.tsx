/**
 * Audience audit of one channel: a sample of its followers scored for bot likelihood with the
 * reasons, the shares of likely bots, "dead" and live followers with their intervals, and the
 * live followers of the whole channel estimated from them (for "live subscribers" KPIs).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, enc } from "../api.js";
import { errorText } from "../common/errors.js";
import { formatDateTime, formatNumber } from "../common/format.js";
import { num, pct } from "./parts.js";

type FollowerClass = "bot" | "dead" | "live";
type Signal = { signal: string; weight: number; key: string; evidence: Record<string, string | number> };
type AuditResult = {
  channel: { id: string; handle: string; networkName: string; simulated: boolean };
  auditedAt: string;
  channelFollowers: number | null;
  summary: {
    sampleSize: number;
    counts: Record<FollowerClass, number>;
    shares: Record<FollowerClass, number>;
    intervals: Record<FollowerClass, { low: number; high: number }>;
    liveEstimate: { channelFollowers: number; live: number; low: number; high: number } | null;
    signals: Record<string, { count: number; share: number }>;
    bursts: unknown[];
  };
  followers: { profile: { handle: string; name: string; posts: number; followers: number; following: number }; score: number; class: FollowerClass; signals: Signal[] }[];
};

type KeptAudit = { id: string; auditedAt: string; sampleSize: number; shares: Record<FollowerClass, number>; liveEstimate: number | null };

const classes: FollowerClass[] = ["live", "dead", "bot"];
const sizes = [100, 300, 1000];

export function AuditPanel({ ws, channels }: { ws: string; channels: { id: string; name: string; network: string }[] }) {
  const { t } = useTranslation();
  const [channelId, setChannelId] = useState(channels[0]?.id ?? "");
  const [size, setSize] = useState(300);
  const qc = useQueryClient();
  const audits = `/api/workspaces/${enc(ws)}/channels/${enc(channelId)}/audits`;
  const history = useQuery({ queryKey: ["audits", ws, channelId], queryFn: () => api.get<{ items: KeptAudit[] }>(audits), enabled: channelId !== "" });
  const run = useMutation({
    mutationFn: () => api.post<AuditResult>(audits, { size }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["audits", ws, channelId] }),
  });
  const r = run.data;
  const signalLabel = (s: string) => t(`audit.signals.${s.split(".")[0]}`);
  return (
    <div className="stack" data-testid="audit-panel">
      <p className="stat__hint">{t("audit.hint")}</p>
      <div className="analytics-section__tools">
        <select className="select select--compact" aria-label={t("analytics.channel")} value={channelId} onChange={(e) => setChannelId(e.target.value)} data-testid="audit-channel">
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} · {c.network}
            </option>
          ))}
        </select>
        <select className="select select--compact" aria-label={t("audit.size")} value={size} onChange={(e) => setSize(Number(e.target.value))} data-testid="audit-size">
          {sizes.map((s) => (
            <option key={s} value={s}>
              {t("audit.sizeOption", { count: s })}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn--primary" disabled={!channelId || run.isPending} onClick={() => run.mutate()} data-testid="audit-run">
          {run.isPending ? t("audit.running") : t("audit.run")}
        </button>
      </div>
      {run.isError ? (
        <p className="form-error" role="alert" data-testid="audit-error">
          {run.error instanceof ApiError && run.error.detail ? run.error.detail : errorText(run.error, t)}
        </p>
      ) : null}
      {history.data?.items.length ? (
        <details data-testid="audit-history">
          <summary>{t("audit.history", { count: history.data.items.length })}</summary>
          <ul className="audit-followers">
            {history.data.items.map((a) => (
              <li key={a.id}>
                {formatDateTime(a.auditedAt)} — {t("audit.historyRow", { live: pct(a.shares.live, 1), bot: pct(a.shares.bot, 1), n: a.sampleSize, estimate: num(a.liveEstimate) })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {r ? (
        <div className="stack" data-testid="audit-result">
          <ul className="audit-shares">
            {classes.map((c) => (
              <li key={c} className={`audit-share audit-share--${c}`} data-testid={`audit-share-${c}`}>
                <span className="audit-share__label">{t(`audit.classes.${c}`)}</span>
                <span className="audit-share__value">{pct(r.summary.shares[c], 1)}</span>
                <span className="stat__hint">
                  {t("audit.interval", { low: pct(r.summary.intervals[c].low, 1), high: pct(r.summary.intervals[c].high, 1), n: formatNumber(r.summary.counts[c]) })}
                </span>
              </li>
            ))}
          </ul>
          <p data-testid="audit-live">
            {r.summary.liveEstimate
              ? t("audit.liveEstimate", { live: num(r.summary.liveEstimate.live), of: num(r.summary.liveEstimate.channelFollowers), low: num(r.summary.liveEstimate.low), high: num(r.summary.liveEstimate.high), n: r.summary.sampleSize })
              : t("audit.noEstimate", { n: r.summary.sampleSize })}
          </p>
          <table className="table" data-testid="audit-signals">
            <thead>
              <tr>
                <th>{t("audit.signal")}</th>
                <th className="num">{t("audit.share")}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(r.summary.signals)
                .filter(([, s]) => s.count > 0)
                .sort((a, b) => b[1].count - a[1].count)
                .map(([name, s]) => (
                  <tr key={name}>
                    <td>{signalLabel(name)}</td>
                    <td className="num">
                      {pct(s.share, 1)} ({formatNumber(s.count)})
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          <details>
            <summary>{t("audit.likelyBots")}</summary>
            <ul className="audit-followers" data-testid="audit-bots">
              {r.followers
                .filter((f) => f.class === "bot")
                .sort((a, b) => b.score - a.score)
                .slice(0, 20)
                .map((f) => (
                  <li key={f.profile.handle}>
                    <strong>{f.profile.name || f.profile.handle}</strong> @{f.profile.handle} · {t("audit.score", { score: formatNumber(f.score, { maximumFractionDigits: 2 }) })}
                    <span className="stat__hint"> — {f.signals.map((s) => signalLabel(s.signal)).join(", ")}</span>
                  </li>
                ))}
            </ul>
          </details>
        </div>
      ) : null}
    </div>
  );
}
