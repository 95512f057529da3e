/**
 * Contract mode: "Sign contract" records the community's state now, and the recorded baseline is
 * shown — followers, live followers from the audits, ER — per channel, with the channels that had
 * no audit named (their live followers could not be recorded).
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime, formatNumber } from "../common/format.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useStrategyActions } from "./queries.js";
import type { Contract } from "./types.js";

const n = (v: number | null) => (v === null ? "—" : formatNumber(Math.round(v)));
const pct = (v: number | null, digits = 2) => (v === null ? "—" : `${formatNumber(v, { maximumFractionDigits: digits })} %`);

export function ContractPanel({ contract }: { contract: Contract | null }) {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const { sign } = useStrategyActions(workspace.id, brand.id);
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState("");
  const unaudited = contract ? contract.channels.filter((c) => c.auditId === null).map((c) => c.name) : [];
  return (
    <div data-testid="strategy-contract">
      <p className="strategy-muted">{t("strategy.contract.intro")}</p>
      {contract ? (
        <>
          <p data-testid="contract-signed">{t("strategy.contract.signed", { when: formatDateTime(contract.signedAt), who: contract.signedBy?.name ?? "—" })}</p>
          {contract.note ? <p className="strategy-muted">{contract.note}</p> : null}
          <div className="stats strategy-contract__stats">
            <Stat label={t("strategy.contract.followers")} value={n(contract.followers)} />
            <Stat label={t("strategy.contract.live")} value={n(contract.liveFollowers)} testId="contract-live" />
            <Stat label={t("strategy.contract.erReach")} value={pct(contract.erReach)} />
            <Stat label={t("strategy.contract.erFollowers")} value={pct(contract.erFollowers)} />
          </div>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{t("strategy.contract.channel")}</th>
                  <th className="num">{t("strategy.contract.followers")}</th>
                  <th className="num">{t("strategy.contract.liveShare")}</th>
                  <th className="num">{t("strategy.contract.live")}</th>
                  <th>{t("strategy.contract.audit")}</th>
                </tr>
              </thead>
              <tbody>
                {contract.channels.map((c) => (
                  <tr key={c.channelId}>
                    <td>{c.name}</td>
                    <td className="num">{n(c.followers)}</td>
                    <td className="num">{c.liveShare === null ? "—" : pct(c.liveShare * 100, 1)}</td>
                    <td className="num">{n(c.liveFollowers)}</td>
                    <td className="strategy-nowrap">{c.auditedAt ? formatDate(c.auditedAt) : t("strategy.contract.noAudit")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {unaudited.length ? (
            <p className="form-error" role="status">
              {t("strategy.contract.unaudited", { names: unaudited.join(", ") })}
            </p>
          ) : null}
        </>
      ) : (
        <p>{t("strategy.contract.none")}</p>
      )}
      {can("brands.manage") ? (
        asking ? (
          <div className="strategy-sign">
            <p>{t("strategy.contract.signQuestion")}</p>
            <label className="field">
              <span>{t("strategy.contract.note")}</span>
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} data-testid="contract-note" />
            </label>
            <div className="strategy-actions">
              <button
                type="button"
                className="btn btn--primary"
                disabled={sign.isPending}
                data-testid="contract-confirm"
                onClick={() => sign.mutate(note, { onSuccess: () => setAsking(false) })}
              >
                {contract ? t("strategy.contract.signAgain") : t("strategy.contract.sign")}
              </button>
              <button type="button" className="btn btn--ghost" onClick={() => setAsking(false)}>
                {t("common.cancel")}
              </button>
            </div>
            <FormError error={sign.error} />
          </div>
        ) : (
          <button type="button" className="btn btn--secondary" onClick={() => setAsking(true)} data-testid="contract-sign">
            {contract ? t("strategy.contract.signAgain") : t("strategy.contract.sign")}
          </button>
        )
      ) : null}
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="card stat">
      <div className="stat__label">{label}</div>
      <div className="stat__value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}
