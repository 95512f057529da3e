/**
 * Add or change a listening query. The syntax is checked as one types (a quarter second after the
 * last key): a mistake is shown with the query and the spot marked, a good query with the words
 * networks will be searched for. "Preview" shows what the query would find before it is saved.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api.js";
import { errorText, fieldError, hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { formatNumber, formatTimeAgo } from "../common/format.js";
import { Modal } from "../common/modal.js";
import { FormError } from "../common/states.js";
import { formatInZone } from "../common/zone.js";
import { NetworkChip, safeUrl } from "../inbox/badges.js";
import { useShell } from "../shell/workspace.js";
import { useNetworkName } from "./format.js";
import { checkQuery, useQueryActions, useQueryPreview } from "./queries.js";
import { QueryEcho, QuerySyntaxHelp } from "./query-help.js";
import { type ListeningQuery, type QueryCheck, type QueryKind, type QueryPreview, queryKinds } from "./types.js";

type Props = { existing: ListeningQuery | null; onClose: () => void };

type Mistake = { message: string; position: number; length: number };

/** The server's refusal of a saved query carries the mistake's place (errors[].position). */
function mistakeOf(err: unknown): Mistake | null {
  if (!(err instanceof ApiError)) return null;
  const e = err.errors.find((x) => x.path === "query") as (ApiError["errors"][number] & { position?: unknown; length?: unknown }) | undefined;
  if (!e) return null;
  return { message: e.message, position: typeof e.position === "number" ? e.position : -1, length: typeof e.length === "number" ? e.length : 1 };
}

const checkDelayMs = 250;

export function QueryDialog({ existing, onClose }: Props) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { create, update } = useQueryActions(workspace.id, brand.id);
  const save = existing ? update : create;
  const preview = useQueryPreview(workspace.id, brand.id);
  const [name, setName] = useState(existing?.name ?? "");
  const [kind, setKind] = useState<QueryKind>(existing?.kind ?? "brand");
  const [query, setQuery] = useState(existing?.query ?? "");
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const [check, setCheck] = useState<{ query: string; result: QueryCheck } | null>(null);
  const [checkFailed, setCheckFailed] = useState<unknown>(null);
  const mistakeId = useId();
  const latest = useRef(query);
  latest.current = query;

  // Live check: a quarter second after the last key; an answer about older text is dropped.
  useEffect(() => {
    if (!query.trim()) {
      setCheck(null);
      return;
    }
    const timer = setTimeout(() => {
      checkQuery(workspace.id, query).then(
        (result) => {
          if (latest.current !== query) return;
          setCheck({ query, result });
          setCheckFailed(null);
        },
        (err: unknown) => {
          if (latest.current === query) setCheckFailed(err);
        },
      );
    }, checkDelayMs);
    return () => clearTimeout(timer);
  }, [query, workspace.id]);

  const current = check && check.query === query ? check.result : null;
  // What the server refused on save wins until the text changes (it was about this text).
  const refused = save.error && save.variables && "query" in save.variables && save.variables.query === query ? mistakeOf(save.error) : null;
  const mistake: Mistake | null = refused ?? (current && !current.ok ? current : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { name: name.trim(), kind, query, enabled };
    if (existing) update.mutate({ id: existing.id, ...body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };

  return (
    <Modal title={existing ? t("listening.queries.editTitle") : t("listening.queries.addTitle")} onClose={onClose} testId="query-dialog">
      <form className="stack listen-query-form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={t("listening.queries.name")} error={fieldError(save.error, "name")} hint={t("listening.queries.nameHint")}>
            {(id, d) => <input id={id} aria-describedby={d} className="input" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} data-testid="query-name" />}
          </Field>
          <Field label={t("listening.queries.kind")} error={fieldError(save.error, "kind")}>
            {(id, d) => (
              <select id={id} aria-describedby={d} className="select" value={kind} onChange={(e) => setKind(e.target.value as QueryKind)} data-testid="query-kind">
                {queryKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`listening.kinds.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={t("listening.queries.query")} error={mistake ? undefined : fieldError(save.error, "query")} testId="query-text">
          {(id, d) => (
            <textarea
              id={id}
              aria-describedby={[d, mistake ? mistakeId : null].filter(Boolean).join(" ") || undefined}
              aria-invalid={mistake ? true : undefined}
              className={mistake ? "textarea textarea--mono textarea--small textarea--invalid" : "textarea textarea--mono textarea--small"}
              value={query}
              maxLength={2000}
              spellCheck={false}
              placeholder={t("listening.queries.placeholder")}
              onChange={(e) => setQuery(e.target.value)}
              data-testid="query-input"
            />
          )}
        </Field>
        <CheckResult id={mistakeId} query={query} mistake={mistake} result={current} failed={checkFailed} />
        <QuerySyntaxHelp />
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="query-enabled" />
          {t("listening.queries.enabledLabel")}
        </label>
        {hasFieldErrors(save.error, ["name", "kind", "query"]) ? null : <FormError error={save.error} testId="query-save-error" />}
        <div className="form-actions">
          <button
            type="button"
            className="btn btn--secondary"
            disabled={!query.trim() || preview.isPending}
            onClick={() => preview.mutate(query)}
            data-testid="query-preview"
          >
            {preview.isPending ? t("listening.queries.previewing") : t("listening.queries.preview")}
          </button>
          <span className="actions-row__spacer" />
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" disabled={save.isPending || !name.trim() || !query.trim()} data-testid="query-save">
            {save.isPending ? t("listening.queries.saving") : t("common.save")}
          </button>
        </div>
        {preview.isError ? <p className="form-error" role="alert" data-testid="query-preview-error">{mistakeOf(preview.error)?.message ?? errorText(preview.error, t)}</p> : null}
        {preview.data && preview.variables === query ? <Preview data={preview.data} /> : null}
      </form>
    </Modal>
  );
}

function CheckResult({ id, query, mistake, result, failed }: { id: string; query: string; mistake: Mistake | null; result: QueryCheck | null; failed: unknown }) {
  const { t } = useTranslation();
  if (mistake) {
    return (
      <div id={id} className="listen-check listen-check--error" role="alert" data-testid="query-error">
        <p className="listen-check__message">
          {mistake.position >= 0 ? t("listening.queries.mistakeAt", { position: mistake.position + 1, message: mistake.message }) : mistake.message}
        </p>
        {mistake.position >= 0 ? <QueryEcho text={query} position={mistake.position} length={mistake.length} /> : null}
      </div>
    );
  }
  if (failed) return <FormError error={failed} />;
  if (!result?.ok) return null;
  if (result.searchTerms === null) {
    return (
      <p className="notice notice--warning" data-testid="query-no-terms">
        {t("listening.queries.noSearchTerms")}
      </p>
    );
  }
  return (
    <div className="listen-check listen-check--ok" data-testid="query-ok">
      <span>{t("listening.queries.searchTerms")}</span>
      <ul className="chips">
        {result.searchTerms.map((term) => (
          <li key={term} className="chip listen-term">
            {term}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Preview({ data }: { data: QueryPreview }) {
  const { t } = useTranslation();
  const { brand } = useShell();
  const networkName = useNetworkName();
  return (
    <section className="listen-preview" aria-label={t("listening.queries.previewTitle")} data-testid="query-preview-result">
      <h3 className="listen-preview__title">{t("listening.queries.previewFound", { count: data.matches.length, scanned: formatNumber(data.scanned) })}</h3>
      {data.sources.length > 0 ? (
        <ul className="listen-preview__sources">
          {data.sources.map((s) => (
            <li key={s.id} className={s.error ? "listen-preview__source listen-preview__source--error" : "listen-preview__source"} data-testid="query-preview-source">
              {s.error ? t("listening.queries.sourceFailed", { name: s.name, error: s.error }) : t("listening.queries.sourceFound", { name: s.name, count: s.found })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t("listening.queries.noNetworkSources")}</p>
      )}
      {data.matches.length === 0 ? (
        <p className="muted">{t("listening.queries.previewNone")}</p>
      ) : (
        <ul className="listen-preview__list">
          {data.matches.map((m) => {
            const url = safeUrl(m.url);
            return (
              <li key={`${m.network}|${m.externalId}`} className="listen-preview__item" data-testid="query-preview-match" data-from={m.from}>
                <div className="listen-mention__meta">
                  <span className={`badge ${m.from === "live" ? "listen-live" : "badge--neutral"}`}>{t(`listening.queries.from.${m.from}`)}</span>
                  <span className="listen-mention__author">{m.authorName}</span>
                  <span className="muted">@{m.authorHandle.replace(/^@/, "")}</span>
                  <NetworkChip item={{ network: m.network, networkName: networkName(m.network) }} />
                  <time className="muted small" dateTime={m.publishedAt} title={formatInZone(m.publishedAt, brand.timezone)}>
                    {formatTimeAgo(m.publishedAt)}
                  </time>
                  {url ? (
                    <a className="small" href={url} target="_blank" rel="noopener noreferrer">
                      {t("listening.mention.open")}
                    </a>
                  ) : null}
                </div>
                <p className="listen-mention__text listen-preview__text">{m.text}</p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
