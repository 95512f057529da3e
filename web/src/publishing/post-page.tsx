/** /compose (a new post, optionally on a date picked in the calendar) and /posts/:postId (edit or read). */
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { useChannels } from "../channels/queries.js";
import { PageHeader } from "../common/page-header.js";
import { ErrorState, Loading } from "../common/states.js";
import { toZoneInput, zoneLabel } from "../common/zone.js";
import { useShell } from "../shell/workspace.js";
import { Composer } from "./composer/composer.js";
import { usePost } from "./queries.js";
import { StatusChip } from "./status-chip.js";

/** `?date=2026-05-01` (a day: 10:00 that day) or `?date=<ISO instant>` (a slot in the week view). */
function initialTimeOf(date: string | null, zone: string): string {
  if (!date) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return `${date}T10:00`;
  return toZoneInput(date, zone);
}

export function ComposePage() {
  const { t } = useTranslation();
  const { workspace, brand, base } = useShell();
  const [params] = useSearchParams();
  const channels = useChannels(workspace.id, brand.id);
  const live = (channels.data?.items ?? []).filter((c) => c.status !== "disconnected");
  return (
    <>
      <PageHeader
        title={t("composer.newTitle")}
        subtitle={`${brand.name} · ${zoneLabel(brand.timezone)}`}
        actions={
          <Link to={`${base}/publishing`} className="btn btn--ghost">
            {t("composer.back")}
          </Link>
        }
      />
      {channels.isPending ? (
        <Loading />
      ) : channels.isError ? (
        <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
      ) : (
        <Composer channels={live} initialTime={initialTimeOf(params.get("date"), brand.timezone)} />
      )}
    </>
  );
}

export function PostPage() {
  const { t } = useTranslation();
  const { postId = "" } = useParams();
  const { workspace, brand, base } = useShell();
  const post = usePost(workspace.id, postId);
  const channels = useChannels(workspace.id, brand.id);
  const live = (channels.data?.items ?? []).filter((c) => c.status !== "disconnected");
  return (
    <>
      <PageHeader
        title={t("composer.postTitle")}
        subtitle={
          <span className="inline-row">
            {post.data ? <StatusChip status={post.data.status} kind="post" testId="post-status" /> : null}
            <span>
              {brand.name} · {zoneLabel(brand.timezone)}
            </span>
          </span>
        }
        actions={
          <Link to={`${base}/publishing`} className="btn btn--ghost">
            {t("composer.back")}
          </Link>
        }
      />
      {post.isPending || channels.isPending ? (
        <Loading />
      ) : post.isError ? (
        <ErrorState error={post.error} onRetry={() => void post.refetch()} />
      ) : post.data.brandId !== brand.id ? (
        <p className="notice notice--warning">
          {t("composer.otherBrand")}{" "}
          <Link to={`/w/${workspace.id}/b/${post.data.brandId}/posts/${post.data.id}`}>{t("composer.openInBrand")}</Link>
        </p>
      ) : (
        // A new server state (saved, approved, published …) starts the form afresh from it.
        <Composer key={`${post.data.id}:${post.data.updatedAt}:${post.data.status}`} post={post.data} channels={live} />
      )}
    </>
  );
}
