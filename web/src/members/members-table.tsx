/** The member list: role changes and removal where the actor's role allows them. */
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { formatDate } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useChangeRole, useMembers, useRemoveMember } from "./queries.js";
import { RoleSelect } from "./role-select.js";

export function MembersTable() {
  const { t } = useTranslation();
  const { workspace, me, can } = useShell();
  const members = useMembers(workspace.id);
  const changeRole = useChangeRole(workspace.id);
  const remove = useRemoveMember(workspace.id);
  if (members.isPending) return <Loading />;
  if (members.isError) return <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  // A manager cannot touch owners; nobody edits themselves here.
  const editable = (role: string, userId: string) =>
    userId !== me.user.id && (workspace.role === "owner" || role !== "owner");

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
                {can("members.role") && editable(m.role, m.userId) ? (
                  <RoleSelect
                    value={m.role}
                    actorRole={workspace.role}
                    label={`${t("members.role")}: ${m.name || m.email}`}
                    disabled={changeRole.isPending}
                    onChange={(role) => changeRole.mutate({ userId: m.userId, role })}
                    testId="member-role"
                  />
                ) : (
                  <span className="badge badge--neutral" data-testid="member-role-text">
                    {t(`roles.${m.role}`)}
                  </span>
                )}
              </td>
              <td className="muted">{formatDate(m.createdAt)}</td>
              <td className="table__actions">
                {can("members.remove") && editable(m.role, m.userId) ? (
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
    </div>
  );
}
