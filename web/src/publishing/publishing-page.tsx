/** Publishing: the brand's posts by status (drafts, in review, scheduled, published, failed), newest first. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { api, enc, qs } from "../api.js";
import { formatDateTime } from "../common/format.js";
import { PageHeader } from "../common/page-header.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { formatInZone } from "../common/zone.js";
import { useShell } from "../shell/workspace.js";
import type { Page } from "../types.js";
import { StatusChip } from "./status-chip.js";
import type { Post, PostStatus } from "./types.js";

const tabs: { key: string; status: PostStatus | null }[] = [
  { key: "all", status: null },
  { key: "drafts", status: "draft" },
  { key: "inReview", status: "in_review" },
  { key: "approved", status: "approved" },
  { key: "scheduled", status: "scheduled" },
  { key: "published", status: "published" },
  { key: "failed", status: "failed" },
];

const firstLine = (text: string) => text.split("\n", 1)[0]?.trim() ?? "";

export function PublishingPage() {
  const { t } = useTranslation();
  const { workspace, brand, base, can } = useShell();
  const [params, setParams] = useSearchParams();
  const tab = tabs.find((x) => x.key === params.get("tab")) ?? tabs[0]!;
  const posts = useInfiniteQuery({
    queryKey: ["posts", workspace.id, brand.id, tab.status],
    queryFn: ({ pageParam }) =>
      api.get<Page<Post>>(`/api/workspaces/${enc(workspace.id)}/posts${qs({ brandId: brand.id, status: tab.status, cursor: pageParam, limit: 25 })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = posts.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title={t("publishing.title")}
        subtitle={t("publishing.subtitle")}
        actions={
          can("posts.write") ? (
            <>
              <Link to={`${base}/import`} className="btn btn--secondary" data-testid="import-csv-link">
                {t("import.title")}
              </Link>
              <Link to={`${base}/compose`} className="btn btn--primary" data-testid="new-post">
                {t("publishing.newPost")}
              </Link>
            </>
          ) : null
        }
      />
      <div className="filter-tabs" role="tablist" aria-label={t("publishing.filter")}>
        {tabs.map((x) => (
          <button
            key={x.key}
            type="button"
            role="tab"
            aria-selected={x.key === tab.key}
            className={x.key === tab.key ? "filter-tab is-active" : "filter-tab"}
            onClick={() => setParams(x.status ? { tab: x.key } : {})}
            data-testid={`posts-tab-${x.key}`}
          >
            {t(`publishing.tabs.${x.key}`)}
          </button>
        ))}
      </div>
      {posts.isPending ? (
        <Loading />
      ) : posts.isError && items.length === 0 ? (
        <ErrorState error={posts.error} onRetry={() => void posts.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t("publishing.empty")} testId="posts-empty" />
      ) : (
        <section className="card card--flush">
          <table className="table" data-testid="posts-table">
            <thead>
              <tr>
                <th>{t("publishing.post")}</th>
                <th>{t("publishing.channels")}</th>
                <th>{t("publishing.status")}</th>
                <th>{t("publishing.when")}</th>
                <th>{t("publishing.rubric")}</th>
                <th>{t("publishing.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => {
                const times = p.variants.map((v) => v.scheduledAt).filter((x): x is string => Boolean(x)).sort();
                return (
                  <tr key={p.id} data-testid="post-row" data-status={p.status}>
                    <td className="posts__text">
                      <Link to={`${base}/posts/${p.id}`}>{firstLine(p.baseText) || t("publishing.untitled")}</Link>
                    </td>
                    <td className="muted">{p.variants.map((v) => v.channelName || v.handle).join(", ")}</td>
                    <td>
                      <StatusChip status={p.status} kind="post" />
                    </td>
                    <td className="muted nowrap">{times[0] ? formatInZone(times[0], brand.timezone) : "—"}</td>
                    <td className="muted">{p.rubric ?? "—"}</td>
                    <td className="muted nowrap">{formatDateTime(p.updatedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {posts.isFetchNextPageError ? <FormError error={posts.error} /> : null}
          {posts.hasNextPage ? (
            <div className="card__bar">
              <button type="button" className="btn btn--secondary" disabled={posts.isFetchingNextPage} onClick={() => void posts.fetchNextPage()}>
                {posts.isFetchingNextPage ? t("common.loading") : t("common.loadMore")}
              </button>
            </div>
          ) : null}
        </section>
      )}
    </>
  );
}
