/**
 * Advertising placements of the brand for one month (38-FZ): every published post marked as an ad,
 * with its erid, channel, date, address and reach, and the CSV / XLSX for the advertising data
 * operator's monthly report.
 */
import { useQuery } from "@tanstack/react-query";
import { DateTime } from "luxon";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, enc, qs } from "../api.js";
import { formatDateTime } from "../common/format.js";
import { ErrorState, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";

type Placement = {
  publicationId: string;
  postId: string;
  advertiser: string;
  advertiserTaxId: string | null;
  erid: string | null;
  channelName: string;
  network: string;
  url: string | null;
  publishedAt: string;
  reach: number | null;
};

export function AdPlacementsPanel() {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const [month, setMonth] = useState(() => DateTime.now().setZone(brand.timezone).toFormat("yyyy-MM"));
  const start = DateTime.fromFormat(month, "yyyy-MM");
  const period = start.isValid ? { from: start.toISODate() as string, to: start.endOf("month").toISODate() as string } : null;
  const base = `/api/workspaces/${enc(workspace.id)}/brands/${enc(brand.id)}/ad-placements`;
  const list = useQuery({
    queryKey: ["ad-placements", workspace.id, brand.id, period?.from],
    enabled: period !== null,
    queryFn: () => api.get<{ items: Placement[] }>(`${base}${qs(period ?? {})}`),
  });
  const items = list.data?.items ?? [];
  return (
    <section className="card stack" data-testid="ad-placements">
      <div className="actions-row">
        <div>
          <h2>{t("reports.ads.title")}</h2>
          <p className="muted">{t("reports.ads.subtitle")}</p>
        </div>
        <span className="actions-row__spacer" />
        <label className="inline-row">
          {t("reports.ads.month")}
          <input className="input" type="month" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="ad-placements-month" />
        </label>
      </div>
      {list.isPending && period ? <Loading /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && items.length === 0 ? <p className="muted">{t("reports.ads.empty")}</p> : null}
      {items.length > 0 ? (
        <>
          <table className="table" data-testid="ad-placements-table">
            <thead>
              <tr>
                <th>{t("reports.ads.publishedAt")}</th>
                <th>{t("reports.ads.channel")}</th>
                <th>erid</th>
                <th>{t("reports.ads.advertiser")}</th>
                <th className="num">{t("reports.ads.reach")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.publicationId}>
                  <td>{p.url ? <a href={p.url} target="_blank" rel="noreferrer noopener">{formatDateTime(p.publishedAt)}</a> : formatDateTime(p.publishedAt)}</td>
                  <td>{p.channelName}</td>
                  <td>{p.erid ?? "—"}</td>
                  <td>{p.advertiserTaxId ? `${p.advertiser}, ИНН ${p.advertiserTaxId}` : p.advertiser}</td>
                  <td className="num">{p.reach ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {period ? (
            <p className="actions-row">
              <a className="btn btn--ghost" href={`${base}/export${qs({ ...period, format: "csv" })}`} data-testid="ad-placements-csv">
                CSV
              </a>
              <a className="btn btn--ghost" href={`${base}/export${qs({ ...period, format: "xlsx" })}`}>
                XLSX
              </a>
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
