/** "Add from listening": listening's opinion leaders of the brand over a period; picking one opens the leader form prefilled. */
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Modal } from "../common/modal.js";
import { EmptyState, ErrorState, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { count } from "../campaigns/format.js";
import type { FromListening } from "./leader-form.js";
import { networkLabel } from "./leader-form.js";
import { useCandidates } from "./queries.js";

const periods = [7, 30, 90] as const;

export function CandidatesPanel({ onPick, onClose }: { onPick: (f: FromListening) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const [days, setDays] = useState<(typeof periods)[number]>(30);
  // Whole minutes, so the query key (and the server's answer) stays the same while the panel is open.
  const period = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    return { from: new Date(to.getTime() - days * 86_400_000).toISOString(), to: to.toISOString() };
  }, [days]);
  const candidates = useCandidates(workspace.id, brand.id, period);
  const items = candidates.data?.items ?? [];
  return (
    <Modal title={t("leaders.candidates.title")} onClose={onClose} testId="leader-candidates">
      <div className="stack">
        <p className="muted small">{t("leaders.candidates.hint")}</p>
        <fieldset className="leaders-filters">
          <legend className="muted small">{t("leaders.candidates.period")}</legend>
          {periods.map((d) => (
            <button key={d} type="button" className={d === days ? "btn btn--secondary is-active" : "btn btn--ghost"} aria-pressed={d === days} onClick={() => setDays(d)}>
              {t(`leaders.candidates.days${d}`)}
            </button>
          ))}
        </fieldset>
        {candidates.isPending ? <Loading /> : null}
        {candidates.isError ? <ErrorState error={candidates.error} onRetry={() => void candidates.refetch()} /> : null}
        {candidates.isSuccess && items.length === 0 ? <EmptyState title={t("leaders.candidates.empty")} /> : null}
        {items.length ? (
          <div className="table-scroll">
            <table className="table" data-testid="leader-candidates-table">
              <thead>
                <tr>
                  <th>{t("leaders.candidates.author")}</th>
                  <th className="num">{t("leaders.candidates.followers")}</th>
                  <th className="num">{t("leaders.candidates.mentions")}</th>
                  <th>{t("leaders.candidates.tone")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={`${c.network}|${c.handle}`} data-testid="leader-candidate">
                    <td>
                      <b>{c.name}</b>
                      <div className="muted small">
                        {networkLabel(t, c.network)} · @{c.handle}
                      </div>
                    </td>
                    <td className="num">{count(c.followers)}</td>
                    <td className="num">{count(c.mentions)}</td>
                    <td>{t(`leaders.candidates.tones.${c.toneLabel}`, { defaultValue: c.toneLabel })}</td>
                    <td>
                      {c.leaderId ? (
                        <span className="muted small">{t("leaders.candidates.added")}</span>
                      ) : (
                        <button type="button" className="btn btn--secondary" onClick={() => onPick({ candidate: c, ...period })} data-testid="leader-candidate-add">
                          {t("leaders.candidates.add")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </Modal>
  );
}
