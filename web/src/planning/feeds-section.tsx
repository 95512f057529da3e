/** Settings → Calendar subscriptions: the workspace's iCal feeds, with revoke (the URL itself was shown only once). */
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { formatDateTime } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useCalendarFeedMutations, useCalendarFeeds } from "./queries.js";

export function FeedsSection() {
  const { t } = useTranslation();
  const { workspace, brands, me } = useShell();
  const feeds = useCalendarFeeds(workspace.id);
  const { revoke } = useCalendarFeedMutations(workspace.id);
  const brandName = (id: string | null) => (id ? (brands.find((b) => b.id === id)?.name ?? id) : t("feeds.wholeWorkspace"));
  return (
    <section className="card" data-testid="feeds-section">
      <h2 className="card__title">{t("feeds.title")}</h2>
      <p className="muted">{t("feeds.settingsHint")}</p>
      <FormError error={revoke.error} />
      {feeds.isPending ? (
        <Loading />
      ) : feeds.isError ? (
        <ErrorState error={feeds.error} onRetry={() => void feeds.refetch()} />
      ) : feeds.data.items.length === 0 ? (
        <p className="muted">{t("feeds.none")}</p>
      ) : (
        <table className="table" data-testid="feeds-table">
          <thead>
            <tr>
              <th>{t("feeds.scope")}</th>
              <th>{t("settings.created")}</th>
              <th>{t("feeds.createdBy")}</th>
              <th>{t("publishing.status")}</th>
              <th aria-label={t("common.revoke")} />
            </tr>
          </thead>
          <tbody>
            {feeds.data.items.map((f) => (
              <tr key={f.id} data-testid="feed-row" data-revoked={f.revokedAt ? "true" : "false"}>
                <td>{brandName(f.brandId)}</td>
                <td className="muted">{formatDateTime(f.createdAt)}</td>
                <td className="muted">{f.createdBy === me.user.id ? t("members.you") : t("feeds.someoneElse")}</td>
                <td>{f.revokedAt ? <span className="muted">{t("feeds.revokedAt", { date: formatDateTime(f.revokedAt) })}</span> : t("feeds.active")}</td>
                <td className="table__actions">
                  {f.revokedAt ? null : (
                    <ConfirmButton label={t("common.revoke")} question={t("feeds.revokeConfirm")} onConfirm={() => revoke.mutate(f.id)} busy={revoke.isPending} testId="feed-revoke" />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
