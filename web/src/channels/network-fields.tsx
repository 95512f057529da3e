/** The connect form of a network, built from the `fields` the server describes. */
import { useTranslation } from "react-i18next";
import { fieldError } from "../common/errors.js";
import { Field } from "../common/field.js";
import type { Network, NetworkField } from "../types.js";

export type FieldValues = Record<string, string>;

export function initialValues(network: Network): FieldValues {
  return Object.fromEntries(
    network.fields.map((f) => [f.name, f.default === undefined || f.default === null ? "" : String(f.default)]),
  );
}

/** Form strings to the JSON the API expects: numbers as numbers, empty optional fields left out. */
export function toPayload(network: Network, values: FieldValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of network.fields) {
    const raw = (values[f.name] ?? "").trim();
    if (raw === "") {
      if (f.required) out[f.name] = raw; // let the server say it is required, beside the field
      continue;
    }
    out[f.name] = f.type === "number" ? Number(raw) : raw;
  }
  return out;
}

type Props = { network: Network; values: FieldValues; onChange: (v: FieldValues) => void; error: unknown };

export function NetworkFields({ network, values, onChange, error }: Props) {
  const { t } = useTranslation();
  const label = (f: NetworkField) => t(`fields.${network.network}.${f.name}`, { defaultValue: f.name });
  const set = (name: string, value: string) => onChange({ ...values, [name]: value });
  return (
    <>
      {network.fields.map((f) => (
        <Field
          key={f.name}
          label={f.required ? label(f) : `${label(f)} (${t("common.optional")})`}
          error={fieldError(error, `fields.${f.name}`)}
          testId={`field-${f.name}`}
        >
          {(id, describedBy) =>
            f.type === "select" ? (
              <select
                id={id}
                className="select"
                aria-describedby={describedBy}
                value={values[f.name] ?? ""}
                onChange={(e) => set(f.name, e.target.value)}
                data-testid={`field-${f.name}`}
              >
                {f.required ? null : <option value="" />}
                {(f.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {t(`fields.options.${o}`, { defaultValue: o })}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                className="input"
                aria-describedby={describedBy}
                type={f.type === "number" ? "number" : "text"}
                step={f.type === "number" ? "any" : undefined}
                required={f.required}
                value={values[f.name] ?? ""}
                onChange={(e) => set(f.name, e.target.value)}
                data-testid={`field-${f.name}`}
              />
            )
          }
        </Field>
      ))}
    </>
  );
}
