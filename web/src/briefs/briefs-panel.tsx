/**
 * BriefsPanel: a brand's brief links in the signed-in app — make one (the URL is shown once, with
 * a copy button), see each link's state, read the answers, extend, withdraw or delete. Mount it
 * anywhere inside the shell (the strategy page, a brand page); `answerActions` adds buttons beside
 * a submitted brief's answers (e.g. "Turn into a strategy").
 */
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton, CopyButton } from "../common/buttons.js";
import { fieldError } from "../common/errors.js";
import { Field } from "../common/field.js";
import { formatDate } from "../common/format.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { BriefAnswersView } from "./brief-answers.js";
import { useBrief, useBriefActions, useBriefs } from "./queries.js";
import type { BriefAnswers, BriefDetail, BriefSummary, CreateBriefInput } from "./types.js";
import "./briefs.css";

type Props = {
  workspaceId: string;
  brandId: string;
  /** Owners and managers (brands.manage): make, extend, withdraw and delete links. */
  canManage: boolean;
  answerActions?: (brief: BriefDetail & { answers: BriefAnswers }) => ReactNode;
};

export function BriefsPanel({ workspaceId, brandId, canManage, answerActions }: Props) {
  const { t } = useTranslation();
  const briefs = useBriefs(workspaceId, brandId);
  const actions = useBriefActions(workspaceId);
  const [creating, setCreating] = useState<Partial<BriefAnswers> | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const items = briefs.data?.items ?? [];

  return (
    <section className="card stack briefs-panel" data-testid="briefs-panel">
      <div className="briefs-panel__head">
        <div>
          <h2 className="card__title">{t("briefs.panel.title")}</h2>
          <p className="muted small">{t("briefs.panel.subtitle")}</p>
        </div>
        {canManage && creating === null ? (
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => {
              setMade(null);
              setCreating({});
            }}
            data-testid="brief-new"
          >
            {t("briefs.panel.new")}
          </button>
        ) : null}
      </div>

      {made ? (
        <div className="notice notice--success stack stack--sm" data-testid="brief-link">
          <p>{t("briefs.panel.linkReady")}</p>
          <div className="copy-row">
            <input className="input input--mono" readOnly value={made} onFocus={(e) => e.target.select()} data-testid="brief-url" aria-label={t("briefs.panel.linkReady")} />
            <CopyButton text={made} testId="brief-copy" />
          </div>
        </div>
      ) : null}

      {creating !== null ? (
        <CreateForm
          workspaceId={workspaceId}
          brandId={brandId}
          prefill={creating}
          onClose={() => setCreating(null)}
          onMade={(url) => {
            setCreating(null);
            setMade(url);
          }}
        />
      ) : null}

      {briefs.isPending ? <Loading /> : briefs.isError ? <ErrorState error={briefs.error} onRetry={() => void briefs.refetch()} /> : null}
      {briefs.isSuccess && items.length === 0 ? (
        <EmptyState title={t("briefs.panel.empty")} testId="briefs-empty">
          <p className="empty__text">{t("briefs.panel.emptyText")}</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <ul className="briefs-list" data-testid="briefs-list">
          {items.map((b) => (
            <BriefRow
              key={b.id}
              brief={b}
              workspaceId={workspaceId}
              open={openId === b.id}
              onToggle={() => setOpenId(openId === b.id ? null : b.id)}
              canManage={canManage}
              actions={actions}
              answerActions={answerActions}
              onReissue={(answers) => {
                setMade(null);
                setCreating(answers);
              }}
            />
          ))}
        </ul>
      ) : null}
      <FormError error={actions.extend.error ?? actions.revoke.error ?? actions.remove.error} />
    </section>
  );
}

type RowProps = {
  brief: BriefSummary;
  workspaceId: string;
  open: boolean;
  onToggle: () => void;
  canManage: boolean;
  actions: ReturnType<typeof useBriefActions>;
  answerActions: Props["answerActions"];
  onReissue: (answers: Partial<BriefAnswers>) => void;
};

function BriefRow({ brief: b, workspaceId, open, onToggle, canManage, actions, answerActions, onReissue }: RowProps) {
  const { t } = useTranslation();
  const detail = useBrief(workspaceId, open ? b.id : null);
  const live = b.status === "sent" || b.status === "opened" || b.status === "expired";
  const answers = detail.data?.answers ?? null;
  return (
    <li className="briefs-list__item" data-testid="brief-row" data-status={b.status}>
      <div className="briefs-list__line">
        <div className="briefs-list__main">
          <strong>{b.title}</strong>
          <span className={`brief-status brief-status--${b.status}`} data-testid="brief-status">
            {t(`briefs.status.${b.status}`)}
          </span>
          <span className="muted small">
            {b.createdByName ? t("briefs.panel.created", { date: formatDate(b.createdAt), name: b.createdByName }) : t("briefs.panel.createdNoName", { date: formatDate(b.createdAt) })}
            {" · "}
            {b.submittedAt ? t("briefs.panel.submittedAt", { date: formatDate(b.submittedAt) }) : t("briefs.panel.expiresAt", { date: formatDate(b.expiresAt) })}
          </span>
        </div>
        <div className="briefs-list__actions">
          <button type="button" className="btn btn--secondary btn--small" onClick={onToggle} data-testid="brief-view" aria-expanded={open}>
            {open ? t("briefs.panel.hide") : t("briefs.panel.view")}
          </button>
          {canManage && live ? (
            <button type="button" className="btn btn--ghost btn--small" disabled={actions.extend.isPending} onClick={() => actions.extend.mutate(b.id)} data-testid="brief-extend">
              {t("briefs.panel.extend")}
            </button>
          ) : null}
          {canManage && live ? <ConfirmButton label={t("briefs.panel.revoke")} question={t("briefs.panel.revokeQuestion")} onConfirm={() => actions.revoke.mutate(b.id)} busy={actions.revoke.isPending} testId="brief-revoke" /> : null}
          {canManage && !live ? <ConfirmButton label={t("briefs.panel.delete")} question={t("briefs.panel.deleteQuestion")} onConfirm={() => actions.remove.mutate(b.id)} busy={actions.remove.isPending} testId="brief-delete" /> : null}
        </div>
      </div>
      {open ? (
        <div className="briefs-list__detail">
          {detail.isPending ? <Loading /> : detail.isError ? <ErrorState error={detail.error} /> : null}
          {b.message ? <p className="brief-message muted">{b.message}</p> : null}
          {detail.data && !answers ? <p className="muted">{t("briefs.panel.noAnswers")}</p> : null}
          {detail.data && answers ? (
            <>
              <BriefAnswersView answers={answers} />
              <div className="actions-row">
                {answerActions ? answerActions({ ...detail.data, answers }) : null}
                {canManage ? (
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => onReissue(answers)} data-testid="brief-reissue">
                    {t("briefs.panel.reissue")}
                  </button>
                ) : null}
              </div>
            </>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

type CreateProps = { workspaceId: string; brandId: string; prefill: Partial<BriefAnswers>; onClose: () => void; onMade: (url: string) => void };

function CreateForm({ workspaceId, brandId, prefill, onClose, onMade }: CreateProps) {
  const { t } = useTranslation();
  const { create } = useBriefActions(workspaceId);
  const [title, setTitle] = useState(() => t("briefs.panel.defaultTitle"));
  const [message, setMessage] = useState("");
  const [language, setLanguage] = useState<"" | "en" | "ru">("");
  const [days, setDays] = useState("14");
  const [company, setCompany] = useState(prefill.company ?? "");
  const [website, setWebsite] = useState(prefill.website ?? "");
  const [geography, setGeography] = useState(prefill.geography ?? "");
  const err = create.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A reissued brief carries all the earlier answers; the fields here override the three shown.
    const known: Partial<BriefAnswers> = { ...prefill };
    for (const [key, value] of [["company", company], ["website", website], ["geography", geography]] as const) {
      if (value.trim()) known[key] = value.trim();
      else delete known[key];
    }
    const input: CreateBriefInput = { brandId, title, message, language: language || null, expiresInDays: Number(days), prefill: known };
    create.mutate(input, { onSuccess: (res) => onMade(res.url) });
  };
  const prefillError = (key: string) => fieldError(err, `prefill.${key}`);

  return (
    <form className="stack briefs-create" onSubmit={submit} data-testid="brief-create-form">
      <Field label={t("briefs.panel.titleLabel")} hint={t("briefs.panel.titleHint")} error={fieldError(err, "title")}>
        {(id, d) => <input id={id} aria-describedby={d} className="input" maxLength={200} required value={title} onChange={(e) => setTitle(e.target.value)} data-testid="brief-create-title" />}
      </Field>
      <Field label={t("briefs.panel.message")} hint={t("briefs.panel.messageHint")} error={fieldError(err, "message")}>
        {(id, d) => <textarea id={id} aria-describedby={d} className="textarea textarea--small" rows={3} maxLength={4000} value={message} onChange={(e) => setMessage(e.target.value)} data-testid="brief-create-message" />}
      </Field>
      <div className="brief-row">
        <Field label={t("briefs.panel.language")}>
          {(id, d) => (
            <select id={id} aria-describedby={d} className="select" value={language} onChange={(e) => setLanguage(e.target.value as "" | "en" | "ru")} data-testid="brief-create-language">
              <option value="">{t("briefs.panel.languageAuto")}</option>
              <option value="ru">{t("language.ru")}</option>
              <option value="en">{t("language.en")}</option>
            </select>
          )}
        </Field>
        <Field label={t("briefs.panel.expiresInDays")} hint={t("briefs.panel.expiresHint")} error={fieldError(err, "expiresInDays")}>
          {(id, d) => <input id={id} aria-describedby={d} className="input input--narrow" type="number" min={1} max={90} value={days} onChange={(e) => setDays(e.target.value)} data-testid="brief-create-days" />}
        </Field>
      </div>
      <fieldset className="brief-group">
        <legend>{t("briefs.panel.prefillTitle")}</legend>
        <div className="stack">
          <Field label={t("briefs.panel.answers.company")} error={prefillError("company")}>
            {(id, d) => <input id={id} aria-describedby={d} className="input" maxLength={200} value={company} onChange={(e) => setCompany(e.target.value)} data-testid="brief-create-company" />}
          </Field>
          <Field label={t("briefs.panel.answers.website")} error={prefillError("website")}>
            {(id, d) => <input id={id} aria-describedby={d} className="input" maxLength={2000} value={website} onChange={(e) => setWebsite(e.target.value)} placeholder="https://" />}
          </Field>
          <Field label={t("briefs.panel.answers.geography")} error={prefillError("geography")}>
            {(id, d) => <input id={id} aria-describedby={d} className="input" maxLength={1000} value={geography} onChange={(e) => setGeography(e.target.value)} />}
          </Field>
        </div>
      </fieldset>
      <FormError error={err} />
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t("briefs.panel.cancel")}
        </button>
        <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="brief-create">
          {create.isPending ? t("briefs.panel.creating") : t("briefs.panel.create")}
        </button>
      </div>
    </form>
  );
}
