/**
 * "Import mentions": a CSV or JSON file from another monitoring tool, read in the browser and sent
 * as text. The server takes every row or none: a refusal lists each problem by line.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api.js";
import { errorText } from "../common/errors.js";
import { Field } from "../common/field.js";
import { formatNumber } from "../common/format.js";
import { Modal } from "../common/modal.js";
import { useShell } from "../shell/workspace.js";
import { importProblemPlace } from "./problems.js";
import { useSourceActions } from "./queries.js";

/** What the server accepts in one request (characters of the file). */
const maxChars = 20_000_000;

function formatOf(fileName: string): "csv" | "json" | null {
  const ext = fileName.toLowerCase().split(".").pop();
  if (ext === "csv") return "csv";
  if (ext === "json" || ext === "jsonl") return "json";
  return null;
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { importFile } = useSourceActions(workspace.id, brand.id);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    importFile.reset();
    setLocalError(null);
    if (!file) return;
    const format = formatOf(file.name);
    if (!format) {
      setLocalError(t("listening.import.wrongType"));
      return;
    }
    setReading(true);
    let content: string;
    try {
      content = await file.text();
    } catch {
      setLocalError(t("listening.import.unreadable"));
      return;
    } finally {
      setReading(false);
    }
    if (!content.trim()) {
      setLocalError(t("listening.import.emptyFile"));
      return;
    }
    if (content.length > maxChars) {
      setLocalError(t("listening.import.tooLarge"));
      return;
    }
    importFile.mutate({ format, content, ...(name.trim() ? { name: name.trim() } : {}) });
  };

  const result = importFile.data;
  const problems = importFile.error instanceof ApiError ? importFile.error.errors : [];

  return (
    <Modal title={t("listening.import.title")} onClose={onClose} testId="import-dialog">
      {result ? (
        <div className="stack">
          <div className="notice notice--success" role="status" data-testid="import-result">
            <p>{t("listening.import.done", { count: result.rows })}</p>
            <ul className="listen-import__figures">
              <li data-testid="import-added">{t("listening.import.added", { value: formatNumber(result.added) })}</li>
              <li data-testid="import-duplicates">{t("listening.import.duplicates", { value: formatNumber(result.duplicates) })}</li>
              <li data-testid="import-held">{t("listening.import.alreadyHeld", { value: formatNumber(result.alreadyHeld) })}</li>
            </ul>
          </div>
          <div className="form-actions">
            <button type="button" className="btn btn--primary" onClick={onClose} data-testid="import-close">
              {t("listening.done")}
            </button>
          </div>
        </div>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
          <p className="muted small">{t("listening.import.hint")}</p>
          <Field label={t("listening.import.file")} error={localError ?? undefined} hint={t("listening.import.fileHint")}>
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                type="file"
                accept=".csv,.json,.jsonl,text/csv,application/json"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setLocalError(null);
                  importFile.reset();
                }}
                data-testid="import-file"
              />
            )}
          </Field>
          <Field label={`${t("listening.import.name")} (${t("common.optional")})`} hint={t("listening.import.nameHint")}>
            {(id, d) => <input id={id} aria-describedby={d} className="input" maxLength={120} value={name} onChange={(e) => setName(e.target.value)} data-testid="import-name" />}
          </Field>
          {importFile.error ? (
            <div className="form-error" role="alert" data-testid="import-error">
              <p className="listen-import__detail">{problems.length > 0 ? t("listening.import.refused", { count: problems.length }) : errorText(importFile.error, t)}</p>
              {problems.length > 0 ? (
                <ul className="listen-import__problems" data-testid="import-problems">
                  {problems.map((p) => {
                    const place = importProblemPlace(p.path);
                    const where = [place.line !== null ? t("listening.import.line", { line: place.line }) : null, place.field].filter(Boolean).join(" · ");
                    return (
                      <li key={`${p.path}|${p.message}`}>
                        <strong>{where}</strong>: {p.message}
                      </li>
                    );
                  })}
                </ul>
              ) : null}
            </div>
          ) : null}
          <div className="form-actions">
            <button type="button" className="btn btn--ghost" onClick={onClose}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="btn btn--primary" disabled={!file || reading || importFile.isPending} data-testid="import-submit">
              {reading || importFile.isPending ? t("listening.import.importing") : t("listening.import.submit")}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
