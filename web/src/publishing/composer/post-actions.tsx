/**
 * The composer's buttons, by role and status: save, submit for approval, approve or reject with a
 * comment, schedule, cancel the schedule, delete, and a guest approval link. Each button says why
 * it is disabled.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton, CopyButton } from "../../common/buttons.js";
import { fieldError } from "../../common/errors.js";
import { formatDateTime } from "../../common/format.js";
import { FormError } from "../../common/states.js";
import type { Post } from "../types.js";

export type ActionState = {
  post: Post | undefined;
  canWrite: boolean;
  readOnly: boolean;
  busy: boolean;
  error: unknown;
  dirty: boolean;
  contentDirty: boolean;
  needsApproval: boolean;
  /** Why Schedule is disabled (null: it is not). */
  scheduleBlock: string | null;
  hasProblems: boolean;
  /** Why Add to queue is disabled (null: it is not). */
  queueBlock: string | null;
  approvalLink: { url: string; expiresAt: string } | null;
};

export type ActionHandlers = {
  save: () => void;
  submit: () => void;
  schedule: () => void;
  decide: (approve: boolean, comment: string) => void;
  cancel: () => void;
  remove: () => void;
  copyLink: () => void;
  queue: () => void;
};

export function PostActions({ s, on }: { s: ActionState; on: ActionHandlers }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState("");
  const { post } = s;
  const status = post?.status;
  const showSave = s.canWrite && !s.readOnly;
  const showSubmit = s.canWrite && !s.readOnly && s.needsApproval && (!post || status === "draft");
  const showSchedule = s.canWrite && !s.readOnly && status !== "scheduled" && status !== "in_review";
  const backToDraft = post && s.contentDirty && status !== "draft";
  const showQueue = s.canWrite && !s.readOnly && (!post || ["draft", "in_review", "approved", "scheduled"].includes(status ?? ""));
  const showLink = post !== undefined && status === "in_review" && s.canWrite;
  if (!showSave && !showSubmit && !showSchedule && !post?.can.cancel && !post?.can.delete && !post?.can.approve && !showLink && !s.error) return null;

  return (
    <section className="card stack composer__actions" data-testid="post-actions">
      {backToDraft ? <p className="notice notice--warning">{t("composer.backToDraft")}</p> : null}
      <FormError error={s.error} testId="composer-error" />
      <div className="actions-row">
        {showSave ? (
          <button type="button" className="btn btn--secondary" disabled={s.busy || (post !== undefined && !s.dirty)} onClick={on.save} data-testid="save-draft">
            {!post || status === "draft" ? t("composer.saveDraft") : t("composer.saveChanges")}
          </button>
        ) : null}
        {showSubmit ? (
          <button type="button" className="btn btn--secondary" disabled={s.busy || s.hasProblems} onClick={on.submit} data-testid="submit-approval">
            {t("composer.submit")}
          </button>
        ) : null}
        {showSchedule ? (
          <button
            type="button"
            className="btn btn--primary"
            disabled={s.busy || s.scheduleBlock !== null}
            title={s.scheduleBlock ?? undefined}
            onClick={on.schedule}
            data-testid="schedule"
          >
            {t("composer.schedule")}
          </button>
        ) : null}
        {showQueue ? (
          <button
            type="button"
            className="btn btn--secondary"
            disabled={s.busy || s.queueBlock !== null}
            title={s.queueBlock ?? t("composer.queueHint")}
            onClick={on.queue}
            data-testid="add-to-queue"
          >
            {t("composer.addToQueue")}
          </button>
        ) : null}
        {post?.can.cancel ? (
          <button type="button" className="btn btn--secondary" disabled={s.busy} onClick={on.cancel} data-testid="cancel-schedule">
            {t("composer.cancelSchedule")}
          </button>
        ) : null}
        <span className="actions-row__spacer" />
        {post?.can.delete ? (
          <ConfirmButton label={t("composer.delete")} question={t("composer.deleteConfirm")} onConfirm={on.remove} busy={s.busy} testId="delete-post" />
        ) : null}
      </div>
      {showSchedule && s.scheduleBlock ? (
        <p className="field__hint" data-testid="schedule-hint">
          {s.scheduleBlock}
        </p>
      ) : null}

      {post?.can.approve ? (
        <div className="decision" data-testid="decision">
          <label className="field">
            <span className="field__label">{t("composer.decisionComment")}</span>
            <textarea className="textarea textarea--small" value={comment} onChange={(e) => setComment(e.target.value)} data-testid="decision-comment" />
            {fieldError(s.error, "comment") ? <span className="field__error">{fieldError(s.error, "comment")}</span> : null}
          </label>
          {s.dirty ? <p className="field__hint">{t("composer.decideUnsaved")}</p> : null}
          <div className="actions-row">
            <button type="button" className="btn btn--primary" disabled={s.busy || s.dirty} onClick={() => on.decide(true, comment)} data-testid="approve">
              {t("composer.approve")}
            </button>
            <button type="button" className="btn btn--danger" disabled={s.busy || s.dirty} onClick={() => on.decide(false, comment)} data-testid="reject">
              {t("composer.reject")}
            </button>
          </div>
        </div>
      ) : null}

      {showLink ? (
        <div className="stack">
          <div>
            <button type="button" className="btn btn--ghost" disabled={s.busy} onClick={on.copyLink} data-testid="approval-link">
              {t("composer.approvalLink")}
            </button>
          </div>
          {s.approvalLink ? (
            <div className="notice notice--success" data-testid="approval-link-box">
              <p>{t("composer.approvalLinkHint", { date: formatDateTime(s.approvalLink.expiresAt) })}</p>
              <div className="copy-row">
                <input className="input input--mono" readOnly value={s.approvalLink.url} onFocus={(e) => e.target.select()} data-testid="approval-link-url" />
                <CopyButton text={s.approvalLink.url} />
              </div>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
