/** The content mix published in the last 30 days beside the plan, by rubric and by kind, with informative : entertaining. */
import { DateTime } from "luxon";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../common/format.js";
import { ErrorState, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useDay } from "./kpi-cards.js";
import { useContentMix } from "./queries.js";

const share = (v: number | null) => (v === null ? "—" : `${formatNumber(v, { maximumFractionDigits: 1 })} %`);
const ratio = (v: number | null) => (v === null ? "—" : `${formatNumber(v, { maximumFractionDigits: 2 })} : 1`);

export function ContentMixPanel() {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const day = useDay();
  const today = DateTime.now().setZone(brand.timezone);
  const to = today.minus({ days: 1 }).toISODate() as string;
  const from = today.minus({ days: 30 }).toISODate() as string;
  const mix = useContentMix(workspace.id, brand.id, from, to);
  if (mix.isPending) return <Loading />;
  if (mix.isError) return <ErrorState error={mix.error} onRetry={() => void mix.refetch()} />;
  const m = mix.data;
  return (
    <div data-testid="strategy-mix">
      <p className="strategy-muted">
        {t("strategy.mix.period", { from: day(from, true), to: day(to, true) })} · {t("strategy.mix.note")}
      </p>
      {!m.hasPlan ? <p>{t("strategy.mix.noPlan")}</p> : null}
      <div className="strategy-mix__bars" data-testid="strategy-mix-kinds">
        {m.kinds.map((k) => (
          <div key={k.kind} className="strategy-mix__kind">
            <div className="strategy-mix__label">
              <span>{t(`strategy.kinds.${k.kind}`)}</span>
              <span className="strategy-muted">
                {share(k.share)} / {share(k.plannedShare)}
              </span>
            </div>
            <div className="strategy-mix__track" aria-hidden="true">
              <div className="strategy-mix__actual" style={{ width: `${Math.min(100, k.share)}%` }} />
              {k.plannedShare !== null ? <div className="strategy-mix__plan" style={{ left: `${Math.min(100, k.plannedShare)}%` }} /> : null}
            </div>
          </div>
        ))}
      </div>
      <p data-testid="strategy-mix-ratio">{t("strategy.mix.ratio", { actual: ratio(m.ratio.actual), planned: ratio(m.ratio.planned) })}</p>
      <div className="table-scroll">
        <table className="table" data-testid="strategy-mix-table">
          <thead>
            <tr>
              <th>{t("strategy.mix.rubric")}</th>
              <th>{t("strategy.mix.kind")}</th>
              <th className="num">{t("strategy.mix.posts")}</th>
              <th className="num">{t("strategy.mix.actual")}</th>
              <th className="num">{t("strategy.mix.planned")}</th>
            </tr>
          </thead>
          <tbody>
            {m.rubrics.map((r) => (
              <tr key={r.rubric ?? "-"}>
                <td>{r.rubric ?? t("strategy.mix.noRubric")}</td>
                <td>{r.kind ? t(`strategy.kinds.${r.kind}`) : t("strategy.mix.outside")}</td>
                <td className="num">{formatNumber(r.posts)}</td>
                <td className="num">{share(r.share)}</td>
                <td className="num">{share(r.plannedShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {m.outsidePlan > 0 && m.hasPlan ? <p className="strategy-muted">{t("strategy.mix.outsideCount", { count: m.outsidePlan })}</p> : null}
    </div>
  );
}
