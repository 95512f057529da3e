/** The right pane: one item with its conversation, the team's triage controls, the reply box and internal notes. */
import { type RefObject, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatDuration, formatNumber, languageName } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import type { Channel, Member } from "../types.js";
import { Avatar, NetworkChip, SentimentBadge } from "./badges.js";
import { Notes, Replies, ReplyBox, Thread } from "./conversation.js";
import { ItemControls } from "./item-controls.js";
import { useInboxActions, useInboxItem } from "./queries.js";
import type { InboxDetail, InboxItem } from "./types.js";
import { usePresence } from "./work-queries.js";

// Unsent reply drafts survive moving between items (j/k) for the life of the page.
const drafts = new Map<string, string>();

type Props = {
  itemId: string;
  live: boolean;
  members: Member[];
  channels: Channel[];
  replyRef: RefObject<HTMLTextAreaElement | null>;
  /** Called once the item was deleted. */
  onGone: () => void;
  /** Opens the author card for this item's author. */
  onOpenAuthor: (itemId: string) => void;
};

export function ItemDetail({ itemId, live, members, channels, replyRef, onGone, onOpenAuthor }: Props) {
  const { workspace } = useShell();
  const item = useInboxItem(workspace.id, itemId, live);
  if (item.isPending) return <Loading />;
  if (item.isError) return <ErrorState error={item.error} onRetry={() => void item.refetch()} />;
  return <Loaded item={item.data} members={members} channels={channels} replyRef={replyRef} onGone={onGone} onOpenAuthor={onOpenAuthor} />;
}

function Loaded({ item, members, channels, replyRef, onGone, onOpenAuthor }: Omit<Props, "itemId" | "live"> & { item: InboxDetail }) {
  const { t } = useTranslation();
  const { workspace, me, can } = useShell();
  const actions = useInboxActions(workspace.id, item.id);
  const [text, setTextState] = useState(() => drafts.get(item.id) ?? "");
  const setText = (s: string) => {
    setTextState(s);
    if (s) drafts.set(item.id, s);
    else drafts.delete(item.id);
  };
  const canReply = can("inbox.reply");
  // "Answering" while the reply box has focus or a draft: colleagues see it, and we see theirs.
  const [focused, setFocused] = useState(false);
  const others = usePresence(workspace.id, item.id, canReply && (focused || text.trim() !== ""));
  const articleRef = useRef<HTMLElement>(null);
  // In the one-column layout the conversation sits below the list: bring it into view when opened.
  useEffect(() => {
    if (window.matchMedia("(max-width: 960px)").matches) articleRef.current?.scrollIntoView({ block: "start" });
  }, []);
  const channel = channels.find((c) => c.id === item.channelId);
  const negative = item.sentiment === "negative" && item.status !== "resolved";
  // On negative items the reminder and the actions come first; elsewhere the actions wait at the end.
  const moderation = (
    <Moderation
      item={item}
      actions={actions}
      onGone={onGone}
      negative={negative}
      canHide={canReply && (channel?.capabilities.hide ?? true)}
      canDelete={workspace.role === "owner" || workspace.role === "manager"}
    />
  );

  return (
    <article className="inbox-detail" ref={articleRef} data-testid="inbox-detail" data-id={item.id} data-status={item.status}>
      <header className="inbox-detail__head">
        <Avatar name={item.author.name} url={item.author.avatarUrl} />
        <div className="inbox-detail__who">
          <h2 className="inbox-detail__author">
            <button
              type="button"
              className="inbox-detail__author-link"
              onClick={() => onOpenAuthor(item.id)}
              title={t("inbox.author.open")}
              aria-label={t("inbox.author.openNamed", { name: item.author.name })}
              data-testid="author-open"
            >
              {item.author.name}
            </button>
          </h2>
          <div className="inbox-row__meta">
            {item.author.handle ? <span className="muted">@{item.author.handle.replace(/^@/, "")}</span> : null}
            {item.author.followers !== null ? (
              <span className="muted small">{t("inbox.followers", { count: item.author.followers, value: formatNumber(item.author.followers) })}</span>
            ) : null}
            <NetworkChip item={item} />
            <span className="muted">{item.channelName}</span>
            <span className="chip">{t(`inbox.kind.${item.kind}`)}</span>
            <SentimentBadge sentiment={item.sentiment} confidence={item.sentimentConfidence} />
            {item.lang ? <span className="chip">{languageName(item.lang)}</span> : null}
            <span className="muted small">{formatDateTime(item.occurredAt)}</span>
            {item.editedAt ? (
              <span className="chip" title={formatDateTime(item.editedAt)} data-testid="inbox-edited">
                {t("inbox.edited")}
              </span>
            ) : null}
            {item.url && /^https?:\/\//.test(item.url) ? (
              <a className="small" href={item.url} target="_blank" rel="noopener noreferrer">
                {t("inbox.openOnNetwork")}
              </a>
            ) : null}
          </div>
          <Timing item={item} />
        </div>
      </header>

      <ItemControls
        item={item}
        members={members}
        me={{ id: me.user.id, name: me.user.name }}
        canEdit={canReply}
        canLike={canReply && Boolean(channel?.capabilities.like)}
        actions={actions}
      />

      {negative ? moderation : null}

      <Thread item={item} />
      <Replies replies={item.replies} canReply={canReply} onRetry={(s) => actions.reply.mutate(s)} onEdit={(s) => {
        setText(s);
        replyRef.current?.focus();
      }} />
      {canReply ? (
        channel && !channel.capabilities.reply ? (
          <p className="notice notice--warning" data-testid="reply-unsupported">
            {t("inbox.replyUnsupported", { network: item.networkName })}
          </p>
        ) : (
          <ReplyBox
            actions={actions}
            text={text}
            setText={setText}
            replyRef={replyRef}
            authorName={item.author.name}
            itemId={item.id}
            othersAnswering={others.map((o) => o.name)}
            onFocusChange={setFocused}
          />
        )
      ) : (
        <p className="muted small">{t("inbox.readOnly")}</p>
      )}
      <Notes item={item} actions={actions} canWrite={canReply} />
      {negative ? null : moderation}
    </article>
  );
}

/**
 * Hide and delete, with the best-practice reminder on negative items: criticism is answered,
 * hidden or escalated — deleting it is the last resort, never the first. Spam can be of any
 * sentiment, so the actions are offered on every item.
 */
type HintProps = {
  item: InboxDetail;
  actions: ReturnType<typeof useInboxActions>;
  canHide: boolean;
  canDelete: boolean;
  negative: boolean;
  onGone: () => void;
};

function Moderation({ item, actions, canHide, canDelete, negative, onGone }: HintProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [deleting, setDeleting] = useState(false);
  if (!negative && !canHide && !canDelete) return null;
  return (
    <div className={negative ? "inbox-hint" : "inbox-moderation"} role={negative ? "note" : undefined} data-testid={negative ? "negative-hint" : "inbox-moderation"}>
      {negative ? (
        <>
          <p className="inbox-hint__title">{t("inbox.negativeHint.title")}</p>
          <p className="inbox-hint__text">{t("inbox.negativeHint.text")}</p>
        </>
      ) : null}
      {canHide || canDelete ? (
        <div className="actions-row">
          {canHide && !item.hiddenAt && !actions.hide.isSuccess ? (
            <button type="button" className="btn btn--small btn--secondary" disabled={actions.hide.isPending} onClick={() => actions.hide.mutate()} data-testid="inbox-hide">
              {t("inbox.hide")}
            </button>
          ) : null}
          {canDelete && !deleting ? (
            <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => setDeleting(true)} data-testid="inbox-delete">
              {t("inbox.delete")}
            </button>
          ) : null}
        </div>
      ) : null}
      {deleting ? (
        <form
          className="inbox-delete"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) actions.remove.mutate(reason.trim(), { onSuccess: onGone });
          }}
        >
          <label className="field__label" htmlFor="inbox-delete-reason">
            {t("inbox.deleteReason")}
          </label>
          <input id="inbox-delete-reason" className="input" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="inbox-delete-reason" />
          <p className="field__hint">{t("inbox.deleteWarning")}</p>
          <div className="actions-row">
            <button type="submit" className="btn btn--small btn--danger" disabled={!reason.trim() || actions.remove.isPending} data-testid="inbox-delete-confirm">
              {t("inbox.deleteConfirm")}
            </button>
            <button type="button" className="btn btn--small btn--ghost" onClick={() => setDeleting(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      ) : null}
      {actions.hide.isSuccess || item.hiddenAt ? (
        <p className="inbox-hint__done" data-testid="inbox-hidden">
          {t("inbox.hidden")}
        </p>
      ) : null}
      <FormError error={actions.hide.error ?? actions.remove.error} />
    </div>
  );
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/** Where the item stands against the brand's response target, and how long answering and resolving took. */
function Timing({ item }: { item: Pick<InboxItem, "firstResponseAt" | "occurredAt" | "overdue" | "dueAt" | "status" | "resolvedAt"> }) {
  const { t } = useTranslation();
  const parts: { key: string; text: string; late?: boolean }[] = [];
  if (item.firstResponseAt) parts.push({ key: "answered", text: t("inbox.timing.answered", { duration: formatDuration(minutesBetween(item.occurredAt, item.firstResponseAt)) }) });
  else if (item.overdue && item.dueAt) parts.push({ key: "overdue", text: t("inbox.timing.overdue", { time: formatDateTime(item.dueAt) }), late: true });
  else if (item.dueAt && (item.status === "new" || item.status === "open")) parts.push({ key: "due", text: t("inbox.timing.due", { time: formatDateTime(item.dueAt) }) });
  if (item.resolvedAt) parts.push({ key: "resolved", text: t("inbox.timing.resolved", { duration: formatDuration(minutesBetween(item.occurredAt, item.resolvedAt)) }) });
  if (parts.length === 0) return null;
  return (
    <p className="inbox-detail__timing small" data-testid="inbox-timing">
      {parts.map((p) => (
        <span key={p.key} className={p.late ? "inbox-row__overdue" : "muted"} data-timing={p.key}>
          {p.text}
        </span>
      ))}
    </p>
  );
}
