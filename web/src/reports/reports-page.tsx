/**
 * Reports: the brand's reports with their schedule, next send and last run; the selected report's
 * preview (its HTML in a sandboxed frame: no script, no network, exactly what the PDF prints),
 * "Download PDF", the tables as XLSX or CSV, "Send now" and its runs. Owners and managers build
 * and change reports; everyone who may see analytics may read, preview and download them.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { AdPlacementsPanel } from "./ad-placements-panel.js";
import { formatDateTime } from "../common/format.js";
import { PageHeader } from "../common/page-header.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { exportUrl, pdfUrl, usePreview, useReportActions, useReports, useRuns } from "./queries.js";
import { ReportForm } from "./report-form.js";
import type { Report } from "./types.js";
import "./reports.css";

function useSchedule() {
  const { t } = useTranslation();
  return (r: Report) =>
    r.periodKind === "weekly"
      ? t("reports.scheduleWeekly", { day: t(`reports.weekdays.${r.weekday ?? 1}`), hour: String(r.hour).padStart(2, "0") })
      : t("reports.scheduleMonthly", { day: r.monthDay ?? 1, hour: String(r.hour).padStart(2, "0") });
}

export function ReportsPage() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const reports = useReports(workspace.id, brand.id);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Report | "new" | null>(null);
  const manage = can("brands.manage");
  const schedule = useSchedule();
  const items = reports.data?.items ?? [];
  const selected = items.find((r) => r.id === selectedId) ?? items[0] ?? null;

  const header = (
    <PageHeader
      title={t("reports.title")}
      subtitle={t("reports.subtitle", { zone: brand.timezone })}
      actions={
        manage ? (
          <button type="button" className="btn btn--primary" onClick={() => setEditing("new")} data-testid="report-new">
            {t("reports.new")}
          </button>
        ) : null
      }
    />
  );
  const form = editing ? (
    <ReportForm
      existing={editing === "new" ? null : editing}
      onClose={() => setEditing(null)}
      onSaved={(r) => {
        setEditing(null);
        setSelectedId(r.id);
      }}
    />
  ) : null;

  if (reports.isPending) return <Loading />;
  if (reports.isError) return <ErrorState error={reports.error} onRetry={() => void reports.refetch()} />;
  if (items.length === 0) {
    return (
      <>
        {header}
        <EmptyState title={t("reports.emptyTitle")} testId="reports-empty">
          <p>{t("reports.emptyText")}</p>
        </EmptyState>
        <AdPlacementsPanel />
        {form}
      </>
    );
  }
  return (
    <>
      {header}
      <div className="reports-layout">
        <ul className="reports-list" data-testid="reports-list">
          {items.map((r) => (
            <li key={r.id}>
              <button type="button" className={r.id === selected?.id ? "reports-item is-active" : "reports-item"} onClick={() => setSelectedId(r.id)} aria-pressed={r.id === selected?.id}>
                <span className="reports-item__swatch" style={{ background: `linear-gradient(135deg, ${r.branding.primaryColor} 60%, ${r.branding.accentColor} 60%)` }} />
                <span className="reports-item__main">
                  <b>{r.name}</b>
                  <span className="muted">{r.enabled ? schedule(r) : t("reports.paused")}</span>
                  <span className="muted small">
                    {r.nextRunAt ? t("reports.next", { when: formatDateTime(r.nextRunAt) }) : null}
                    {r.lastRun ? (
                      <>
                        {" · "}
                        <span className={`run-status run-status--${r.lastRun.status}`}>{t(`reports.status.${r.lastRun.status}`)}</span> {formatDateTime(r.lastRun.startedAt)}
                      </>
                    ) : null}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {selected ? <ReportDetail report={selected} manage={manage} onEdit={() => setEditing(selected)} onDeleted={() => setSelectedId(null)} /> : null}
      </div>
      <AdPlacementsPanel />
      {form}
    </>
  );
}

function ReportDetail({ report, manage, onEdit, onDeleted }: { report: Report; manage: boolean; onEdit: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const preview = usePreview(workspace.id, report);
  const runs = useRuns(workspace.id, report.id);
  const { send, remove } = useReportActions(workspace.id);
  const [table, setTable] = useState("");
  return (
    <section className="report-detail" data-testid="report-detail">
      <div className="report-detail__bar">
        <div>
          <h2>{report.name}</h2>
          <p className="muted small">
            {t(`reports.${report.periodKind}`)} · {report.sections.map((s) => t(`reports.sections.${s.kind}`)).join(", ")}
          </p>
          <p className="muted small">{report.recipients.length ? t("reports.recipients", { list: report.recipients.join(", ") }) : t("reports.noRecipients")}</p>
        </div>
        <div className="report-detail__actions">
          <a className="btn btn--secondary" href={pdfUrl(workspace.id, report.id)} download data-testid="report-pdf">
            {t("reports.downloadPdf")}
          </a>
          <a className="btn btn--secondary" href={exportUrl(workspace.id, report.id, null, "xlsx")} download>
            {t("reports.exportXlsx")}
          </a>
          <span className="report-csv">
            <select value={table} onChange={(e) => setTable(e.target.value)} aria-label={t("reports.csvTable")}>
              <option value="">{t("reports.csvTable")}</option>
              {report.tables.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            {table ? (
              <a className="btn btn--ghost" href={exportUrl(workspace.id, report.id, table, "csv")} download>
                CSV
              </a>
            ) : null}
          </span>
          {manage ? (
            <>
              <button type="button" className="btn btn--primary" disabled={send.isPending || report.recipients.length === 0} onClick={() => send.mutate(report.id)} data-testid="report-send">
                {send.isPending ? t("reports.sending") : t("reports.sendNow")}
              </button>
              <button type="button" className="btn btn--secondary" onClick={onEdit} data-testid="report-edit">
                {t("reports.edit")}
              </button>
              <ConfirmButton label={t("common.remove")} question={t("reports.deleteQuestion")} busy={remove.isPending} onConfirm={() => remove.mutate(report.id, { onSuccess: onDeleted })} />
            </>
          ) : null}
        </div>
      </div>
      {send.isSuccess ? <p className="form-ok">{t("reports.sent", { count: report.recipients.length })}</p> : null}
      <FormError error={send.error} />
      <div className="report-preview">
        {preview.isPending ? <Loading /> : preview.isError ? <ErrorState error={preview.error} onRetry={() => void preview.refetch()} /> : <iframe title={t("reports.preview")} sandbox="" srcDoc={preview.data} data-testid="report-preview" />}
      </div>
      <h3 className="report-runs__title">{t("reports.runs")}</h3>
      {runs.data?.items.length ? (
        <table className="table report-runs" data-testid="report-runs">
          <thead>
            <tr>
              <th>{t("reports.run.when")}</th>
              <th>{t("reports.run.period")}</th>
              <th>{t("reports.run.trigger")}</th>
              <th>{t("reports.run.status")}</th>
              <th>{t("reports.run.recipients")}</th>
              <th className="num">{t("reports.run.size")}</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((r) => (
              <tr key={r.id}>
                <td>{formatDateTime(r.startedAt)}</td>
                <td>
                  {r.periodFrom} – {r.periodTo}
                </td>
                <td>{t(`reports.trigger.${r.trigger}`)}</td>
                <td>
                  <span className={`run-status run-status--${r.status}`}>{t(`reports.status.${r.status}`)}</span>
                  {r.error ? <div className="field__error">{r.error}</div> : null}
                </td>
                <td>{r.recipients.join(", ")}</td>
                <td className="num">{r.bytes !== null ? `${Math.round(r.bytes / 1024)} KB` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("reports.noRuns")}</p>
      )}
    </section>
  );
}
