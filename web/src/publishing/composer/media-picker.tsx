/**
 * Media of a variant: attached files with their alt text, and a picker that uploads a new file (with
 * progress and the server's reason when it refuses one) or takes one from the brand's library.
 * Thumbnails come from the server's media endpoints.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorState, FormError, Loading } from "../../common/states.js";
import { MediaThumb } from "../../media/media-thumb.js";
import { useMediaUpload } from "../../media/upload.js";
import { UploadProgress } from "../../media/upload-progress.js";
import { thumbnailUrl, useMediaLibrary } from "../queries.js";
import type { MediaDraft } from "./draft.js";

type Props = {
  workspaceId: string;
  brandId: string;
  media: MediaDraft[];
  onChange: (media: MediaDraft[]) => void;
  errors: Record<string, string>;
};

function Library({ workspaceId, brandId, onPick, picked }: { workspaceId: string; brandId: string; onPick: (id: string, alt: string) => void; picked: string[] }) {
  const { t } = useTranslation();
  const files = useMediaLibrary(workspaceId, brandId);
  const { upload, current, error } = useMediaUpload(workspaceId, brandId);
  return (
    <div className="media-library" data-testid="media-library">
      <label className="btn btn--secondary media-library__upload">
        {current ? t("composer.uploading") : t("composer.upload")}
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime"
          className="visually-hidden"
          data-testid="media-upload"
          disabled={current !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void upload(file).then((m) => m && onPick(m.id, m.alt ?? ""));
          }}
        />
      </label>
      <UploadProgress state={current} />
      <FormError error={error} testId="media-upload-error" />
      {files.isPending ? (
        <Loading />
      ) : files.isError ? (
        <ErrorState error={files.error} onRetry={() => void files.refetch()} />
      ) : files.data.items.length === 0 ? (
        <p className="muted">{t("composer.noMediaYet")}</p>
      ) : (
        <ul className="media-grid">
          {files.data.items.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className={picked.includes(m.id) ? "media-grid__item is-on" : "media-grid__item"}
                onClick={() => onPick(m.id, m.alt ?? "")}
                disabled={picked.includes(m.id)}
                title={m.fileName}
                data-testid="library-item"
                data-media={m.id}
              >
                <MediaThumb workspaceId={workspaceId} asset={m} alt={m.alt ?? m.fileName} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function MediaPicker({ workspaceId, brandId, media, onChange, errors }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const set = (i: number, alt: string) => onChange(media.map((m, j) => (j === i ? { ...m, alt } : m)));
  return (
    <div className="field">
      <span className="field__label">{t("composer.media")}</span>
      {media.length ? (
        <ul className="media-attached">
          {media.map((m, i) => (
            <li key={m.mediaId} className={errors[`media.${i}`] ? "media-attached__item field--invalid" : "media-attached__item"} data-testid="attached-media" data-media={m.mediaId}>
              <img src={thumbnailUrl(workspaceId, m.mediaId)} alt="" data-testid="attached-thumb" />
              <input
                className="input"
                placeholder={t("composer.alt")}
                aria-label={t("composer.alt")}
                value={m.alt}
                onChange={(e) => set(i, e.target.value)}
                data-testid="attached-alt"
              />
              <button type="button" className="btn btn--ghost btn--icon" aria-label={t("common.remove")} onClick={() => onChange(media.filter((_, j) => j !== i))}>
                ×
              </button>
              {errors[`media.${i}`] ? <p className="field__error">{errors[`media.${i}`]}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {errors.media ? <p className="field__error">{errors.media}</p> : null}
      <div>
        <button type="button" className="btn btn--secondary" onClick={() => setOpen((o) => !o)} data-testid="media-add" aria-expanded={open}>
          {open ? t("composer.mediaDone") : t("composer.mediaAdd")}
        </button>
      </div>
      {open ? (
        <Library
          workspaceId={workspaceId}
          brandId={brandId}
          picked={media.map((m) => m.mediaId)}
          onPick={(id, alt) => onChange([...media, { mediaId: id, alt }])}
        />
      ) : null}
    </div>
  );
}
