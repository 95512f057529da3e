/** A CSV file's problems by line, as the server listed them; text only, never HTML. */
import { useTranslation } from "react-i18next";
import { FormError } from "../common/states.js";
import { FileRefused } from "./queries.js";

export function ImportProblems({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!(error instanceof FileRefused)) return <FormError error={error} testId={testId} />;
  return (
    <div className="form-error" role="alert" data-testid={testId}>
      <p>{t("campaigns.problems.title")}</p>
      <ul className="campaign-problems">
        {error.problems.map((p) => (
          <li key={`${p.line}:${p.column ?? ""}:${p.message}`}>
            <b>{t("campaigns.problems.line", { line: p.line })}</b>
            {p.column ? ` · ${p.column}` : ""}: {p.message}
          </li>
        ))}
      </ul>
      {error.problemCount > error.problems.length ? <p>{t("campaigns.problems.more", { count: error.problemCount - error.problems.length })}</p> : null}
    </div>
  );
}

/** A file input that hands its text to `onText` and clears itself, so the same file can be picked again after fixing it. */
export function CsvPicker({ label, onText, disabled, testId }: { label: string; onText: (text: string) => void; disabled?: boolean; testId: string }) {
  return (
    <label className={disabled ? "btn btn--secondary is-disabled" : "btn btn--secondary"}>
      {label}
      <input
        type="file"
        accept=".csv,text/csv,text/plain"
        hidden
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) void file.text().then(onText);
        }}
      />
    </label>
  );
}
