/** Sign-in page: email and password; shows the server's reason when it refuses. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { Field } from "../common/field.js";
import { FormError } from "../common/states.js";
import { PublicCard } from "./public-card.js";
import { useLogin, useMe } from "./session.js";

/** Only same-site paths are followed after sign-in, never another origin. */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const next = safeNext(params.get("next"));

  if (me.data) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password }, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <PublicCard>
      <h1>{t("auth.title")}</h1>
      <p className="muted">{t("app.tagline")}</p>
      <form onSubmit={submit} className="stack" data-testid="login-form">
        <Field label={t("auth.email")}>
          {(id) => (
            <input
              id={id}
              className="input"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              data-testid="login-email"
            />
          )}
        </Field>
        <Field label={t("auth.password")}>
          {(id) => (
            <input
              id={id}
              className="input"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
          )}
        </Field>
        <FormError error={login.error} testId="login-error" />
        <button type="submit" className="btn btn--primary btn--block" disabled={login.isPending} data-testid="login-submit">
          {login.isPending ? t("auth.submitting") : t("auth.submit")}
        </button>
      </form>
    </PublicCard>
  );
}
