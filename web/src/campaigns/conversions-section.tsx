/** A campaign's conversions: the latest, and a shop's CSV imported once (orders already there are counted, not added). */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { formatDateTime } from "../common/format.js";
import { useShell } from "../shell/workspace.js";
import { money } from "./format.js";
import { CsvPicker, ImportProblems } from "./problems.js";
import { useCampaignActions, useConversions } from "./queries.js";
import type { Campaign } from "./types.js";

/** Rows shown before "Show all": the latest are what one checks. */
const shown = 10;

export function ConversionsSection({ campaign, manage }: { campaign: Campaign; manage: boolean }) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const conversions = useConversions(workspace.id, campaign.id);
  const { importConversions, removeConversion } = useCampaignActions(workspace.id);
  const [done, setDone] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const items = conversions.data?.items ?? [];
  return (
    <section className="stack" data-testid="campaign-conversions">
      <div className="section-head">
        <h3>
          {t("campaigns.conversions.title")} {conversions.data ? <span className="muted small">{t("campaigns.conversions.total", { count: conversions.data.total })}</span> : null}
        </h3>
        {manage ? (
          <CsvPicker
            label={t("campaigns.conversions.import")}
            testId="conversions-import"
            disabled={importConversions.isPending}
            onText={(text) => {
              setDone(null);
              importConversions.mutate({ id: campaign.id, text }, { onSuccess: (r) => setDone(t("campaigns.conversions.imported", { imported: r.imported, duplicates: r.duplicates })) });
            }}
          />
        ) : null}
      </div>
      {manage ? <p className="muted small">{t("campaigns.conversions.csvHint")}</p> : null}
      <ImportProblems error={importConversions.error} testId="conversions-import-problems" />
      {done ? (
        <p className="notice" role="status" data-testid="conversions-imported">
          {done}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="muted">{t("campaigns.conversions.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="conversions-table">
            <thead>
              <tr>
                <th>{t("campaigns.conversions.id")}</th>
                <th>{t("campaigns.conversions.when")}</th>
                <th className="num">{t("campaigns.conversions.value")}</th>
                <th>{t("campaigns.conversions.utm")}</th>
                <th>{t("campaigns.conversions.via")}</th>
                {manage ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {(all ? items : items.slice(0, shown)).map((c) => (
                <tr key={c.id}>
                  <td>{c.externalId}</td>
                  <td>{formatDateTime(c.occurredAt)}</td>
                  <td className="num">{money(c.value, c.currency ?? campaign.currency, 2)}</td>
                  <td className="muted small">{[c.utm.source, c.utm.medium, c.utm.campaign].filter(Boolean).join(" / ")}</td>
                  <td>{t(`campaigns.conversions.${c.source}`)}</td>
                  {manage ? (
                    <td className="table__actions">
                      <ConfirmButton label={t("common.remove")} question={t("campaigns.conversions.removeQuestion")} onConfirm={() => removeConversion.mutate({ id: campaign.id, conversionId: c.id })} />
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
