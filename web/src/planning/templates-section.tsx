/** Templates: create, edit and delete reusable texts with {placeholders}, for this brand or the whole workspace. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { fieldError, hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useTemplateMutations, useTemplates } from "./queries.js";
import { ScopeBadge, ScopeSelect } from "./scope-select.js";
import type { Template } from "./types.js";

type FormState = { id: string | null; name: string; text: string; scope: "brand" | "workspace" };
const blank: FormState = { id: null, name: "", text: "", scope: "brand" };

export function TemplatesSection() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const canWrite = can("posts.write");
  const templates = useTemplates(workspace.id, brand.id);
  const { create, update, remove } = useTemplateMutations(workspace.id);
  const [form, setForm] = useState<FormState>(blank);
  const saving = form.id ? update : create;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { brandId: form.scope === "brand" ? brand.id : null, name: form.name, text: form.text };
    const done = { onSuccess: () => setForm(blank) };
    if (form.id) update.mutate({ id: form.id, body }, done);
    else create.mutate(body, done);
  };
  const edit = (tpl: Template) => {
    create.reset();
    update.reset();
    setForm({ id: tpl.id, name: tpl.name, text: tpl.text, scope: tpl.brandId ? "brand" : "workspace" });
  };

  return (
    <section className="card stack" data-testid="templates-section">
      <h2 className="card__title">{t("planning.templates")}</h2>
      <p className="muted">{t("planning.templatesHint")}</p>
      {templates.isPending ? (
        <Loading />
      ) : templates.isError ? (
        <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
      ) : templates.data.items.length === 0 ? (
        <p className="muted">{t("planning.noTemplates")}</p>
      ) : (
        <ul className="list">
          {templates.data.items.map((tpl) => (
            <li key={tpl.id} className="list__row planning-row" data-testid="template-row" data-name={tpl.name}>
              <div className="planning-row__main">
                <div className="inline-row">
                  <strong>{tpl.name}</strong>
                  <ScopeBadge brandId={tpl.brandId} />
                </div>
                <p className="planning-row__text">{tpl.text}</p>
              </div>
              {canWrite ? (
                <div className="inline-row">
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => edit(tpl)} data-testid="template-edit">
                    {t("planning.edit")}
                  </button>
                  <ConfirmButton label={t("common.remove")} question={t("planning.deleteConfirm", { name: tpl.name })} onConfirm={() => remove.mutate(tpl.id)} testId="template-delete" />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <FormError error={remove.error} />
      {canWrite ? (
        <form className="stack planning-form" onSubmit={submit} data-testid="template-form">
          <h3>{form.id ? t("planning.editTemplate") : t("planning.newTemplate")}</h3>
          <div className="form-grid">
            <Field label={t("planning.name")} error={fieldError(saving.error, "name")}>
              {(id, d) => <input id={id} aria-describedby={d} className="input" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="template-name" />}
            </Field>
            <Field label={t("planning.scope")} error={fieldError(saving.error, "brandId")}>
              {(id) => <ScopeSelect id={id} value={form.scope} onChange={(scope) => setForm({ ...form, scope })} brandName={brand.name} testId="template-scope" />}
            </Field>
          </div>
          <Field label={t("planning.text")} hint={t("planning.textHint")} error={fieldError(saving.error, "text")}>
            {(id, d) => (
              <textarea id={id} aria-describedby={d} className="textarea" rows={5} value={form.text} onChange={(e) => setForm({ ...form, text: e.target.value })} data-testid="template-text" />
            )}
          </Field>
          {hasFieldErrors(saving.error, ["name", "text", "brandId"]) ? null : <FormError error={saving.error} />}
          <div className="form-actions form-actions--start">
            <button type="submit" className="btn btn--primary" disabled={saving.isPending} data-testid="template-save">
              {form.id ? t("common.save") : t("planning.addTemplate")}
            </button>
            {form.id ? (
              <button type="button" className="btn btn--ghost" onClick={() => setForm(blank)}>
                {t("common.cancel")}
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
