/** A brand's template variables: the built-in {brand}, {date} and {link}, and custom {key} → value pairs saved together. */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api.js";
import { fieldError } from "../common/errors.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useSaveVariables, useVariables } from "./queries.js";
import type { Variable } from "./types.js";

type Row = Variable & { rowKey: number };
let seq = 0;
const toRows = (items: Variable[]): Row[] => items.map((v) => ({ ...v, rowKey: ++seq }));

export function VariablesSection() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const canWrite = can("posts.write");
  const variables = useVariables(workspace.id, brand.id);
  const save = useSaveVariables(workspace.id, brand.id);
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    if (variables.data && rows === null) setRows(toRows(variables.data.items));
  }, [variables.data, rows]);

  const set = (i: number, patch: Partial<Variable>) => setRows((r) => (r ?? []).map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const submit = () => {
    const items = (rows ?? []).map(({ key, value }) => ({ key: key.trim(), value })).filter((v) => v.key || v.value);
    save.mutate(items, { onSuccess: (data) => setRows(toRows(data.items)) });
  };
  const dirty = rows !== null && JSON.stringify(rows.map(({ key, value }) => ({ key, value }))) !== JSON.stringify(variables.data?.items ?? []);

  return (
    <section className="card stack" data-testid="variables-section">
      <h2 className="card__title">{t("planning.variables")}</h2>
      <p className="muted">{t("planning.variablesHint", { brand: brand.name })}</p>
      <table className="table table--compact">
        <thead>
          <tr>
            <th>{t("planning.variable")}</th>
            <th>{t("planning.value")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              <code>{"{brand}"}</code>
            </td>
            <td className="muted">{t("planning.builtInBrand", { brand: brand.name })}</td>
          </tr>
          <tr>
            <td>
              <code>{"{date}"}</code>
            </td>
            <td className="muted">{t("planning.builtInDate")}</td>
          </tr>
          <tr>
            <td>
              <code>{"{link}"}</code>
            </td>
            <td className="muted">{t("planning.builtInLink")}</td>
          </tr>
        </tbody>
      </table>
      {variables.isPending || rows === null ? (
        variables.isError ? (
          <ErrorState error={variables.error} onRetry={() => void variables.refetch()} />
        ) : (
          <Loading />
        )
      ) : (
        <div className="stack stack--sm">
          {rows.length === 0 ? <p className="muted">{t("planning.noVariables")}</p> : null}
          {rows.map((r, i) => {
            const keyError = fieldError(save.error, `items.${i}.key`);
            const valueError = fieldError(save.error, `items.${i}.value`);
            return (
              <div key={r.rowKey} className="variable-row" data-testid="variable-row">
                <span className="variable-row__brace" aria-hidden="true">
                  {"{"}
                </span>
                <input
                  className={keyError ? "input input--narrow input--invalid" : "input input--narrow"}
                  aria-label={t("planning.variable")}
                  value={r.key}
                  readOnly={!canWrite}
                  onChange={(e) => set(i, { key: e.target.value })}
                  placeholder="promo"
                  data-testid="variable-key"
                />
                <span className="variable-row__brace" aria-hidden="true">
                  {"}"}
                </span>
                <input className="input" aria-label={t("planning.value")} value={r.value} readOnly={!canWrite} onChange={(e) => set(i, { value: e.target.value })} data-testid="variable-value" />
                {canWrite ? (
                  <button type="button" className="btn btn--ghost btn--icon" aria-label={t("common.remove")} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                    ×
                  </button>
                ) : null}
                {keyError || valueError ? <p className="field__error variable-row__error">{keyError ?? valueError}</p> : null}
              </div>
            );
          })}
          {canWrite ? (
            <div className="form-actions form-actions--start">
              <button type="button" className="btn btn--secondary" onClick={() => setRows([...rows, { key: "", value: "", rowKey: ++seq }])} data-testid="variable-add">
                {t("planning.addVariable")}
              </button>
              <button type="button" className="btn btn--primary" disabled={!dirty || save.isPending} onClick={submit} data-testid="variables-save">
                {t("common.save")}
              </button>
              {save.isSuccess && !dirty ? <span className="muted small">{t("common.saved")}</span> : null}
            </div>
          ) : null}
          {save.error instanceof ApiError && save.error.errors.length ? null : <FormError error={save.error} />}
        </div>
      )}
    </section>
  );
}
