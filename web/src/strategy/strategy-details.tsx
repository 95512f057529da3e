/** The strategy read back: goal and period, the known mistakes it would make, segments, frequency, tone, budget and notes. All plain text. */
import { useTranslation } from "react-i18next";
import { formatNumber } from "../common/format.js";
import { useDay } from "./kpi-cards.js";
import type { Strategy, StrategyWarning } from "./types.js";

export function StrategyDetails({ strategy: s, warnings }: { strategy: Strategy; warnings: StrategyWarning[] }) {
  const { t } = useTranslation();
  const day = useDay();
  const months = [...new Set(s.budget.map((b) => b.month))].sort();
  return (
    <div className="strategy-details" data-testid="strategy-details">
      <section className="card strategy-block">
        <h2 className="card__title">{t("strategy.sections.goal")}</h2>
        <p data-testid="strategy-goal-type">
          <strong>{t(`strategy.goalTypes.${s.goalType}`)}</strong>
          {s.startsOn || s.endsOn ? ` · ${s.startsOn ? day(s.startsOn, true) : "…"} – ${s.endsOn ? day(s.endsOn, true) : "…"}` : ""}
        </p>
        {s.goal ? <p className="strategy-text">{s.goal}</p> : null}
        {warnings.length ? (
          <ul className="strategy-warnings" data-testid="strategy-warnings">
            {warnings.map((w) => (
              <li key={`${w.code}-${w.path}`}>{t(`strategy.warnings.${w.code}`)}</li>
            ))}
          </ul>
        ) : null}
        {s.kpiIdeas.length ? (
          <>
            <h3>{t("strategy.sections.ideas")}</h3>
            <ul data-testid="strategy-ideas">
              {s.kpiIdeas.map((idea) => (
                <li key={idea}>{idea}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {s.segments.length ? (
        <section className="card strategy-block" data-testid="strategy-segments">
          <h2 className="card__title">{t("strategy.sections.audience")}</h2>
          <div className="strategy-segments">
            {s.segments.map((g) => (
              <div key={g.name} className="strategy-segment">
                <h3>{g.name}</h3>
                <p className="strategy-muted">{[g.ageFrom !== null || g.ageTo !== null ? t("strategy.ages", { from: g.ageFrom ?? "…", to: g.ageTo ?? "…" }) : "", g.geography].filter(Boolean).join(" · ")}</p>
                {g.description ? <p className="strategy-text">{g.description}</p> : null}
                {g.interests.length ? <p>{`${t("strategy.form.interests").replace(/ \(.*\)$/, "")}: ${g.interests.join(", ")}`}</p> : null}
                {g.pains.length ? <p>{`${t("strategy.form.pains").replace(/ \(.*\)$/, "")}: ${g.pains.join(", ")}`}</p> : null}
                {g.channels.length ? (
                  <ul>
                    {g.channels.map((c) => (
                      <li key={c.network}>
                        <strong>{c.network}</strong>
                        {c.reason ? ` — ${c.reason}` : ""}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ))}
          </div>
        </section>
      ) : null}

      {s.frequency.length ? (
        <section className="card strategy-block" data-testid="strategy-frequency">
          <h2 className="card__title">{t("strategy.sections.frequency")}</h2>
          <table className="table">
            <tbody>
              {s.frequency.map((f) => (
                <tr key={`${f.network}-${f.channelId ?? ""}`}>
                  <td>{f.network}</td>
                  <td className="num">
                    {formatNumber(f.postsPerWeek)} {t("strategy.form.postsPerWeek").toLowerCase()}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {s.toneOfVoice ? (
        <section className="card strategy-block">
          <h2 className="card__title">{t("strategy.sections.tone")}</h2>
          <p className="strategy-text">{s.toneOfVoice}</p>
        </section>
      ) : null}

      {s.budget.length ? (
        <section className="card strategy-block" data-testid="strategy-budget">
          <h2 className="card__title">{t("strategy.sections.budget")}</h2>
          <table className="table">
            <thead>
              <tr>
                <th>{t("strategy.form.month")}</th>
                <th>{t("strategy.form.line")}</th>
                <th className="num">{t("strategy.form.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {s.budget.map((b) => (
                <tr key={`${b.month}-${b.line}-${b.currency}-${b.amount}`}>
                  <td>{b.month}</td>
                  <td>{b.line}</td>
                  <td className="num">{formatNumber(b.amount, { style: "currency", currency: b.currency, maximumFractionDigits: 0 })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="strategy-muted">
            {months.map((m) => {
              const lines = s.budget.filter((b) => b.month === m);
              const currencies = [...new Set(lines.map((b) => b.currency))];
              const amount = currencies.map((c) => formatNumber(lines.filter((b) => b.currency === c).reduce((x, b) => x + b.amount, 0), { style: "currency", currency: c, maximumFractionDigits: 0 })).join(" + ");
              return <li key={m}>{t("strategy.budgetTotal", { month: m, amount })}</li>;
            })}
          </ul>
        </section>
      ) : null}

      {s.notes ? (
        <section className="card strategy-block">
          <h2 className="card__title">{t("strategy.sections.notes")}</h2>
          <p className="strategy-text">{s.notes}</p>
        </section>
      ) : null}
    </div>
  );
}
