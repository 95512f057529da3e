/** Profile: display name and language of the signed-in user. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSelect } from "../auth/language-select.js";
import { useUpdateMe } from "../auth/session.js";
import { fieldError } from "../common/errors.js";
import { Field } from "../common/field.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";

export function ProfileSection() {
  const { t } = useTranslation();
  const { me } = useShell();
  const update = useUpdateMe();
  const [name, setName] = useState(me.user.name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ name });
  };
  return (
    <section className="card">
      <h2 className="card__title">{t("settings.profile")}</h2>
      <form className="stack" onSubmit={submit} data-testid="profile-form">
        <Field label={t("settings.email")}>
          {(id) => <input id={id} className="input" value={me.user.email} readOnly disabled />}
        </Field>
        <Field label={t("settings.name")} error={fieldError(update.error, "name")}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              className="input"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="profile-name"
            />
          )}
        </Field>
        <div className="field">
          <span className="field__label">{t("language.label")}</span>
          <LanguageSelect className="select" />
        </div>
        <FormError error={update.error} />
        <div className="form-actions form-actions--start">
          <button type="submit" className="btn btn--primary" disabled={update.isPending} data-testid="profile-save">
            {t("common.save")}
          </button>
          {update.isSuccess ? <span className="muted">{t("common.saved")}</span> : null}
        </div>
      </form>
    </section>
  );
}
