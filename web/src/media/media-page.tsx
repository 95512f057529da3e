/** The brand's media library: thumbnails, upload with progress, default alt text, delete (refused while a scheduled post uses the file). */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { formatDateTime, formatNumber } from "../common/format.js";
import { PageHeader } from "../common/page-header.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { useMediaLibrary, useMediaMutations } from "../publishing/queries.js";
import type { MediaAsset } from "../publishing/types.js";
import { useShell } from "../shell/workspace.js";
import { MediaThumb } from "./media-thumb.js";
import { useMediaUpload } from "./upload.js";
import { UploadProgress } from "./upload-progress.js";

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${formatNumber(n / 1024, { maximumFractionDigits: 0 })} KB`;
  return `${formatNumber(n / 1024 / 1024, { maximumFractionDigits: 1 })} MB`;
}

function MediaCard({ asset, canWrite }: { asset: MediaAsset; canWrite: boolean }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { alt, remove } = useMediaMutations(workspace.id, brand.id);
  const [text, setText] = useState(asset.alt ?? "");
  const dirty = text !== (asset.alt ?? "");
  return (
    <li className="card media-card" data-testid="media-card" data-media={asset.id} data-name={asset.fileName}>
      <div className="media-card__thumb">
        <MediaThumb workspaceId={workspace.id} asset={asset} alt={asset.alt ?? asset.fileName} />
      </div>
      <div className="media-card__name" title={asset.fileName}>
        {asset.fileName}
      </div>
      <div className="muted small">
        {[asset.width && asset.height ? `${asset.width}×${asset.height}` : null, formatBytes(asset.bytes), formatDateTime(asset.createdAt)].filter(Boolean).join(" · ")}
      </div>
      {canWrite ? (
        <form
          className="media-card__alt"
          onSubmit={(e) => {
            e.preventDefault();
            alt.mutate({ id: asset.id, alt: text.trim() || null });
          }}
        >
          <input className="input" aria-label={t("composer.alt")} placeholder={t("composer.alt")} value={text} onChange={(e) => setText(e.target.value)} data-testid="media-alt" />
          <button type="submit" className="btn btn--secondary btn--small" disabled={!dirty || alt.isPending} data-testid="media-alt-save">
            {t("common.save")}
          </button>
        </form>
      ) : asset.alt ? (
        <p className="small">{asset.alt}</p>
      ) : null}
      <FormError error={alt.error} />
      <FormError error={remove.error} testId="media-delete-error" />
      {canWrite ? (
        <div>
          <ConfirmButton label={t("common.remove")} question={t("media.deleteConfirm", { name: asset.fileName })} onConfirm={() => remove.mutate(asset.id)} busy={remove.isPending} testId="media-delete" />
        </div>
      ) : null}
    </li>
  );
}

export function MediaPage() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const canWrite = can("posts.write");
  const files = useMediaLibrary(workspace.id, brand.id);
  const { upload, current, error } = useMediaUpload(workspace.id, brand.id);
  return (
    <>
      <PageHeader
        title={t("media.title")}
        subtitle={t("media.subtitle", { brand: brand.name })}
        actions={
          canWrite ? (
            <label className="btn btn--primary">
              {current ? t("composer.uploading") : t("composer.upload")}
              <input
                type="file"
                accept="image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime"
                className="visually-hidden"
                disabled={current !== null}
                data-testid="media-page-upload"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = "";
                  if (file) void upload(file);
                }}
              />
            </label>
          ) : null
        }
      />
      <p className="muted">{t("media.accepted")}</p>
      <UploadProgress state={current} />
      <FormError error={error} testId="media-upload-error" />
      {files.isPending ? (
        <Loading />
      ) : files.isError ? (
        <ErrorState error={files.error} onRetry={() => void files.refetch()} />
      ) : files.data.items.length === 0 ? (
        <EmptyState title={t("composer.noMediaYet")} testId="media-empty" />
      ) : (
        <ul className="media-cards" data-testid="media-cards">
          {files.data.items.map((m) => (
            <MediaCard key={m.id} asset={m} canWrite={canWrite} />
          ))}
        </ul>
      )}
    </>
  );
}
