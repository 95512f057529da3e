/** Accepting an invitation: new people create their account here, existing ones just join. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError, api, enc } from "../api.js";
import { fieldError, hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import type { InvitationInfo, User } from "../types.js";
import { PublicCard } from "./public-card.js";
import { meKey } from "./session.js";

export function InvitePage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const info = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => api.get<InvitationInfo>(`/api/invitations/${enc(token)}`),
    retry: false,
  });
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const accept = useMutation({
    mutationFn: (body: { name?: string; password?: string }) =>
      api.post<{ user: User; workspaceId: string }>(`/api/invitations/${enc(token)}/accept`, body),
    onSuccess: async ({ workspaceId }) => {
      qc.removeQueries();
      await qc.invalidateQueries({ queryKey: meKey });
      navigate(`/w/${enc(workspaceId)}`, { replace: true });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    accept.mutate(info.data?.userExists ? {} : { name, password });
  };

  let body: ReactNode;
  if (info.isPending) body = <Loading />;
  else if (info.isError)
    body = (
      <>
        <h1>{t("invite.invalid")}</h1>
        <ErrorState error={info.error} />
        <Link to="/login" className="btn btn--secondary">
          {t("invite.signIn")}
        </Link>
      </>
    );
  else {
    const inv = info.data;
    body = (
      <>
        <h1 data-testid="invite-title">{t("invite.title", { workspace: inv.workspaceName })}</h1>
        <p className="muted">{t("invite.summary", { role: t(`roles.${inv.role}`), email: inv.email })}</p>
        {inv.brands ? <p data-testid="invite-brands">{t("invite.brands", { brands: inv.brands.join(", ") })}</p> : null}
        <form onSubmit={submit} className="stack" data-testid="invite-form">
          <p>{inv.userExists ? t("invite.existingAccount") : t("invite.newAccount")}</p>
          {inv.userExists ? null : (
            <>
              <Field label={t("invite.name")} error={fieldError(accept.error, "name")}>
                {(id, d) => (
                  <input
                    id={id}
                    aria-describedby={d}
                    className="input"
                    required
                    autoComplete="name"
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    data-testid="invite-name"
                  />
                )}
              </Field>
              <Field
                label={t("invite.password")}
                hint={t("invite.passwordHint")}
                error={fieldError(accept.error, "password")}
              >
                {(id, d) => (
                  <input
                    id={id}
                    aria-describedby={d}
                    className="input"
                    type="password"
                    required
                    autoComplete="new-password"
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                    data-testid="invite-password"
                  />
                )}
              </Field>
            </>
          )}
          {hasFieldErrors(accept.error, ["name", "password"]) ? null : (
            <FormError error={accept.error} testId="invite-error" />
          )}
          {accept.error instanceof ApiError && accept.error.status === 401 ? (
            <Link to={`/login?next=${enc(`/invite/${token}`)}`}>{t("invite.signIn")}</Link>
          ) : null}
          <button type="submit" className="btn btn--primary btn--block" disabled={accept.isPending} data-testid="invite-accept">
            {accept.isPending ? t("invite.accepting") : t("invite.accept")}
          </button>
        </form>
      </>
    );
  }

  return (
    <PublicCard>
      {body}
    </PublicCard>
  );
}
