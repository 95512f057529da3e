/** /approve/:token — a client decides an approval step without an account: preview, name, comment, decision. */
import { useMutation, useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { api, enc } from "../api.js";
import { PublicCard } from "../auth/public-card.js";
import { fieldError } from "../common/errors.js";
import { Field } from "../common/field.js";
import { formatDateTime } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { PreviewCard } from "./preview-card.js";
import type { GuestApproval } from "./types.js";

export function GuestApprovalPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const info = useQuery({
    queryKey: ["guest-approval", token],
    queryFn: () => api.get<GuestApproval>(`/api/approvals/${enc(token)}`),
    retry: false,
  });
  const [name, setName] = useState("");
  const [comment, setComment] = useState("");
  const decide = useMutation({
    mutationFn: (approve: boolean) =>
      api.post<{ status: string }>(`/api/approvals/${enc(token)}/${approve ? "approve" : "reject"}`, {
        name: name.trim(),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      }),
  });

  let body: ReactNode;
  if (info.isPending) body = <Loading />;
  else if (info.isError)
    body = (
      <>
        <h1>{t("guest.invalid")}</h1>
        <ErrorState error={info.error} />
      </>
    );
  else if (decide.data)
    body = (
      <div className="notice notice--success" data-testid="guest-done">
        <p>{decide.data.status === "approved" ? t("guest.approved") : t("guest.rejected")}</p>
      </div>
    );
  else {
    const a = info.data;
    body = (
      <>
        <h1 data-testid="guest-title">{t("guest.title", { brand: a.brandName })}</h1>
        <p className="muted">
          {t("guest.summary", { workspace: a.workspaceName, step: a.stepName })}
          {a.expiresAt ? ` ${t("guest.expires", { date: formatDateTime(a.expiresAt) })}` : null}
        </p>
        <div className="stack">
          {a.post.variants.map((v) => (
            <div key={v.id} className="stack stack--sm">
              {v.scheduledAt ? <span className="muted small">{t("guest.when", { date: formatDateTime(v.scheduledAt) })}</span> : null}
              <PreviewCard
                network={v.network}
                networkName={v.networkName}
                simulated={v.network === "sandbox"}
                channelName={v.channelName}
                handle={v.handle}
                text={v.text}
                mediaIds={[]}
                hiddenMedia={v.media.length}
                link={v.link}
              />
            </div>
          ))}
        </div>
        <form className="stack" onSubmit={(e) => e.preventDefault()} data-testid="guest-form">
          <Field label={t("guest.name")} error={fieldError(decide.error, "name")}>
            {(id, d) => <input id={id} aria-describedby={d} className="input" required value={name} onChange={(e) => setName(e.target.value)} data-testid="guest-name" />}
          </Field>
          <Field label={t("guest.comment")} hint={t("guest.commentHint")} error={fieldError(decide.error, "comment")}>
            {(id, d) => (
              <textarea id={id} aria-describedby={d} className="textarea textarea--small" value={comment} onChange={(e) => setComment(e.target.value)} data-testid="guest-comment" />
            )}
          </Field>
          <FormError error={decide.error} />
          <div className="form-actions">
            <button type="button" className="btn btn--danger" disabled={decide.isPending || !name.trim()} onClick={() => decide.mutate(false)} data-testid="guest-reject">
              {t("composer.reject")}
            </button>
            <button type="button" className="btn btn--primary" disabled={decide.isPending || !name.trim()} onClick={() => decide.mutate(true)} data-testid="guest-approve">
              {t("composer.approve")}
            </button>
          </div>
        </form>
      </>
    );
  }

  return (
    <PublicCard wide>
      {body}
    </PublicCard>
  );
}
