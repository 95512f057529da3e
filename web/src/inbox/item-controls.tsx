/** The triage bar of one item: status, assignment, sentiment correction, tags, and a like where the network allows it. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../common/states.js";
import type { Member } from "../types.js";
import { LikeButton } from "./like-button.js";
import type { useInboxActions } from "./queries.js";
import { type InboxItem, type InboxStatus, type Sentiment, sentiments } from "./types.js";

type Props = {
  item: Omit<InboxItem, "replies">;
  members: Member[];
  me: { id: string; name: string };
  canEdit: boolean;
  /** The channel's network lets Chorus like comments (and the role may act on the inbox). */
  canLike?: boolean;
  actions: ReturnType<typeof useInboxActions>;
};

const settable: InboxStatus[] = ["open", "waiting", "resolved"];

export function ItemControls({ item, members, me, canEdit, canLike, actions }: Props) {
  const { t } = useTranslation();
  const { patch } = actions;
  const meId = me.id;
  const busy = patch.isPending;
  // Me first, then by name; the current assignee stays listed even if they have left the workspace.
  // Only teammates who can read the inbox can take an item (clients see approvals and reports only).
  const people = members.filter((m) => m.role !== "client").map((m) => ({ id: m.userId, name: m.name }));
  if (item.assignee && !people.some((p) => p.id === item.assignee?.id)) people.push(item.assignee);
  // Without the members list (it failed or is loading) one can still take an item.
  if (!people.some((p) => p.id === me.id)) people.push(me);
  const sorted = people.sort((a, b) => (a.id === meId ? -1 : b.id === meId ? 1 : a.name.localeCompare(b.name)));

  return (
    <div className="inbox-controls" data-testid="inbox-controls">
      <div className="inbox-controls__group">
        <span className="inbox-controls__label">{t("inbox.statusLabel")}</span>
        {item.status === "new" ? <span className="istatus istatus--new">{t("inbox.status.new")}</span> : null}
        {settable.map((s) => (
          <button
            key={s}
            type="button"
            className={item.status === s ? `btn btn--small istatus-btn istatus-btn--${s} is-active` : "btn btn--small btn--secondary istatus-btn"}
            aria-pressed={item.status === s}
            disabled={!canEdit || busy || item.status === s}
            onClick={() => patch.mutate({ status: s })}
            data-testid={`inbox-status-${s}`}
          >
            {t(`inbox.setStatus.${s}`)}
          </button>
        ))}
      </div>
      <div className="inbox-controls__group">
        <label className="inbox-controls__label" htmlFor="inbox-assignee">
          {t("inbox.assign")}
        </label>
        <select
          id="inbox-assignee"
          className="select select--compact"
          value={item.assignee?.id ?? ""}
          disabled={!canEdit || busy}
          onChange={(e) => patch.mutate({ assigneeId: e.target.value || null })}
          data-testid="inbox-assignee"
        >
          <option value="">{t("inbox.unassigned")}</option>
          {sorted.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id === meId ? t("inbox.meName", { name: m.name }) : m.name}
            </option>
          ))}
        </select>
        {canEdit && item.assignee?.id !== meId ? (
          <button type="button" className="btn btn--small btn--ghost" disabled={busy} onClick={() => patch.mutate({ assigneeId: meId })} data-testid="inbox-assign-me">
            {t("inbox.assignToMe")}
          </button>
        ) : null}
      </div>
      <div className="inbox-controls__group">
        <label className="inbox-controls__label" htmlFor="inbox-sentiment">
          {t("inbox.sentimentLabel")}
        </label>
        <select
          id="inbox-sentiment"
          className="select select--compact"
          value={item.sentiment ?? ""}
          disabled={!canEdit || busy}
          onChange={(e) => patch.mutate({ sentiment: e.target.value as Sentiment })}
          data-testid="inbox-sentiment"
        >
          {item.sentiment === null ? (
            <option value="" disabled>
              {t("inbox.sentimentUnknown")}
            </option>
          ) : null}
          {sentiments.map((s) => (
            <option key={s} value={s}>
              {t(`inbox.sentiment.${s}`)}
            </option>
          ))}
        </select>
        {item.sentimentConfidence !== null ? (
          <span className="muted small">{t("inbox.sentimentAuto", { value: Math.round(item.sentimentConfidence * 100) })}</span>
        ) : null}
      </div>
      <TagsEditor tags={item.tags} disabled={!canEdit} onChange={(tags) => patch.mutate({ tags })} />
      {canLike ? <LikeButton itemId={item.id} likedAt={item.likedAt} /> : null}
      <FormError error={patch.error} testId="inbox-patch-error" />
    </div>
  );
}

function TagsEditor({ tags, disabled, onChange }: { tags: string[]; disabled: boolean; onChange: (tags: string[]) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState("");
  const add = () => {
    const tag = draft.trim();
    if (!tag) return;
    if (!tags.includes(tag)) onChange([...tags, tag]);
    setDraft("");
  };
  return (
    <div className="inbox-controls__group">
      <span className="inbox-controls__label">{t("inbox.tags")}</span>
      <ul className="chips" data-testid="inbox-tags">
        {tags.map((tag) => (
          <li key={tag} className="chip inbox-tag">
            {tag}
            {!disabled ? (
              <button
                type="button"
                className="inbox-tag__remove"
                aria-label={t("inbox.removeTag", { tag })}
                onClick={() => onChange(tags.filter((x) => x !== tag))}
              >
                ×
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {!disabled ? (
        <input
          className="input input--narrow inbox-tag__input"
          value={draft}
          maxLength={40}
          placeholder={t("inbox.addTag")}
          aria-label={t("inbox.addTag")}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === ",") {
              e.preventDefault();
              add();
            }
          }}
          onBlur={add}
          data-testid="inbox-tag-input"
        />
      ) : null}
    </div>
  );
}
