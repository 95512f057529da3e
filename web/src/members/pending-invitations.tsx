/** Invitations not yet accepted, with the brands each gives, and revoke. */
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { formatDate } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { BrandChips } from "./brand-picker.js";
import { useInvitations, useRevokeInvitation } from "./queries.js";
import { scopeCovers } from "./scope.js";

export function PendingInvitations() {
  const { t } = useTranslation();
  const { workspace, brands } = useShell();
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
              <div className="stack stack--sm">
                <div>
                  {inv.email} <span className="badge badge--neutral">{t(`roles.${inv.role}`)}</span>
                </div>
                <BrandChips scope={inv.brandIds} brands={brands} testId="invitation-brands" />
                <div className="muted small">
                  {inv.inviterName ? `${t("members.invitedBy", { name: inv.inviterName })} · ` : null}
                  {t("members.expires", { date: formatDate(inv.expiresAt) })}
                </div>
              </div>
              {/* Only someone who sees every brand it gives may revoke it. */}
              {scopeCovers(workspace.brandIds, inv.brandIds) ? (
                <ConfirmButton
                  label={t("common.revoke")}
                  question={t("common.confirm")}
                  onConfirm={() => revoke.mutate(inv.id)}
                  busy={revoke.isPending}
                  testId="invitation-revoke"
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
