/** The list of conversations: who, where, how they feel, how long ago, and who has it; with tick boxes for bulk work when the role may do it. */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatTimeAgo } from "../common/format.js";
import { Avatar, NetworkChip, SentimentBadge } from "./badges.js";
import type { InboxItem } from "./types.js";

const firstLine = (text: string) => text.split("\n", 1)[0]?.trim() ?? "";

type Props = {
  items: InboxItem[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Ticked for bulk actions; absent: no tick boxes. */
  checked?: Set<string> | undefined;
  onCheck?: ((id: string, on: boolean) => void) | undefined;
  /** When the list spans brands: each row names its brand. */
  brandNames?: Map<string, string> | undefined;
};

export function InboxList({ items, selectedId, onSelect, checked, onCheck, brandNames }: Props) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLUListElement>(null);
  // j/k move the selection; keep it in view.
  useEffect(() => {
    if (!selectedId) return;
    listRef.current?.querySelector(`[data-id="${CSS.escape(selectedId)}"]`)?.scrollIntoView({ block: "nearest" });
  }, [selectedId]);
  return (
    <ul className="inbox-list" ref={listRef} aria-label={t("inbox.listLabel")} data-testid="inbox-list">
      {items.map((item) => {
        const selected = item.id === selectedId;
        const cls = ["inbox-row", selected ? "is-selected" : "", item.sentiment === "negative" ? "inbox-row--negative" : "", item.status === "new" ? "inbox-row--new" : ""]
          .filter(Boolean)
          .join(" ");
        return (
          <li key={item.id} className={checked ? "inbox-list__item inbox-list__item--check" : "inbox-list__item"}>
            {checked && onCheck ? (
              <input
                type="checkbox"
                className="inbox-list__check"
                checked={checked.has(item.id)}
                onChange={(e) => onCheck(item.id, e.target.checked)}
                aria-label={t("inbox.bulk.selectOne", { name: item.author.name })}
                data-testid="inbox-row-check"
              />
            ) : null}
            <button
              type="button"
              className={cls}
              aria-current={selected ? "true" : undefined}
              onClick={() => onSelect(item.id)}
              data-testid="inbox-row"
              data-id={item.id}
              data-sentiment={item.sentiment ?? ""}
              data-status={item.status}
            >
              <Avatar name={item.author.name} url={item.author.avatarUrl} />
              <span className="inbox-row__body">
                <span className="inbox-row__head">
                  <span className="inbox-row__author">{item.author.name}</span>
                  <span className="inbox-row__time muted" title={item.occurredAt}>
                    {formatTimeAgo(item.occurredAt)}
                  </span>
                </span>
                <span className="inbox-row__meta">
                  {brandNames ? (
                    <span className="chip inbox-row__brand" data-testid="row-brand">
                      {brandNames.get(item.brandId) ?? ""}
                    </span>
                  ) : null}
                  <NetworkChip item={item} />
                  <span className="muted inbox-row__channel">{item.channelName}</span>
                  <SentimentBadge sentiment={item.sentiment} confidence={item.sentimentConfidence} />
                  {item.lang ? <span className="inbox-row__lang">{item.lang.toUpperCase()}</span> : null}
                </span>
                <span className="inbox-row__text">{firstLine(item.text) || t(`inbox.kind.${item.kind}`)}</span>
                {item.overdue ? <span className="inbox-row__overdue">{t("inbox.overdue")}</span> : null}
              </span>
              <span className="inbox-row__side">
                {item.status === "new" ? <span className="inbox-row__dot" title={t("inbox.status.new")} /> : null}
                {item.assignee ? (
                  <span title={t("inbox.assignedTo", { name: item.assignee.name })} data-testid="row-assignee">
                    <Avatar name={item.assignee.name} small />
                  </span>
                ) : null}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
