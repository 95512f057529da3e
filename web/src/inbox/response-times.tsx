/**
 * How fast the team answers and resolves, over the last 30 days. Durations come in minutes; median and 90th percentile, never an average,
 * so one forgotten thread does not hide the everyday pace.
 */
import { useTranslation } from "react-i18next";
import { formatDuration } from "../common/format.js";
import { useShell } from "../shell/workspace.js";
import { useInboxReport } from "./queries.js";
import type { ResponseStat } from "./types.js";


export function ResponseTimes({ brandId }: { brandId: string | undefined }) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const report = useInboxReport(workspace.id, brandId, true);
  // Shown at once, with dashes until the figures come, so the page below does not jump.
  const empty: ResponseStat = { median: null, p90: null, count: 0 };
  const data = report.data ?? { firstResponse: empty, resolution: empty, byMember: [] };
  const stat = (key: "firstResponse" | "resolution", s: ResponseStat) => (
    <div className="inbox-stat" key={key}>
      <span className="stat__label">{t(`inbox.report.${key}`)}</span>
      <span className="inbox-stat__value">{formatDuration(s.median)}</span>
      <span className="stat__hint">{t("inbox.report.detail", { p90: formatDuration(s.p90), count: s.count })}</span>
    </div>
  );
  return (
    <section className="card inbox-report" aria-label={t("inbox.report.title")} data-testid="inbox-report">
      <span className="muted small">{t("inbox.report.title")}</span>
      {stat("firstResponse", data.firstResponse)}
      {stat("resolution", data.resolution)}
      {data.byMember.length > 0 ? (
        <ul className="inbox-report__members" aria-label={t("inbox.report.byMember")}>
          {data.byMember.map((m) => (
            <li key={m.userId}>
              <strong>{m.name}</strong>{" "}
              <span className="muted small">
                {t("inbox.report.member", { count: m.replies, median: formatDuration(m.medianFirstResponseMinutes) })}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
