/** API tokens: create (the secret is shown once), list, revoke. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, enc } from "../api.js";
import { ConfirmButton, CopyButton } from "../common/buttons.js";
import { fieldError, hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { formatDate } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import type { ApiToken, Page } from "../types.js";

export function TokensSection() {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const qc = useQueryClient();
  const key = ["tokens", workspace.id];
  const base = `/api/workspaces/${enc(workspace.id)}/tokens`;
  const tokens = useQuery({ queryKey: key, queryFn: () => api.get<Page<ApiToken>>(`${base}?limit=100`) });
  const create = useMutation({
    mutationFn: (body: { name: string; expiresInDays?: number }) =>
      api.post<{ token: string; apiToken: ApiToken }>(base, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.del(`${base}/${enc(id)}`),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  const [name, setName] = useState("");
  const [days, setDays] = useState("");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = days.trim() ? { name, expiresInDays: Number(days) } : { name };
    create.mutate(body, {
      onSuccess: () => {
        setName("");
        setDays("");
      },
    });
  };

  return (
    <section className="card">
      <h2 className="card__title">{t("settings.tokens")}</h2>
      <p className="muted">{t("settings.tokensHint")}</p>
      <form className="inline-form" onSubmit={submit} data-testid="token-form">
        <Field label={t("settings.tokenName")} error={fieldError(create.error, "name")}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              className="input"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="token-name"
            />
          )}
        </Field>
        <Field
          label={`${t("settings.expiresInDays")} (${t("common.optional")})`}
          error={fieldError(create.error, "expiresInDays")}
        >
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              className="input input--narrow"
              type="number"
              min={1}
              value={days}
              onChange={(e) => setDays(e.target.value)}
              data-testid="token-days"
            />
          )}
        </Field>
        <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="token-create">
          {create.isPending ? t("settings.creating") : t("settings.createToken")}
        </button>
      </form>
      {hasFieldErrors(create.error, ["name", "expiresInDays"]) ? null : <FormError error={create.error} />}
      {create.data ? (
        <div className="notice notice--success" data-testid="token-created">
          <p>{t("settings.tokenCreated")}</p>
          <div className="copy-row">
            <input className="input input--mono" readOnly value={create.data.token} data-testid="token-value" onFocus={(e) => e.target.select()} />
            <CopyButton text={create.data.token} testId="token-copy" />
          </div>
        </div>
      ) : null}
      <FormError error={revoke.error} />
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.items.length === 0 ? (
        <p className="muted">{t("settings.noTokens")}</p>
      ) : (
        <table className="table" data-testid="tokens-table">
          <thead>
            <tr>
              <th>{t("settings.tokenName")}</th>
              <th>{t("settings.prefix")}</th>
              <th>{t("settings.created")}</th>
              <th>{t("settings.lastUsed")}</th>
              <th>{t("settings.expires")}</th>
              <th aria-label={t("common.revoke")} />
            </tr>
          </thead>
          <tbody>
            {tokens.data.items.map((tok) => (
              <tr key={tok.id} data-testid="token-row">
                <td>{tok.name}</td>
                <td>
                  <code>{tok.prefix}…</code>
                </td>
                <td className="muted">{formatDate(tok.createdAt)}</td>
                <td className="muted">{tok.lastUsedAt ? formatDate(tok.lastUsedAt) : t("common.never")}</td>
                <td className="muted">{tok.expiresAt ? formatDate(tok.expiresAt) : t("common.never")}</td>
                <td className="table__actions">
                  <ConfirmButton
                    label={t("common.revoke")}
                    question={t("settings.revokeConfirm", { name: tok.name })}
                    onConfirm={() => revoke.mutate(tok.id)}
                    busy={revoke.isPending}
                    testId="token-revoke"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
