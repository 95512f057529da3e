/** Invitations not yet accepted, with revoke. */
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { formatDate } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useInvitations, useRevokeInvitation } from "./queries.js";

export function PendingInvitations() {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const invitations = useInvitations(workspace.id, true);
  const revoke = useRevokeInvitation(workspace.id);
  return (
    <section className="card">
      <h2 className="card__title">{t("members.pending")}</h2>
      <FormError error={revoke.error} />
      {invitations.isPending ? (
        <Loading />
      ) : invitations.isError ? (
        <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
      ) : invitations.data.items.length === 0 ? (
        <p className="muted">{t("members.noPending")}</p>
      ) : (
        <ul className="list" data-testid="pending-invitations">
          {invitations.data.items.map((inv) => (
            <li key={inv.id} className="list__row" data-testid="invitation-row" data-email={inv.email}>
              <div>
                <div>
                  {inv.email} <span className="badge badge--neutral">{t(`roles.${inv.role}`)}</span>
                </div>
                <div className="muted small">
                  {t("members.invitedBy", { name: inv.inviterName })} · {t("members.expires", { date: formatDate(inv.expiresAt) })}
                </div>
              </div>
              <ConfirmButton
                label={t("common.revoke")}
                question={t("common.confirm")}
                onConfirm={() => revoke.mutate(inv.id)}
                busy={revoke.isPending}
                testId="invitation-revoke"
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
