/** Home: the current brand at a glance. */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, enc } from "../api.js";
import { formatNumber } from "../common/format.js";
import { PageHeader } from "../common/page-header.js";
import { ErrorState, Loading } from "../common/states.js";
import { HealthCard } from "../health/health-card.js";
import { useShell } from "../shell/workspace.js";
import type { Overview } from "../types.js";

function StatCard({ id, label, value, hint }: { id: string; label: string; value: string; hint?: string }) {
  return (
    <div className="card stat" data-testid={`stat-${id}`}>
      <div className="stat__label">{label}</div>
      <div className="stat__value">{value}</div>
      {hint ? <div className="stat__hint">{hint}</div> : null}
    </div>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const overview = useQuery({
    queryKey: ["overview", workspace.id, brand.id],
    queryFn: () => api.get<Overview>(`/api/workspaces/${enc(workspace.id)}/brands/${enc(brand.id)}/overview`),
  });

  const header = <PageHeader title={t("home.title")} subtitle={t("home.subtitle", { brand: brand.name, timezone: brand.timezone })} />;
  if (overview.isPending) return (<>{header}<Loading /></>);
  if (overview.isError) return (<>{header}<ErrorState error={overview.error} onRetry={() => void overview.refetch()} /></>);

  const o = overview.data;
  const na = t("home.notAvailable");
  return (
    <>
      {header}
      <section className="stats" data-testid="brand-overview">
        <StatCard id="channels" label={t("home.channels")} value={formatNumber(o.channels)} />
        <StatCard id="followers" label={t("home.followers")} value={formatNumber(o.followers)} />
        <StatCard id="posts" label={t("home.postsLast30Days")} value={formatNumber(o.postsLast30Days)} />
        <StatCard id="scheduled" label={t("home.scheduledNext7Days")} value={formatNumber(o.scheduledNext7Days)} />
        <StatCard
          id="er"
          label={t("home.engagementRate")}
          value={o.engagementRate === null ? "—" : formatNumber(o.engagementRate / 100, { style: "percent", maximumFractionDigits: 2 })}
          hint={o.engagementRate === null ? na : t("home.engagementRateHint")}
        />
        <StatCard id="open-comments" label={t("home.openComments")} value={formatNumber(o.openComments)} />
        <StatCard
          id="negative-comments"
          label={t("home.negativeComments")}
          value={o.negativeComments === null ? "—" : formatNumber(o.negativeComments)}
          hint={o.negativeComments === null ? na : undefined}
        />
      </section>
      <HealthCard />
    </>
  );
}
