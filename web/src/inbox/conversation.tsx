/**
 * The conversation around an item: the post it belongs to, earlier comments, this item, and the
 * team's replies with their delivery status. Everything an author wrote is rendered as plain text.
 */
import { type RefObject, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatNumber, formatTimeAgo } from "../common/format.js";
import { FormError } from "../common/states.js";
import { TemplateProblems } from "../common/template-problems.js";
import { Avatar, safeUrl } from "./badges.js";
import type { useInboxActions } from "./queries.js";
import { NotesSection } from "./notes.js";
import { SavedReplyPicker } from "./saved-replies.js";
import type { InboxDetail, InboxItem, InboxReply } from "./types.js";
import type { RenderedReply, TemplateProblem } from "./work-types.js";

export function Thread({ item }: { item: InboxDetail }) {
  const { t } = useTranslation();
  const url = safeUrl(item.post?.url);
  const thread: Omit<InboxItem, "replies">[] = item.thread.some((x) => x.id === item.id) ? item.thread : [...item.thread, item];
  return (
    <section className="inbox-thread" aria-label={t("inbox.thread")} data-testid="inbox-thread">
      {item.post ? (
        <div className="inbox-thread__post">
          <span className="muted small">{t("inbox.onPost")}</span>{" "}
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer nofollow">
              {item.post.title || t("inbox.untitledPost")}
            </a>
          ) : (
            <span>{item.post.title || t("inbox.untitledPost")}</span>
          )}
        </div>
      ) : null}
      <ol className="inbox-thread__list">
        {thread.map((x) => (
          <ThreadEntry key={x.id} entry={x} current={x.id === item.id} />
        ))}
      </ol>
    </section>
  );
}

function ThreadEntry({ entry, current }: { entry: Omit<InboxItem, "replies">; current: boolean }) {
  const { t } = useTranslation();
  return (
    <li className={current ? "inbox-msg is-current" : "inbox-msg"} data-testid={current ? "inbox-current" : "inbox-earlier"}>
      <Avatar name={entry.author.name} url={entry.author.avatarUrl} small />
      <div className="inbox-msg__body">
        <div className="inbox-msg__head">
          <strong>{entry.author.name}</strong>
          {entry.author.handle ? <span className="muted">@{entry.author.handle.replace(/^@/, "")}</span> : null}
          {entry.author.followers !== null ? (
            <span className="muted small">{t("inbox.followers", { count: entry.author.followers, value: formatNumber(entry.author.followers) })}</span>
          ) : null}
          <span className="muted small" title={formatDateTime(entry.occurredAt)}>
            {formatTimeAgo(entry.occurredAt)}
          </span>
        </div>
        <p className="inbox-msg__text">{entry.text}</p>
      </div>
    </li>
  );
}

export function Replies({ replies, onRetry, onEdit, canReply }: { replies: InboxReply[]; onRetry: (text: string) => void; onEdit: (text: string) => void; canReply: boolean }) {
  const { t } = useTranslation();
  if (replies.length === 0) return null;
  return (
    <section className="inbox-replies" aria-label={t("inbox.ourReplies")}>
      <h3 className="inbox-section-title">{t("inbox.ourReplies")}</h3>
      <ol className="inbox-thread__list">
        {replies.map((r) => (
          <li key={r.id} className={`inbox-msg inbox-msg--ours inbox-msg--${r.status}`} data-testid="inbox-reply">
            <div className="inbox-msg__body">
              <div className="inbox-msg__head">
                <strong>{r.authorName}</strong>
                <span className={`reply-status reply-status--${r.status}`} data-testid="reply-status" data-status={r.status} role="status">
                  {t(`inbox.replyStatus.${r.status}`)}
                </span>
                <span className="muted small">{formatTimeAgo(r.sentAt ?? r.createdAt)}</span>
              </div>
              <p className="inbox-msg__text">{r.text}</p>
              {r.status === "failed" ? (
                <div className="inbox-msg__failure">
                  <p className="field__error" data-testid="reply-error">
                    {t("inbox.replyFailedReason", { reason: r.error ?? t("inbox.unknownReason") })}
                  </p>
                  {canReply ? (
                    <div className="actions-row">
                      <button type="button" className="btn btn--small btn--secondary" onClick={() => onRetry(r.text)} data-testid="reply-retry">
                        {t("inbox.retrySend")}
                      </button>
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => onEdit(r.text)}>
                        {t("inbox.editAndRetry")}
                      </button>
                    </div>
                  ) : null}
                </div>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

type ReplyBoxProps = {
  actions: ReturnType<typeof useInboxActions>;
  text: string;
  setText: (s: string) => void;
  replyRef: RefObject<HTMLTextAreaElement | null>;
  authorName: string;
  itemId: string;
  /** Colleagues answering this item right now (presence). */
  othersAnswering: string[];
  onFocusChange: (focused: boolean) => void;
};

/**
 * The reply box: the text stays until the server has accepted it, so nothing is lost on an error.
 * A saved reply is inserted where the cursor is, still editable; when a colleague is answering the
 * same item, sending asks first, so the author does not get two answers.
 */
export function ReplyBox({ actions, text, setText, replyRef, authorName, itemId, othersAnswering, onFocusChange }: ReplyBoxProps) {
  const { t } = useTranslation();
  const { reply } = actions;
  const [problems, setProblems] = useState<TemplateProblem[]>([]);
  const [confirming, setConfirming] = useState(false);
  const send = (anyway = false) => {
    const body = text.trim();
    if (!body || reply.isPending) return;
    if (othersAnswering.length > 0 && !anyway) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    reply.mutate(body, {
      onSuccess: () => {
        setText("");
        setProblems([]);
      },
    });
  };
  const insert = (r: RenderedReply) => {
    const el = replyRef.current;
    const start = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    setText(text.slice(0, start) + r.text + text.slice(end));
    setProblems(r.problems);
    const caret = start + r.text.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };
  const names = othersAnswering.join(", ");
  return (
    <form
      className="inbox-reply"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      data-testid="reply-form"
    >
      <div className="inbox-reply__head">
        <label className="field__label" htmlFor="inbox-reply-text">
          {t("inbox.replyTo", { name: authorName })}
        </label>
        <SavedReplyPicker itemId={itemId} onInsert={insert} />
      </div>
      {othersAnswering.length > 0 ? (
        <p className="presence" role="status" data-testid="presence">
          {t("inbox.presence.answering", { count: othersAnswering.length, names })}
        </p>
      ) : null}
      <textarea
        id="inbox-reply-text"
        ref={replyRef}
        className="textarea textarea--small"
        value={text}
        onFocus={() => onFocusChange(true)}
        onBlur={() => onFocusChange(false)}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value) setProblems([]);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            send();
          }
        }}
        placeholder={t("inbox.replyPlaceholder")}
        data-testid="reply-text"
      />
      <TemplateProblems problems={problems} title={t("inbox.savedReplies.problems")} testId="saved-reply-problems" />
      <FormError error={reply.error} testId="reply-post-error" />
      {confirming && othersAnswering.length > 0 ? (
        <div className="notice notice--warning" role="alert" data-testid="presence-confirm">
          <p>{t("inbox.presence.confirm", { count: othersAnswering.length, names })}</p>
          <div className="actions-row">
            <button type="button" className="btn btn--small btn--primary" onClick={() => send(true)} data-testid="presence-send-anyway">
              {t("inbox.presence.sendAnyway")}
            </button>
            <button type="button" className="btn btn--small btn--ghost" onClick={() => setConfirming(false)}>
              {t("inbox.presence.wait")}
            </button>
          </div>
        </div>
      ) : null}
      <div className="form-actions">
        <span className="muted small">{t("inbox.replyHint")}</span>
        <button type="submit" className="btn btn--primary" disabled={!text.trim() || reply.isPending} data-testid="reply-send">
          {reply.isPending ? t("inbox.replyStatus.sending") : t("inbox.reply")}
        </button>
      </div>
    </form>
  );
}

export function Notes({ item, actions, canWrite }: { item: InboxDetail; actions: ReturnType<typeof useInboxActions>; canWrite: boolean }) {
  const { t } = useTranslation();
  const { note } = actions;
  return (
    <NotesSection
      name="inbox"
      title={t("inbox.notes")}
      empty={t("inbox.noNotes")}
      label={t("inbox.noteLabel")}
      notes={item.notes}
      canWrite={canWrite}
      onAdd={(text, done) => note.mutate(text, { onSuccess: done })}
      adding={note.isPending}
      error={note.error}
    />
  );
}
