/**
 * Inviting someone: email, role and the brands they will work with; the answer's accept link is
 * shown to copy and send. Clients are normally limited to one brand, so for them the brands start
 * at the current brand; everyone else starts at every brand the inviter may give.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { CopyButton } from "../common/buttons.js";
import { fieldError, hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import type { BrandScope, Role } from "../types.js";
import { BrandPicker } from "./brand-picker.js";
import { useInvite } from "./queries.js";
import { RoleSelect } from "./role-select.js";

export function InviteForm() {
  const { t } = useTranslation();
  const { workspace, brand, brands } = useShell();
  const invite = useInvite(workspace.id);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  // undefined: not chosen yet, so the role's default applies.
  const [picked, setPicked] = useState<BrandScope | undefined>(undefined);
  const limited = workspace.brandIds !== null;
  const defaultScope: BrandScope = role === "client" ? [brand.id] : limited ? brands.map((b) => b.id) : null;
  const scope = role === "owner" ? null : picked === undefined ? defaultScope : picked;

  const hint =
    role === "owner"
      ? t("members.ownerAllBrands")
      : limited
        ? t("members.limitedHint")
        : role === "client"
          ? t("members.clientHint")
          : t("members.brandsHint");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // An owner always sees every brand: the server refuses brands for one.
    const body = role === "owner" ? { email, role } : { email, role, brandIds: scope };
    invite.mutate(body, {
      onSuccess: () => {
        setEmail("");
        setPicked(undefined);
      },
    });
  };

  return (
    <section className="card">
      <h2 className="card__title">{t("members.inviteTitle")}</h2>
      <form className="stack" onSubmit={submit} data-testid="invite-member-form">
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
              onChange={(r) => {
                // A new role brings its own default brands.
                setRole(r);
                setPicked(undefined);
              }}
              actorRole={workspace.role}
              label={t("members.role")}
              testId="invite-role"
              className="select"
            />
          )}
        </Field>
        <BrandPicker
          label={t("members.brands")}
          value={scope}
          onChange={setPicked}
          brands={brands}
          allowAll={!limited}
          fallback={[brand.id]}
          disabled={role === "owner"}
          hint={hint}
          error={fieldError(invite.error, "brandIds")}
          testId="invite-brands"
        />
        <div className="form-actions form-actions--start">
          <button
            type="submit"
            className="btn btn--primary"
            disabled={invite.isPending || (scope !== null && scope.length === 0)}
            data-testid="invite-submit"
          >
            {invite.isPending ? t("members.inviting") : t("members.invite")}
          </button>
        </div>
      </form>
      {hasFieldErrors(invite.error, ["email", "role", "brandIds"]) ? null : <FormError error={invite.error} testId="invite-error" />}
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
