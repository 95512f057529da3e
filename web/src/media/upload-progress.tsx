/** The file on its way up and how much of it has gone. */
import { useTranslation } from "react-i18next";
import type { UploadState } from "./upload.js";

export function UploadProgress({ state }: { state: UploadState }) {
  const { t } = useTranslation();
  if (!state) return null;
  const pct = Math.round(state.progress * 100);
  return (
    <div className="upload-progress" data-testid="upload-progress">
      <span className="small">{t("media.uploadingFile", { name: state.fileName, pct })}</span>
      <progress max={100} value={pct} aria-label={state.fileName} />
    </div>
  );
}
