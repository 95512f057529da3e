/**
 * Giveaways: the brand's giveaways, a new one on one of its published posts, and the selected
 * one's life — check entrants (with everyone's reasons), freeze them (the commitment is published),
 * draw, and the results with the public verification link. Owners, managers and editors run
 * giveaways (posts.write); everyone else sees them.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { CopyButton } from "../common/buttons.js";
import { fieldError } from "../common/errors.js";
import { Field } from "../common/field.js";
import { formatDateTime } from "../common/format.js";
import { Modal } from "../common/modal.js";
import { PageHeader } from "../common/page-header.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useCandidatePosts, useEntrants, useGiveawayActions, useGiveaways } from "./queries.js";
import { type EntryAction, type Entrants, entryActions, type Giveaway, withKeys } from "./types.js";
import "./giveaways.css";

export function GiveawaysPage() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const list = useGiveaways(workspace.id, brand.id);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const write = can("posts.write");
  const items = list.data?.items ?? [];
  const selected = items.find((g) => g.id === selectedId) ?? items[0] ?? null;

  const header = (
    <PageHeader
      title={t("giveaways.title")}
      subtitle={t("giveaways.subtitle")}
      actions={
        write ? (
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)} data-testid="giveaway-new">
            {t("giveaways.new")}
          </button>
        ) : null
      }
    />
  );
  const form = creating ? (
    <GiveawayForm
      onClose={() => setCreating(false)}
      onCreated={(g) => {
        setCreating(false);
        setSelectedId(g.id);
      }}
    />
  ) : null;
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) {
    return (
      <>
        {header}
        <EmptyState title={t("giveaways.emptyTitle")} testId="giveaways-empty">
          <p>{t("giveaways.emptyText")}</p>
        </EmptyState>
        {form}
      </>
    );
  }
  return (
    <>
      {header}
      <div className="giveaways-layout">
        <ul className="giveaways-list" data-testid="giveaways-list">
          {items.map((g) => (
            <li key={g.id}>
              <button type="button" className={g.id === selected?.id ? "giveaways-item is-active" : "giveaways-item"} aria-pressed={g.id === selected?.id} onClick={() => setSelectedId(g.id)}>
                <b>{g.title}</b>
                <span className={`giveaway-status giveaway-status--${g.status}`}>{t(`giveaways.status.${g.status}`)}</span>
                <span className="muted small">
                  @{g.channel.handle} · {g.channel.networkName}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {selected ? <GiveawayDetail key={selected.id} giveaway={selected} write={write} onDeleted={() => setSelectedId(null)} /> : null}
      </div>
      {form}
    </>
  );
}

function conditionsText(t: (k: string, o?: Record<string, unknown>) => string, g: Giveaway): string {
  const parts = [t(`giveaways.action.${g.conditions.action}`)];
  if (g.conditions.mustFollow) parts.push(t("giveaways.mustFollow"));
  if (g.conditions.excludeBots) parts.push(t("giveaways.excludeBots"));
  return parts.join(" · ");
}

function GiveawayDetail({ giveaway: g, write, onDeleted }: { giveaway: Giveaway; write: boolean; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const actions = useGiveawayActions(workspace.id);
  const frozen = useEntrants(workspace.id, g);
  const [preview, setPreview] = useState<Entrants | null>(null);
  const entrants = g.status === "draft" ? preview : (frozen.data ?? null);
  const error = actions.freeze.error ?? actions.draw.error ?? actions.preview.error ?? actions.remove.error;
  return (
    <section className="giveaway-detail" data-testid="giveaway-detail">
      <div className="giveaway-detail__bar">
        <div>
          <h2>{g.title}</h2>
          <p className="muted small">{conditionsText(t, g)}</p>
          <p className="muted small">{t("giveaways.winnersCount", { n: g.winnersCount })}</p>
          <blockquote className="giveaway-post">{g.post.text}</blockquote>
        </div>
        {write ? (
          <div className="giveaway-detail__actions">
            {g.status === "draft" ? (
              <>
                <button type="button" className="btn btn--secondary" disabled={actions.preview.isPending} onClick={() => actions.preview.mutate(g.id, { onSuccess: setPreview })} data-testid="giveaway-preview">
                  {actions.preview.isPending ? t("giveaways.checking") : t("giveaways.check")}
                </button>
                <button type="button" className="btn btn--primary" disabled={actions.freeze.isPending} onClick={() => window.confirm(t("giveaways.freezeQuestion")) && actions.freeze.mutate(g.id)} data-testid="giveaway-freeze">
                  {t("giveaways.freeze")}
                </button>
                <button type="button" className="btn btn--ghost" onClick={() => window.confirm(t("giveaways.deleteQuestion")) && actions.remove.mutate(g.id, { onSuccess: onDeleted })}>
                  {t("giveaways.delete")}
                </button>
              </>
            ) : null}
            {g.status === "frozen" ? (
              <button type="button" className="btn btn--primary" disabled={actions.draw.isPending} onClick={() => window.confirm(t("giveaways.drawQuestion")) && actions.draw.mutate(g.id)} data-testid="giveaway-draw">
                {t("giveaways.draw")}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      <FormError error={error} testId="giveaway-error" />
      {g.status !== "draft" ? (
        <dl className="giveaway-proof" data-testid="giveaway-proof">
          <dt>{t("giveaways.publicPage")}</dt>
          <dd>
            {g.publicUrl ? (
              <>
                <a href={g.publicUrl} target="_blank" rel="noreferrer" data-testid="giveaway-public-link">
                  {g.publicUrl}
                </a>{" "}
                <CopyButton text={g.publicUrl} />
              </>
            ) : null}
          </dd>
          <dt>{t("giveaways.frozenAt")}</dt>
          <dd>{formatDateTime(g.frozenAt)}</dd>
          <dt>{t("giveaways.commitment")}</dt>
          <dd>
            <code>{g.commitment}</code>
          </dd>
          <dt>{t("giveaways.listHash", { n: g.eligibleCount ?? 0 })}</dt>
          <dd>
            <code>{g.listSha256}</code>
          </dd>
          {g.seed ? (
            <>
              <dt>{t("giveaways.seed")}</dt>
              <dd>
                <code>{g.seed}</code>
              </dd>
            </>
          ) : null}
          {g.announceError ? (
            <>
              <dt>{t("giveaways.announce")}</dt>
              <dd className="field__error">{g.announceError}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {g.winners ? (
        <div className="giveaway-winners" data-testid="giveaway-winners">
          <h3>{t("giveaways.winners")}</h3>
          <ol>
            {g.winners.map((w) => (
              <li key={w.entry}>
                <b>@{w.handle}</b> <span className="muted small">{w.entry}</span>
              </li>
            ))}
          </ol>
          {g.winners.length < g.winnersCount ? <p className="muted small">{t("giveaways.fewerWinners")}</p> : null}
        </div>
      ) : null}
      {entrants ? <EntrantsTable entrants={entrants} /> : g.status === "draft" ? <p className="muted">{t("giveaways.draftHint")}</p> : <Loading />}
    </section>
  );
}

function EntrantsTable({ entrants }: { entrants: Entrants }) {
  const { t } = useTranslation();
  const yes = (v: boolean | null) => (v === null ? "?" : v ? "✓" : "—");
  return (
    <div className="giveaway-entrants" data-testid="giveaway-entrants">
      <h3>
        {entrants.frozen ? t("giveaways.frozenEntrants") : t("giveaways.previewEntrants")} — {t("giveaways.counts", { total: entrants.counts.total, eligible: entrants.counts.eligible })}
      </h3>
      <p className="muted small">
        {Object.entries(entrants.counts.reasons)
          .map(([r, n]) => `${t(`giveaways.reason.${r}`)}: ${n}`)
          .join(" · ")}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>{t("giveaways.col.person")}</th>
            <th>{t("giveaways.col.reposted")}</th>
            <th>{t("giveaways.col.commented")}</th>
            <th>{t("giveaways.col.follows")}</th>
            <th>{t("giveaways.col.botScore")}</th>
            <th>{t("giveaways.col.status")}</th>
          </tr>
        </thead>
        <tbody>
          {withKeys(entrants.entrants).map((e) => (
            <tr key={e.key} className={e.eligible ? "" : "is-out"}>
              <td>
                @{e.handle} <span className="muted small">{e.name}</span>
              </td>
              <td>{yes(e.reposted)}</td>
              <td>{yes(e.commented)}</td>
              <td>{yes(e.follows)}</td>
              <td>{e.botScore === null ? "—" : e.botScore.toFixed(2)}</td>
              <td>{e.eligible ? t("giveaways.eligible") : e.reasons.map((r) => t(`giveaways.reason.${r}`)).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GiveawayForm({ onClose, onCreated }: { onClose: () => void; onCreated: (g: Giveaway) => void }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const posts = useCandidatePosts(workspace.id, brand.id, true);
  const { create } = useGiveawayActions(workspace.id);
  const [postId, setPostId] = useState("");
  const [title, setTitle] = useState("");
  const [action, setAction] = useState<EntryAction>("repost_or_comment");
  const [mustFollow, setMustFollow] = useState(true);
  const [excludeBots, setExcludeBots] = useState(true);
  const [winners, setWinners] = useState("1");
  const [team, setTeam] = useState("");
  const [announce, setAnnounce] = useState(true);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        brandId: brand.id,
        channelPostId: postId,
        title,
        conditions: { action, mustFollow, excludeBots },
        winnersCount: Number(winners),
        teamHandles: team.split(/[\s,]+/).filter((h) => h !== ""),
        announce,
      },
      { onSuccess: onCreated },
    );
  };
  const err = create.error;
  return (
    <Modal title={t("giveaways.new")} onClose={onClose} testId="giveaway-form">
      <form className="giveaway-form" onSubmit={submit} noValidate>
        <Field label={t("giveaways.form.post")} error={fieldError(err, "channelPostId")} hint={posts.data?.items.length === 0 ? t("giveaways.form.noPosts") : undefined}>
          {(id, describedBy) => (
            <select id={id} aria-describedby={describedBy} value={postId} onChange={(e) => setPostId(e.target.value)} data-testid="giveaway-post" required>
              <option value="">{t("giveaways.form.choosePost")}</option>
              {(posts.data?.items ?? []).map((p) => (
                <option key={p.channelPostId} value={p.channelPostId}>
                  {formatDateTime(p.publishedAt)} · @{p.channel.handle} · {p.text.slice(0, 70)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("giveaways.form.title")} error={fieldError(err, "title")}>
          {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} data-testid="giveaway-title" />}
        </Field>
        <Field label={t("giveaways.form.action")}>
          {(id) => (
            <select id={id} value={action} onChange={(e) => setAction(e.target.value as EntryAction)} data-testid="giveaway-action">
              {entryActions.map((a) => (
                <option key={a} value={a}>
                  {t(`giveaways.action.${a}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="giveaway-form__check">
          <input type="checkbox" checked={mustFollow} onChange={(e) => setMustFollow(e.target.checked)} data-testid="giveaway-must-follow" /> {t("giveaways.mustFollow")}
        </label>
        <label className="giveaway-form__check">
          <input type="checkbox" checked={excludeBots} onChange={(e) => setExcludeBots(e.target.checked)} /> {t("giveaways.excludeBots")}
        </label>
        <Field label={t("giveaways.form.winners")} error={fieldError(err, "winnersCount")}>
          {(id, describedBy) => <input id={id} aria-describedby={describedBy} type="number" min={1} max={100} value={winners} onChange={(e) => setWinners(e.target.value)} data-testid="giveaway-winners-count" />}
        </Field>
        <Field label={t("giveaways.form.team")} hint={t("giveaways.form.teamHint")} error={fieldError(err, "teamHandles")}>
          {(id, describedBy) => <textarea id={id} aria-describedby={describedBy} rows={3} value={team} onChange={(e) => setTeam(e.target.value)} data-testid="giveaway-team" />}
        </Field>
        <label className="giveaway-form__check">
          <input type="checkbox" checked={announce} onChange={(e) => setAnnounce(e.target.checked)} /> {t("giveaways.form.announce")}
        </label>
        <FormError error={err} />
        <div className="form-actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" disabled={create.isPending || postId === ""} data-testid="giveaway-save">
            {t("giveaways.form.create")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
