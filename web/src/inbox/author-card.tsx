/**
 * The author card (a dialog): who this person is across the workspace's channels — how often they
 * wrote, in what mood, first and last seen, followers — their conversations (one click opens one),
 * and the team's notes about them, which are never sent to the network. Everything they wrote is
 * plain text.
 */
import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime, formatNumber, formatTimeAgo } from "../common/format.js";
import { Modal } from "../common/modal.js";
import { ErrorState, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { Avatar, NetworkChip, SentimentBadge } from "./badges.js";
import { sentiments } from "./types.js";
import { NotesSection } from "./notes.js";
import { useAuthorCard, useAuthorNoteActions } from "./work-queries.js";
import type { AuthorCard as Card, AuthorRef } from "./work-types.js";

type Props = { authorRef: AuthorRef; onClose: () => void; onOpenItem: (id: string) => void };

export function AuthorCardDialog({ authorRef, onClose, onOpenItem }: Props) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const card = useAuthorCard(workspace.id, authorRef);
  return (
    <Modal title={card.data ? card.data.name || `@${card.data.handle}` : t("inbox.author.title")} onClose={onClose} testId="author-card">
      {card.isPending ? (
        <Loading />
      ) : card.isError ? (
        <ErrorState error={card.error} onRetry={() => void card.refetch()} />
      ) : (
        <CardBody card={card.data} authorRef={authorRef} onOpenItem={onOpenItem} />
      )}
    </Modal>
  );
}

function CardBody({ card, authorRef, onOpenItem }: { card: Card; authorRef: AuthorRef; onOpenItem: (id: string) => void }) {
  const { t } = useTranslation();
  const { can } = useShell();
  return (
    <div className="author-card">
      <div className="author-card__head">
        <Avatar name={card.name} url={card.avatarUrl} />
        <div className="inbox-row__meta">
          {card.handle ? <span className="muted">@{card.handle}</span> : null}
          <NetworkChip item={card} />
          {card.followers !== null ? <span className="muted small">{t("inbox.followers", { count: card.followers, value: formatNumber(card.followers) })}</span> : null}
        </div>
      </div>
      <dl className="author-card__facts">
        <div>
          <dt>{t("inbox.author.conversations")}</dt>
          <dd data-testid="author-total">{formatNumber(card.total)}</dd>
        </div>
        <div>
          <dt>{t("inbox.author.firstSeen")}</dt>
          <dd title={formatDateTime(card.firstSeenAt)}>{formatDate(card.firstSeenAt)}</dd>
        </div>
        <div>
          <dt>{t("inbox.author.lastSeen")}</dt>
          <dd title={formatDateTime(card.lastSeenAt)}>{formatTimeAgo(card.lastSeenAt)}</dd>
        </div>
        <div>
          <dt>{t("inbox.author.channels")}</dt>
          <dd>{card.channels.map((c) => `${c.name} (${c.items})`).join(", ")}</dd>
        </div>
      </dl>

      <section aria-label={t("inbox.author.sentiment")}>
        <h3 className="inbox-section-title">{t("inbox.author.sentiment")}</h3>
        <ul className="chips author-card__sentiment" data-testid="author-sentiment">
          {sentiments.map((s) => (
            <li key={s} className={card.sentiment[s] > 0 ? `sentiment sentiment--${s}` : "chip"}>
              {t(`inbox.sentiment.${s}`)}: {card.sentiment[s]}
            </li>
          ))}
          {card.sentiment.unknown > 0 ? <li className="chip">{t("inbox.author.unknownSentiment", { count: card.sentiment.unknown })}</li> : null}
        </ul>
        <Timeline card={card} />
      </section>

      <section aria-label={t("inbox.author.items")}>
        <h3 className="inbox-section-title">{t("inbox.author.items")}</h3>
        <ol className="author-card__items">
          {card.items.map((i) => (
            <li key={i.id}>
              <button type="button" className="author-card__item" onClick={() => onOpenItem(i.id)} data-testid="author-item">
                <span className="inbox-row__meta">
                  <span className="muted small" title={formatDateTime(i.occurredAt)}>
                    {formatTimeAgo(i.occurredAt)}
                  </span>
                  <span className="muted small">{i.channelName}</span>
                  <SentimentBadge sentiment={i.sentiment} />
                </span>
                <span className="author-card__text">{i.text}</span>
              </button>
            </li>
          ))}
        </ol>
        {card.total > card.items.length ? <p className="muted small">{t("inbox.author.more", { count: card.items.length, total: card.total })}</p> : null}
      </section>

      {card.handle ? <AuthorNotes card={card} authorRef={authorRef} canWrite={can("inbox.reply")} /> : null}
    </div>
  );
}

/** A small chart of the days the author wrote, stacked by sentiment; each day is also described in words. */
function Timeline({ card }: { card: Card }) {
  const { t } = useTranslation();
  if (card.timeline.length === 0) return null;
  const max = Math.max(...card.timeline.map((d) => d.positive + d.neutral + d.negative + d.unknown));
  return (
    <ol className="author-timeline" aria-label={t("inbox.author.timeline")} data-testid="author-timeline">
      {card.timeline.map((d) => {
        const total = d.positive + d.neutral + d.negative + d.unknown;
        const label = t("inbox.author.day", {
          date: formatDate(`${d.day}T12:00:00Z`),
          positive: d.positive,
          neutral: d.neutral + d.unknown,
          negative: d.negative,
        });
        return (
          <li key={d.day} className="author-timeline__day" title={label} aria-label={label} style={{ height: `${Math.max(12, (total / max) * 100)}%` }}>
            {(["negative", "neutral", "positive"] as const).map((s) => {
              const n = s === "neutral" ? d.neutral + d.unknown : d[s];
              return n > 0 ? <span key={s} className={`author-timeline__bar author-timeline__bar--${s}`} style={{ flexGrow: n }} /> : null;
            })}
          </li>
        );
      })}
    </ol>
  );
}

function AuthorNotes({ card, authorRef, canWrite }: { card: Card; authorRef: AuthorRef; canWrite: boolean }) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const { add, remove } = useAuthorNoteActions(workspace.id, authorRef);
  const admin = workspace.role === "owner" || workspace.role === "manager";
  return (
    <NotesSection
      name="author"
      title={t("inbox.author.notes")}
      empty={t("inbox.author.noNotes")}
      label={t("inbox.author.noteLabel")}
      notes={card.notes.map((n) => ({ ...n, removable: canWrite && (n.mine || admin) }))}
      canWrite={canWrite}
      onAdd={(text, done) => add.mutate({ network: card.network, handle: card.handle, text }, { onSuccess: done })}
      adding={add.isPending}
      onRemove={(id) => remove.mutate(id)}
      removing={remove.isPending}
      error={add.error ?? remove.error}
    />
  );
}
