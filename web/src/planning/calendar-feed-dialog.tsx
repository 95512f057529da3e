/** "Subscribe (iCal)": creates a secret calendar address for this brand or the whole workspace and shows it once. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CopyButton } from "../common/buttons.js";
import { Field } from "../common/field.js";
import { Modal } from "../common/modal.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useCalendarFeedMutations } from "./queries.js";

export function CalendarFeedDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { create } = useCalendarFeedMutations(workspace.id);
  const [scope, setScope] = useState<"brand" | "workspace">("brand");
  return (
    <Modal title={t("feeds.dialogTitle")} onClose={onClose} testId="feed-dialog">
      {create.data ? (
        <div className="stack" data-testid="feed-created">
          <p className="notice notice--success">{t("feeds.createdOnce")}</p>
          <div className="copy-row">
            <input className="input input--mono" readOnly value={create.data.url} onFocus={(e) => e.target.select()} data-testid="feed-url" aria-label={t("feeds.url")} />
            <CopyButton text={create.data.url} testId="feed-copy" />
          </div>
          <p className="muted small">{t("feeds.howTo")}</p>
          <div className="form-actions">
            <button type="button" className="btn btn--primary" onClick={onClose}>
              {t("common.close")}
            </button>
          </div>
        </div>
      ) : (
        <div className="stack">
          <p className="muted">{t("feeds.explain")}</p>
          <Field label={t("feeds.scope")}>
            {(id) => (
              <select id={id} className="select" value={scope} onChange={(e) => setScope(e.target.value as "brand" | "workspace")} data-testid="feed-scope">
                <option value="brand">{brand.name}</option>
                <option value="workspace">{t("feeds.allBrands", { workspace: workspace.name })}</option>
              </select>
            )}
          </Field>
          <FormError error={create.error} />
          <div className="form-actions">
            <button type="button" className="btn btn--ghost" onClick={onClose}>
              {t("common.cancel")}
            </button>
            <button type="button" className="btn btn--primary" disabled={create.isPending} onClick={() => create.mutate(scope === "brand" ? brand.id : null)} data-testid="feed-create">
              {t("feeds.create")}
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
