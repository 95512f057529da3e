/** The workspace's audit log, newest first, paged with "Load more". */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, enc, qs } from "../api.js";
import { formatDateTime } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import type { AuditEvent, Page } from "../types.js";

export function AuditSection() {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const audit = useInfiniteQuery({
    queryKey: ["audit", workspace.id],
    queryFn: ({ pageParam }) =>
      api.get<Page<AuditEvent>>(`/api/workspaces/${enc(workspace.id)}/audit${qs({ cursor: pageParam, limit: 25 })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const events = audit.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="card">
      <h2 className="card__title">{t("settings.audit")}</h2>
      {audit.isPending ? (
        <Loading />
      ) : audit.isError && events.length === 0 ? (
        <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
      ) : events.length === 0 ? (
        <p className="muted">{t("settings.auditEmpty")}</p>
      ) : (
        <>
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>{t("settings.when")}</th>
                <th>{t("settings.who")}</th>
                <th>{t("settings.action")}</th>
                <th>{t("settings.target")}</th>
                <th>{t("settings.ip")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((ev) => (
                <tr key={ev.id} data-testid="audit-row">
                  <td className="muted nowrap">{formatDateTime(ev.createdAt)}</td>
                  <td>{ev.actorName ?? t("settings.system")}</td>
                  <td>
                    <code>{ev.action}</code>
                  </td>
                  <td className="muted">{ev.targetType ? `${ev.targetType} ${ev.targetId ?? ""}` : "—"}</td>
                  <td className="muted">{ev.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {audit.isFetchNextPageError ? <FormError error={audit.error} /> : null}
          {audit.hasNextPage ? (
            <button
              type="button"
              className="btn btn--secondary"
              disabled={audit.isFetchingNextPage}
              onClick={() => void audit.fetchNextPage()}
              data-testid="audit-load-more"
            >
              {audit.isFetchingNextPage ? t("common.loading") : t("common.loadMore")}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
