/** A campaign's spend: the entries, one added by hand, or a CSV from the ad account (all or nothing, problems by line). */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { fieldError } from "../common/errors.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { dash, money } from "./format.js";
import { CsvPicker, ImportProblems } from "./problems.js";
import { useCampaignActions, useSpend } from "./queries.js";
import type { Campaign } from "./types.js";

/** Rows shown before "Show all": the latest are what one checks. */
const shown = 10;

export function SpendSection({ campaign, manage }: { campaign: Campaign; manage: boolean }) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const spend = useSpend(workspace.id, campaign.id);
  const { addSpend, removeSpend, importSpend } = useCampaignActions(workspace.id);
  const [day, setDay] = useState(new Date().toISOString().slice(0, 10));
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const items = spend.data?.items ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    addSpend.mutate(
      { id: campaign.id, day, amount: Number(amount.replace(/\s/g, "").replace(",", ".")), note: note.trim() || null, channelId: null },
      {
        onSuccess: () => {
          setAmount("");
          setNote("");
        },
      },
    );
  };

  return (
    <section className="stack" data-testid="campaign-spend">
      <div className="section-head">
        <h3>{t("campaigns.spend.title")}</h3>
        {manage ? (
          <CsvPicker
            label={t("campaigns.spend.import")}
            testId="spend-import"
            disabled={importSpend.isPending}
            onText={(text) => {
              setDone(null);
              importSpend.mutate({ id: campaign.id, text }, { onSuccess: (r) => setDone(t("campaigns.spend.imported", { count: r.imported, total: money(r.total, r.currency, 2) })) });
            }}
          />
        ) : null}
      </div>
      {manage ? <p className="muted small">{t("campaigns.spend.csvHint")}</p> : null}
      <ImportProblems error={importSpend.error} testId="spend-import-problems" />
      {done ? (
        <p className="notice" role="status" data-testid="spend-imported">
          {done}
        </p>
      ) : null}
      {manage ? (
        <form className="campaign-inline-form" onSubmit={submit}>
          <label>
            {t("campaigns.spend.day")}
            <input type="date" value={day} onChange={(e) => setDay(e.target.value)} data-testid="spend-day" />
          </label>
          <label>
            {t("campaigns.spend.amount")} ({campaign.currency})
            <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required data-testid="spend-amount" />
          </label>
          <label className="grow">
            {t("campaigns.spend.note")}
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} />
          </label>
          <button type="submit" className="btn btn--primary" disabled={addSpend.isPending} data-testid="spend-add">
            {t("campaigns.spend.add")}
          </button>
        </form>
      ) : null}
      {addSpend.error ? <FormError error={addSpend.error} /> : null}
      {fieldError(addSpend.error, "amount") ? <p className="field__error">{fieldError(addSpend.error, "amount")}</p> : null}
      {items.length === 0 ? (
        <p className="muted">{t("campaigns.spend.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="spend-table">
            <thead>
              <tr>
                <th>{t("campaigns.spend.day")}</th>
                <th className="num">{t("campaigns.spend.amount")}</th>
                <th>{t("campaigns.spend.channel")}</th>
                <th>{t("campaigns.spend.note")}</th>
                {manage ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {(all ? items : items.slice(0, shown)).map((s) => (
                <tr key={s.id}>
                  <td>{s.day}</td>
                  <td className="num">{money(s.amount, s.currency, 2)}</td>
                  <td>{s.channel?.name ?? s.channelLabel ?? dash}</td>
                  <td>
                    {s.note ?? ""} <span className="muted small">({t(`campaigns.spend.${s.source}`)})</span>
                  </td>
                  {manage ? (
                    <td className="table__actions">
                      <ConfirmButton label={t("common.remove")} question={t("common.confirm")} onConfirm={() => removeSpend.mutate({ id: campaign.id, entryId: s.id })} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          {!all && items.length > shown ? (
            <button type="button" className="btn btn--ghost" onClick={() => setAll(true)}>
              {t("campaigns.showAll", { count: items.length })}
            </button>
          ) : null}
        </div>
      )}
    </section>
  );
}
