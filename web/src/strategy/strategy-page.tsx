/**
 * The brand's strategy: KPI cards tracked against the data with their forecast, the contract and
 * its recorded baseline, the content mix published against the plan, and the strategy itself —
 * goal, audience, frequency, tone, budget. Owners and managers edit it, sign the contract and
 * make it from a submitted brief; everyone who may see the brand's analytics reads it.
 */
import { BriefsPanel } from "../briefs/briefs-panel.js";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../common/format.js";
import { PageHeader } from "../common/page-header.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { ContentMixPanel } from "./content-mix-panel.js";
import { ContractPanel } from "./contract-panel.js";
import { KpiCards } from "./kpi-cards.js";
import { useKpis, useStrategy, useStrategyActions } from "./queries.js";
import { StrategyDetails } from "./strategy-details.js";
import { StrategyEditor } from "./strategy-editor.js";
import type { StrategyView } from "./types.js";
import "./strategy.css";

export function StrategyPage() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const strategy = useStrategy(workspace.id, brand.id);
  const kpis = useKpis(workspace.id, brand.id);
  const [editing, setEditing] = useState(false);
  const manage = can("brands.manage");

  if (strategy.isPending) return <Loading />;
  if (strategy.isError) return <ErrorState error={strategy.error} onRetry={() => void strategy.refetch()} />;
  const view = strategy.data;
  const header = (
    <PageHeader
      title={t("strategy.title")}
      subtitle={
        <>
          {t("strategy.subtitle", { zone: brand.timezone })}
          {view.updatedAt ? (
            <>
              <br />
              {t("strategy.updated", { when: formatDateTime(view.updatedAt), who: view.updatedBy?.name ?? "—" })}
            </>
          ) : null}
        </>
      }
      actions={
        manage && view.strategy && !editing ? (
          <button type="button" className="btn btn--primary" onClick={() => setEditing(true)} data-testid="strategy-edit">
            {t("strategy.edit")}
          </button>
        ) : null
      }
    />
  );
  // The briefs sent to the client: a submitted one becomes the strategy's first draft.
  const briefs = (
    <section className="strategy-section">
      <BriefsPanel workspaceId={workspace.id} brandId={brand.id} canManage={manage} />
    </section>
  );
  if (editing) {
    return (
      <>
        {header}
        <StrategyEditor view={view} onClose={() => setEditing(false)} />
      </>
    );
  }
  if (!view.strategy) {
    return (
      <>
        {header}
        <EmptyState title={t("strategy.emptyTitle")} testId="strategy-empty">
          <p>{t("strategy.emptyText")}</p>
          {manage ? (
            <div className="strategy-actions">
              <button type="button" className="btn btn--primary" onClick={() => setEditing(true)} data-testid="strategy-create">
                {t("strategy.create")}
              </button>
              <FromBriefButtons view={view} replace={false} />
            </div>
          ) : null}
        </EmptyState>
        {briefs}
      </>
    );
  }
  return (
    <>
      {header}
      <section className="strategy-section" aria-labelledby="strategy-kpis-title">
        <h2 id="strategy-kpis-title" className="strategy-section__title">
          {t("strategy.sections.kpis")}
        </h2>
        {kpis.isPending ? <Loading /> : kpis.isError ? <ErrorState error={kpis.error} onRetry={() => void kpis.refetch()} /> : <KpiCards kpis={kpis.data.kpis} />}
      </section>
      <div className="strategy-columns">
        <section className="card strategy-block">
          <h2 className="card__title">{t("strategy.sections.contract")}</h2>
          <ContractPanel contract={view.contract} />
        </section>
        <section className="card strategy-block">
          <h2 className="card__title">{t("strategy.sections.mix")}</h2>
          <ContentMixPanel />
        </section>
      </div>
      <StrategyDetails strategy={view.strategy} warnings={view.warnings} />
      {manage && view.briefs.length ? (
        <div className="strategy-actions">
          <FromBriefButtons view={view} replace />
        </div>
      ) : null}
      {briefs}
    </>
  );
}

/** One button per submitted brief; replacing an existing strategy asks first. */
function FromBriefButtons({ view, replace }: { view: StrategyView; replace: boolean }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { fromBrief } = useStrategyActions(workspace.id, brand.id);
  const [asking, setAsking] = useState<string | null>(null);
  return (
    <>
      {view.briefs.map((b) =>
        asking === b.id ? (
          <span key={b.id} className="confirm">
            <span className="confirm__question">{t("strategy.replaceQuestion")}</span>
            <button type="button" className="btn btn--danger" disabled={fromBrief.isPending} onClick={() => fromBrief.mutate({ briefId: b.id, replace: true }, { onSettled: () => setAsking(null) })}>
              {t("strategy.fromBrief", { title: b.title })}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setAsking(null)}>
              {t("common.cancel")}
            </button>
          </span>
        ) : (
          <button
            key={b.id}
            type="button"
            className="btn btn--secondary"
            disabled={fromBrief.isPending}
            data-testid="strategy-from-brief"
            onClick={() => (replace ? setAsking(b.id) : fromBrief.mutate({ briefId: b.id, replace: false }))}
          >
            {t("strategy.fromBrief", { title: b.title })}
          </button>
        ),
      )}
      <FormError error={fromBrief.error} />
    </>
  );
}
