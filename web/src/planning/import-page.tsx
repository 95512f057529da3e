/**
 * Import from CSV: paste the plan or choose a file (read here, in the browser), pick the brand,
 * Check (a dry run: what would be created and every problem by line and column), then Import —
 * enabled only when the checked file has no problems. The posts are created as drafts.
 */
import { useMutation } from "@tanstack/react-query";
import { DateTime } from "luxon";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api, enc } from "../api.js";
import { useChannels } from "../channels/queries.js";
import { Field } from "../common/field.js";
import { PageHeader } from "../common/page-header.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import type { ImportResult } from "./types.js";

const columns = ["date", "time", "channels", "text", "media", "rubric", "campaign"] as const;
const requiredColumns = new Set(["date", "time", "channels", "text"]);

/** A CSV cell: quoted when it holds the delimiter, a quote or a line break. */
const cell = (s: string) => (/[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** An example file for the brand: its real channel handles, dates from tomorrow on. */
export function exampleCsv(handles: string[], zone: string): string {
  const day = (n: number) => DateTime.now().setZone(zone).plus({ days: n }).toISODate() ?? "";
  const [a = "my.channel", b = a] = handles;
  const rows = [
    ["date", "time", "channels", "text", "media", "rubric", "campaign"],
    [day(1), "09:30", a, "Good morning! Our autumn menu starts today.", "", "", "autumn"],
    [day(2), "18:00", `${a}; ${b}`, "Two lines of text:\nquoted, so the line break stays.", "", "", "autumn"],
  ];
  return `${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

export function ImportPage() {
  const { t } = useTranslation();
  const { workspace, brand, brands } = useShell();
  const [brandId, setBrandId] = useState(brand.id);
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const chosen = brands.find((b) => b.id === brandId) ?? brand;
  const channels = useChannels(workspace.id, brandId);
  const handleOf = useMemo(() => new Map((channels.data?.items ?? []).map((c) => [c.id, `@${c.handle}`])), [channels.data]);

  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      api.post<ImportResult>(`/api/workspaces/${enc(workspace.id)}/imports/posts?dryRun=${dryRun}`, { brandId, csv }),
  });
  // What was checked: Import stays disabled until the very text and brand on screen passed a check.
  const [checked, setChecked] = useState<{ csv: string; brandId: string; result: ImportResult } | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const current = checked && checked.csv === csv && checked.brandId === brandId ? checked.result : null;
  const canImport = current !== null && current.problems.length === 0 && current.posts.length > 0 && !run.isPending;

  const check = () => {
    setImported(null);
    run.mutate(true, { onSuccess: (result) => setChecked({ csv, brandId, result }) });
  };
  const doImport = () =>
    run.mutate(
      false,
      {
        onSuccess: (result) => {
          setImported(result);
          setChecked(null);
        },
      },
    );
  const readFile = async (file: File) => {
    setReadError(null);
    try {
      setCsv(await file.text());
      setFileName(file.name);
    } catch (err) {
      setReadError(err instanceof Error ? err.message : String(err));
    }
  };
  const download = () => {
    const blob = new Blob([exampleCsv((channels.data?.items ?? []).map((c) => c.handle), chosen.timezone)], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = "chorus-import-example.csv";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const shown = imported ?? current;

  return (
    <>
      <PageHeader
        title={t("import.title")}
        subtitle={t("import.subtitle")}
        actions={
          <Link to={`/w/${enc(workspace.id)}/b/${enc(brand.id)}/publishing`} className="btn btn--ghost">
            {t("composer.back")}
          </Link>
        }
      />
      <div className="import">
        <section className="card stack">
          <Field label={t("import.brand")}>
            {(id) => (
              <select id={id} className="select" value={brandId} onChange={(e) => setBrandId(e.target.value)} data-testid="import-brand">
                {brands.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="inline-row">
            <label className="btn btn--secondary">
              {t("import.chooseFile")}
              <input
                type="file"
                accept=".csv,text/csv,text/plain"
                className="visually-hidden"
                data-testid="import-file"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = "";
                  if (file) void readFile(file);
                }}
              />
            </label>
            {fileName ? <span className="muted small">{fileName}</span> : null}
          </div>
          {readError ? <p className="form-error">{readError}</p> : null}
          <Field label={t("import.csv")} hint={t("import.csvHint")}>
            {(id, d) => (
              <textarea
                id={id}
                aria-describedby={d}
                className="textarea textarea--mono"
                rows={10}
                spellCheck={false}
                value={csv}
                onChange={(e) => {
                  setCsv(e.target.value);
                  setFileName(null);
                }}
                data-testid="import-csv"
              />
            )}
          </Field>
          <FormError error={run.error} testId="import-error" />
          <div className="actions-row">
            <button type="button" className="btn btn--secondary" disabled={!csv.trim() || run.isPending} onClick={check} data-testid="import-check">
              {t("import.check")}
            </button>
            <button type="button" className="btn btn--primary" disabled={!canImport} onClick={doImport} data-testid="import-run" title={canImport ? undefined : t("import.checkFirst")}>
              {t("import.import")}
            </button>
            <span className="muted small">{canImport ? t("import.ready", { count: current?.posts.length ?? 0 }) : t("import.checkFirst")}</span>
          </div>
        </section>

        <aside className="card stack">
          <h2 className="card__title">{t("import.columns")}</h2>
          <table className="table table--compact">
            <tbody>
              {columns.map((c) => (
                <tr key={c}>
                  <td>
                    <code>{c}</code>
                    {requiredColumns.has(c) ? null : <span className="muted small"> ({t("common.optional")})</span>}
                  </td>
                  <td className="muted small">{t(`import.column.${c}`, { zone: chosen.timezone })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t("import.formatHint")}</p>
          <div>
            <button type="button" className="btn btn--secondary" onClick={download} data-testid="import-example">
              {t("import.example")}
            </button>
          </div>
        </aside>
      </div>

      {imported ? (
        <section className="notice notice--success stack" data-testid="import-done">
          <p>{t("import.done", { count: imported.postIds.length })}</p>
          <ul className="import__created">
            {imported.postIds.map((id, i) => (
              <li key={id}>
                <Link to={`/w/${enc(workspace.id)}/b/${enc(brandId)}/posts/${enc(id)}`} data-testid="import-created">
                  {imported.posts[i]?.textPreview || id}
                </Link>
              </li>
            ))}
          </ul>
          <Link to={`/w/${enc(workspace.id)}/b/${enc(brandId)}/publishing?tab=drafts`} data-testid="import-drafts">
            {t("import.openDrafts")}
          </Link>
        </section>
      ) : null}

      {shown && !imported ? (
        <>
          {shown.problems.length ? (
            <section className="card card--flush" data-testid="import-problems">
              <h2 className="card__title card__title--pad">{t("import.problems", { count: shown.problems.length })}</h2>
              <table className="table">
                <thead>
                  <tr>
                    <th>{t("import.line")}</th>
                    <th>{t("import.column.title")}</th>
                    <th>{t("import.problem")}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.problems.map((p) => (
                    <tr key={`${p.line}:${p.column}:${p.message}`} data-testid="import-problem" data-line={p.line} data-column={p.column ?? ""}>
                      <td>{p.line}</td>
                      <td>{p.column ? <code>{p.column}</code> : "—"}</td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : (
            <p className="notice notice--success" data-testid="import-ok">
              {t("import.noProblems")}
            </p>
          )}
          {shown.posts.length ? (
            <section className="card card--flush" data-testid="import-preview">
              <h2 className="card__title card__title--pad">{t("import.wouldCreate", { count: shown.posts.length })}</h2>
              <table className="table">
                <thead>
                  <tr>
                    <th>{t("import.line")}</th>
                    <th>{t("import.when")}</th>
                    <th>{t("publishing.channels")}</th>
                    <th>{t("publishing.post")}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.posts.map((p) => (
                    <tr key={p.line} data-testid="import-post" data-line={p.line}>
                      <td>{p.line}</td>
                      <td className="nowrap">
                        {p.date} {p.time}
                      </td>
                      <td className="muted">{p.channels.map((c) => handleOf.get(c) ?? c).join(", ") || "—"}</td>
                      <td className="posts__text">{p.textPreview}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
