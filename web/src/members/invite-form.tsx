/** Inviting someone: email and role; the answer's accept link is shown to copy and send. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { CopyButton } from "../common/buttons.js";
import { fieldError, hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import type { Role } from "../types.js";
import { useInvite } from "./queries.js";
import { RoleSelect } from "./role-select.js";

export function InviteForm() {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const invite = useInvite(workspace.id);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ email, role }, { onSuccess: () => setEmail("") });
  };

  return (
    <section className="card">
      <h2 className="card__title">{t("members.inviteTitle")}</h2>
      <form className="inline-form" onSubmit={submit} data-testid="invite-member-form">
        <Field label={t("members.email")} error={fieldError(invite.error, "email")}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              className="input"
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              data-testid="invite-email"
            />
          )}
        </Field>
        <Field label={t("members.role")} error={fieldError(invite.error, "role")}>
          {(id) => (
            <RoleSelect
              id={id}
              value={role}
              onChange={setRole}
              actorRole={workspace.role}
              label={t("members.role")}
              testId="invite-role"
              className="select"
            />
          )}
        </Field>
        <button type="submit" className="btn btn--primary" disabled={invite.isPending} data-testid="invite-submit">
          {invite.isPending ? t("members.inviting") : t("members.invite")}
        </button>
      </form>
      {hasFieldErrors(invite.error, ["email", "role"]) ? null : <FormError error={invite.error} testId="invite-error" />}
      {invite.data ? (
        <div className="notice notice--success" data-testid="invite-result">
          <p>{t("members.inviteCreated", { email: invite.data.invitation.email })}</p>
          <div className="copy-row">
            <input className="input input--mono" readOnly value={invite.data.acceptUrl} data-testid="invite-url" onFocus={(e) => e.target.select()} />
            <CopyButton text={invite.data.acceptUrl} testId="invite-url-copy" />
          </div>
        </div>
      ) : null}
    </section>
  );
}
