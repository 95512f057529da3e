/** The first brand of an empty workspace. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, enc } from "../api.js";
import { fieldError } from "../common/errors.js";
import { Field } from "../common/field.js";
import { FormError } from "../common/states.js";
import type { Brand } from "../types.js";

export function CreateBrandForm({ workspaceId }: { workspaceId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [timezone, setTimezone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  const create = useMutation({
    mutationFn: () =>
      api.post<Brand>(`/api/workspaces/${enc(workspaceId)}/brands`, { name, timezone, locale: i18n.language }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["brands", workspaceId] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="stack" onSubmit={submit}>
      <h2>{t("shell.createBrand")}</h2>
      <Field label={t("shell.brandName")} error={fieldError(create.error, "name")}>
        {(id) => <input id={id} className="input" required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t("shell.timezone")} error={fieldError(create.error, "timezone")}>
        {(id) => (
          <input id={id} className="input" required value={timezone} onChange={(e) => setTimezone(e.target.value)} />
        )}
      </Field>
      <FormError error={create.error} />
      <button type="submit" className="btn btn--primary" disabled={create.isPending}>
        {t("shell.create")}
      </button>
    </form>
  );
}
