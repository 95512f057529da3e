/** Hashtag groups: named sets of tags the composer appends at once. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { ApiError } from "../api.js";
import { useShell } from "../shell/workspace.js";
import { useHashtagGroups, useHashtagMutations } from "./queries.js";
import { ScopeBadge, ScopeSelect } from "./scope-select.js";
import type { HashtagGroup } from "./types.js";

type FormState = { id: string | null; name: string; tags: string; scope: "brand" | "workspace" };
const blank: FormState = { id: null, name: "", tags: "", scope: "brand" };

/** "#coffee, #autumn morning" → ["#coffee", "#autumn", "morning"]: spaces and commas separate tags. */
export const splitTags = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The server's messages for the tags field, whichever tag they name (tags.0, tags.3 …). */
function tagsError(err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const msgs = err.errors.filter((e) => e.path === "tags" || e.path.startsWith("tags.")).map((e) => e.message);
  return msgs.length ? [...new Set(msgs)].join(" ") : undefined;
}

export function HashtagsSection() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const canWrite = can("posts.write");
  const groups = useHashtagGroups(workspace.id, brand.id);
  const { create, update, remove } = useHashtagMutations(workspace.id);
  const [form, setForm] = useState<FormState>(blank);
  const saving = form.id ? update : create;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { brandId: form.scope === "brand" ? brand.id : null, name: form.name, tags: splitTags(form.tags) };
    const done = { onSuccess: () => setForm(blank) };
    if (form.id) update.mutate({ id: form.id, body }, done);
    else create.mutate(body, done);
  };
  const edit = (g: HashtagGroup) => {
    create.reset();
    update.reset();
    setForm({ id: g.id, name: g.name, tags: g.tags.join(" "), scope: g.brandId ? "brand" : "workspace" });
  };
  const errorPaths = saving.error instanceof ApiError ? saving.error.errors.map((x) => x.path) : [];

  return (
    <section className="card stack" data-testid="hashtags-section">
      <h2 className="card__title">{t("planning.hashtags")}</h2>
      <p className="muted">{t("planning.hashtagsHint")}</p>
      {groups.isPending ? (
        <Loading />
      ) : groups.isError ? (
        <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.items.length === 0 ? (
        <p className="muted">{t("planning.noHashtags")}</p>
      ) : (
        <ul className="list">
          {groups.data.items.map((g) => (
            <li key={g.id} className="list__row planning-row" data-testid="hashtag-row" data-name={g.name}>
              <div className="planning-row__main">
                <div className="inline-row">
                  <strong>{g.name}</strong>
                  <ScopeBadge brandId={g.brandId} />
                </div>
                <ul className="chips">
                  {g.tags.map((tag) => (
                    <li key={tag} className="chip">
                      {tag}
                    </li>
                  ))}
                </ul>
              </div>
              {canWrite ? (
                <div className="inline-row">
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => edit(g)}>
                    {t("planning.edit")}
                  </button>
                  <ConfirmButton label={t("common.remove")} question={t("planning.deleteConfirm", { name: g.name })} onConfirm={() => remove.mutate(g.id)} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <FormError error={remove.error} />
      {canWrite ? (
        <form className="stack planning-form" onSubmit={submit} data-testid="hashtag-form">
          <h3>{form.id ? t("planning.editGroup") : t("planning.newGroup")}</h3>
          <div className="form-grid">
            <Field label={t("planning.name")} error={saving.error instanceof ApiError ? saving.error.fieldError("name") : undefined}>
              {(id, d) => <input id={id} aria-describedby={d} className="input" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="hashtag-name" />}
            </Field>
            <Field label={t("planning.scope")}>
              {(id) => <ScopeSelect id={id} value={form.scope} onChange={(scope) => setForm({ ...form, scope })} brandName={brand.name} />}
            </Field>
          </div>
          <Field label={t("planning.tags")} hint={t("planning.tagsHint")} error={tagsError(saving.error)}>
            {(id, d) => <input id={id} aria-describedby={d} className="input" value={form.tags} onChange={(e) => setForm({ ...form, tags: e.target.value })} data-testid="hashtag-tags" />}
          </Field>
          {hasFieldErrors(saving.error, errorPaths.filter((p) => p === "name" || p.startsWith("tags"))) ? null : <FormError error={saving.error} />}
          <div className="form-actions form-actions--start">
            <button type="submit" className="btn btn--primary" disabled={saving.isPending} data-testid="hashtag-save">
              {form.id ? t("common.save") : t("planning.addGroup")}
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
