/** The member list: roles and brands, changed and removed where the actor's role and brands allow it. */
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { formatDate } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import type { Member } from "../types.js";
import { BrandChips } from "./brand-picker.js";
import { MemberBrandsDialog } from "./member-brands-dialog.js";
import { useChangeMember, useMembers, useRemoveMember } from "./queries.js";
import { RoleSelect } from "./role-select.js";
import { scopeCovers } from "./scope.js";

export function MembersTable() {
  const { t } = useTranslation();
  const { workspace, brands, me, can } = useShell();
  const members = useMembers(workspace.id);
  const changeRole = useChangeMember(workspace.id);
  const remove = useRemoveMember(workspace.id);
  const [editing, setEditing] = useState<Member | null>(null);
  // Stable, so the dialog does not take the focus back whenever the table re-renders.
  const closeDialog = useCallback(() => setEditing(null), []);
  if (members.isPending) return <Loading />;
  if (members.isError) return <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  // A manager cannot touch owners, nor anyone who sees brands they do not; nobody edits themselves here.
  const editable = (m: Member) =>
    m.userId !== me.user.id && (workspace.role === "owner" || m.role !== "owner") && scopeCovers(workspace.brandIds, m.brandIds);

  return (
    <div className="card card--flush">
      <div className="card__bar">
        <span className="muted" data-testid="members-count">
          {t("members.count", { count: members.data.items.length })}
        </span>
      </div>
      <FormError error={changeRole.error ?? remove.error} testId="members-error" />
      <table className="table" data-testid="members-table">
        <thead>
          <tr>
            <th>{t("members.name")}</th>
            <th>{t("members.email")}</th>
            <th>{t("members.role")}</th>
            <th>{t("members.brands")}</th>
            <th>{t("members.joined")}</th>
            <th aria-label={t("common.remove")} />
          </tr>
        </thead>
        <tbody>
          {members.data.items.map((m) => (
            <tr key={m.userId} data-testid="member-row" data-email={m.email}>
              <td>
                {m.name}
                {m.userId === me.user.id ? <span className="muted"> ({t("members.you")})</span> : null}
              </td>
              <td className="muted">{m.email}</td>
              <td>
                {can("members.role") && editable(m) ? (
                  <RoleSelect
                    value={m.role}
                    actorRole={workspace.role}
                    label={`${t("members.role")}: ${m.name || m.email}`}
                    disabled={changeRole.isPending}
                    onChange={(role) => changeRole.mutate({ userId: m.userId, change: { role } })}
                    testId="member-role"
                  />
                ) : (
                  <span className="badge badge--neutral" data-testid="member-role-text">
                    {t(`roles.${m.role}`)}
                  </span>
                )}
              </td>
              <td>
                <div className="member-brands">
                  <BrandChips scope={m.brandIds} brands={brands} testId="member-brands" />
                  {can("members.role") && editable(m) ? <ChangeBrandsButton member={m} onClick={() => setEditing(m)} /> : null}
                </div>
              </td>
              <td className="muted">{formatDate(m.createdAt)}</td>
              <td className="table__actions">
                {can("members.remove") && editable(m) ? (
                  <ConfirmButton
                    label={t("common.remove")}
                    question={t("members.removeConfirm", { name: m.name || m.email })}
                    onConfirm={() => remove.mutate(m.userId)}
                    busy={remove.isPending}
                    testId="member-remove"
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing ? <MemberBrandsDialog member={editing} onClose={closeDialog} /> : null}
    </div>
  );
}

/** Owners always see every brand, so for them the button stays disabled and says why. */
function ChangeBrandsButton({ member, onClick }: { member: Member; onClick: () => void }) {
  const { t } = useTranslation();
  const owner = member.role === "owner";
  return (
    <span title={owner ? t("members.ownerAllBrands") : undefined}>
      <button
        type="button"
        className="btn btn--ghost btn--small"
        disabled={owner}
        aria-label={t("members.changeBrandsOf", { name: member.name || member.email })}
        aria-description={owner ? t("members.ownerAllBrands") : undefined}
        onClick={onClick}
        data-testid="member-brands-edit"
      >
        {t("members.changeBrands")}
      </button>
    </span>
  );
}
