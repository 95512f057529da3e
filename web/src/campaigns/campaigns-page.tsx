/**
 * Campaigns of the brand: the list with each one's period, status and key results (spend, revenue,
 * ROMI, conversions, clicks), and the selected campaign — its results with their formulas, spend,
 * conversions and the site's webhook. Owners and managers create and change campaigns, spend and
 * the webhook's secret; everyone who may see analytics reads them. The selected campaign is in the
 * address (?id=), so a link to it can be shared.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { ConfirmButton } from "../common/buttons.js";
import { PageHeader } from "../common/page-header.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { CampaignForm } from "./campaign-form.js";
import { ConversionsSection } from "./conversions-section.js";
import { count, money, romi } from "./format.js";
import { useCampaignActions, useCampaigns } from "./queries.js";
import { ResultsPanel } from "./results-panel.js";
import { SpendSection } from "./spend-section.js";
import type { Campaign } from "./types.js";
import { WebhookPanel } from "./webhook-panel.js";
import "./campaigns.css";

export function CampaignsPage() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const campaigns = useCampaigns(workspace.id, brand.id);
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<Campaign | "new" | null>(null);
  const manage = can("brands.manage");
  const items = campaigns.data?.items ?? [];
  const selected = items.find((c) => c.id === params.get("id")) ?? items[0] ?? null;
  const select = (id: string | null) => setParams(id ? { id } : {}, { replace: true });

  const header = (
    <PageHeader
      title={t("campaigns.title")}
      subtitle={t("campaigns.subtitle", { zone: brand.timezone })}
      actions={
        manage ? (
          <button type="button" className="btn btn--primary" onClick={() => setEditing("new")} data-testid="campaign-new">
            {t("campaigns.new")}
          </button>
        ) : null
      }
    />
  );
  const form = editing ? (
    <CampaignForm
      existing={editing === "new" ? null : editing}
      onClose={() => setEditing(null)}
      onSaved={(c) => {
        setEditing(null);
        select(c.id);
      }}
    />
  ) : null;

  if (campaigns.isPending) return <Loading />;
  if (campaigns.isError) return <ErrorState error={campaigns.error} onRetry={() => void campaigns.refetch()} />;
  if (items.length === 0) {
    return (
      <>
        {header}
        <EmptyState title={t("campaigns.emptyTitle")} testId="campaigns-empty">
          <p>{t("campaigns.emptyText")}</p>
        </EmptyState>
        <WebhookPanel slug="…" manage={manage} />
        {form}
      </>
    );
  }
  return (
    <>
      {header}
      <div className="campaigns-layout">
        <ul className="campaigns-list" data-testid="campaigns-list">
          {items.map((c) => (
            <li key={c.id}>
              <button type="button" className={c.id === selected?.id ? "campaigns-item is-active" : "campaigns-item"} onClick={() => select(c.id)} aria-pressed={c.id === selected?.id} data-testid="campaign-item">
                <span className="campaigns-item__top">
                  <b>{c.name}</b>
                  <span className={`campaign-status campaign-status--${c.status}`}>{t(`campaigns.status.${c.status}`)}</span>
                </span>
                <span className="muted small">
                  {t("campaigns.period", { from: c.startDay, to: c.endDay })} · {t(`campaigns.goal.${c.goal}`)}
                </span>
                <span className="campaigns-item__figures small">
                  <span title={t("campaigns.formulas.romi")}>
                    {t("campaigns.results.romi")} <b data-testid="campaign-item-romi">{romi(c.results.rates.romi)}</b>
                  </span>
                  <span>
                    {t("campaigns.results.spend")} <b>{money(c.results.spend, c.currency)}</b>
                  </span>
                  <span>
                    {t("campaigns.results.conversions")} <b>{count(c.results.conversions)}</b>
                  </span>
                  <span title={t("campaigns.formulas.clicks")}>
                    {t("campaigns.results.clicks")} <b>{count(c.results.clicks)}</b>
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {selected ? <CampaignDetail key={selected.id} campaign={selected} manage={manage} onEdit={() => setEditing(selected)} onDeleted={() => select(null)} /> : null}
      </div>
      {form}
    </>
  );
}

function CampaignDetail({ campaign, manage, onEdit, onDeleted }: { campaign: Campaign; manage: boolean; onEdit: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const { remove } = useCampaignActions(workspace.id);
  const spend = campaign.results.spend;
  return (
    <section className="campaign-detail stack stack--lg" data-testid="campaign-detail">
      <div className="campaign-detail__bar">
        <div>
          <h2 data-testid="campaign-title">{campaign.name}</h2>
          <p className="muted small">
            {t("campaigns.period", { from: campaign.startDay, to: campaign.endDay })} · {t(`campaigns.goal.${campaign.goal}`)} · {t(`campaigns.status.${campaign.status}`)} · {t("campaigns.posts", { count: campaign.results.posts })}
          </p>
          <p className="muted small">
            <code>{t("campaigns.utmLine", { slug: campaign.slug })}</code> ·{" "}
            {campaign.budget === null ? t("campaigns.noBudget") : t("campaigns.budgetLine", { budget: money(campaign.budget, campaign.currency), spend: money(spend ?? 0, campaign.currency) })}
          </p>
          {campaign.budget !== null && spend !== null ? (
            <progress className="campaign-budget" max={campaign.budget} value={Math.min(spend, campaign.budget)} aria-label={t("campaigns.form.budget")} />
          ) : null}
          {campaign.notes ? <p className="campaign-notes">{campaign.notes}</p> : null}
        </div>
        {manage ? (
          <div className="campaign-detail__actions">
            <button type="button" className="btn btn--secondary" onClick={onEdit} data-testid="campaign-edit">
              {t("campaigns.edit")}
            </button>
            <ConfirmButton label={t("campaigns.delete")} question={t("campaigns.deleteQuestion")} onConfirm={() => remove.mutate(campaign.id, { onSuccess: onDeleted })} busy={remove.isPending} testId="campaign-delete" />
          </div>
        ) : null}
      </div>
      <FormError error={remove.error} />
      <ResultsPanel campaign={campaign} />
      <SpendSection campaign={campaign} manage={manage} />
      <ConversionsSection campaign={campaign} manage={manage} />
      <WebhookPanel slug={campaign.slug} manage={manage} />
    </section>
  );
}
