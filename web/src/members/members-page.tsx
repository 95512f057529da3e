/** Members: who has access, inviting more people, and pending invitations. */
import { useTranslation } from "react-i18next";
import { PageHeader } from "../common/page-header.js";
import { useShell } from "../shell/workspace.js";
import { InviteForm } from "./invite-form.js";
import { MembersTable } from "./members-table.js";
import { PendingInvitations } from "./pending-invitations.js";

export function MembersPage() {
  const { t } = useTranslation();
  const { can, workspace } = useShell();
  return (
    <>
      <PageHeader title={t("members.title")} subtitle={`${workspace.name} · ${t("members.subtitle")}`} />
      <div className="stack stack--lg">
        <MembersTable />
        {can("members.invite") ? (
          <div className="grid-2">
            <InviteForm />
            <PendingInvitations />
          </div>
        ) : null}
      </div>
    </>
  );
}
