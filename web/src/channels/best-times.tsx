/**
 * Best times to post: the five best weekday-and-hour pairs and a weekday × hour heat table, with
 * the number of posts behind the figures and whether they come from the channel's own history or
 * the network's general pattern (a rule of thumb, not a measurement).
 */
import { useTranslation } from "react-i18next";
import { formatNumber } from "../common/format.js";
import { ErrorState, Loading } from "../common/states.js";
import { weekdayNames } from "../common/weekdays.js";
import { useBestTimes } from "../planning/queries.js";

const hours = Array.from({ length: 24 }, (_, h) => h);
const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;

export function BestTimesView({ workspaceId, channelId }: { workspaceId: string; channelId: string }) {
  const { t, i18n } = useTranslation();
  const best = useBestTimes(workspaceId, channelId, true);
  const days = weekdayNames(i18n.language);
  const longDays = weekdayNames(i18n.language, "long");
  if (best.isPending) return <Loading />;
  if (best.isError) return <ErrorState error={best.error} onRetry={() => void best.refetch()} />;
  const b = best.data;
  const cell = new Map(b.cells.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const max = Math.max(0, ...b.cells.map((c) => c.engagement));
  const pct = (x: number) => formatNumber(x, { style: "percent", maximumFractionDigits: 2 });

  return (
    <section className="stack" data-testid="best-times" data-source={b.source}>
      <h3>{t("bestTimes.title")}</h3>
      <p className={b.source === "history" ? "notice notice--success" : "notice notice--warning"} data-testid="best-times-source">
        {b.source === "history"
          ? t("bestTimes.fromHistory", { count: b.sampleSize, days: b.windowDays })
          : t("bestTimes.general", { count: b.sampleSize, network: b.network })}
      </p>
      <ol className="best-list" data-testid="best-times-top">
        {b.suggestions.map((s) => (
          <li key={`${s.weekday}:${s.hour}`}>
            <strong>
              {longDays[s.weekday - 1]} {hh(s.hour)}
            </strong>
            {s.engagement !== null ? (
              <span className="muted small"> · {t("bestTimes.er", { value: pct(s.engagement), count: s.n })}</span>
            ) : null}
          </li>
        ))}
      </ol>
      {b.cells.length ? (
        <div className="heat-wrap">
          <table className="heat" aria-label={t("bestTimes.table")}>
            <thead>
              <tr>
                <th />
                {hours.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((name, i) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  {hours.map((h) => {
                    const c = cell.get(`${i + 1}:${h}`);
                    const level = c && max > 0 ? c.engagement / max : 0;
                    return (
                      <td
                        key={h}
                        className="heat__cell"
                        style={c ? { background: `rgba(79, 70, 229, ${0.08 + level * 0.82})` } : undefined}
                        title={c ? `${longDays[i]} ${hh(h)}: ${t("bestTimes.er", { value: pct(c.engagement), count: c.n })}` : undefined}
                      />
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className="muted small">{t("bestTimes.formula", { formula: b.formula })}</p>
    </section>
  );
}
