/**
 * The bulk bar, shown while conversations are ticked in the list: assign them, set their status or
 * add a tag in one request. The server applies it to all of them or to none.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import type { Member } from "../types.js";
import type { InboxStatus } from "./types.js";
import { useBulk } from "./work-queries.js";
import type { BulkAction } from "./work-types.js";

const settable: InboxStatus[] = ["open", "waiting", "resolved"];

/** onDone gets what happened, in words: the page shows it even after the selection is gone. */
type Props = { selected: string[]; members: Member[]; onDone: (message: string) => void; onClear: () => void };

export function BulkBar({ selected, members, onDone, onClear }: Props) {
  const { t } = useTranslation();
  const { workspace, me } = useShell();
  const bulk = useBulk(workspace.id);
  const [tag, setTag] = useState("");
  // Clients do not read the inbox, so nothing can be assigned to them.
  const people = members.filter((m) => m.role !== "client").map((m) => ({ id: m.userId, name: m.name }));
  if (!people.some((p) => p.id === me.user.id)) people.push({ id: me.user.id, name: me.user.name });

  const run = (action: BulkAction, message: (changed: number) => string) =>
    bulk.mutate(
      { ...action, itemIds: selected },
      {
        onSuccess: (r) => onDone(message(r.changed)),
      },
    );

  return (
    <section className="bulk-bar" aria-label={t("inbox.bulk.label")} data-testid="bulk-bar">
      <span className="bulk-bar__count" data-testid="bulk-count">
        {t("inbox.bulk.selected", { count: selected.length })}
      </span>
      <select
        className="select select--compact"
        aria-label={t("inbox.bulk.assign")}
        value=""
        disabled={bulk.isPending}
        onChange={(e) => {
          const v = e.target.value;
          if (!v) return;
          const assigneeId = v === "none" ? null : v;
          const name = people.find((p) => p.id === assigneeId)?.name ?? "";
          run({ action: "assign", assigneeId }, (n) => (assigneeId ? t("inbox.bulk.assigned", { count: n, name }) : t("inbox.bulk.unassigned", { count: n })));
        }}
        data-testid="bulk-assign"
      >
        <option value="">{t("inbox.bulk.assign")}</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.id === me.user.id ? t("inbox.meName", { name: p.name }) : p.name}
          </option>
        ))}
        <option value="none">{t("inbox.unassigned")}</option>
      </select>
      <select
        className="select select--compact"
        aria-label={t("inbox.bulk.status")}
        value=""
        disabled={bulk.isPending}
        onChange={(e) => {
          const status = e.target.value as InboxStatus;
          if (!status) return;
          run({ action: "status", status }, (n) => t("inbox.bulk.statusSet", { count: n, status: t(`inbox.status.${status}`) }));
        }}
        data-testid="bulk-status"
      >
        <option value="">{t("inbox.bulk.status")}</option>
        {settable.map((s) => (
          <option key={s} value={s}>
            {t(`inbox.setStatus.${s}`)}
          </option>
        ))}
      </select>
      <form
        className="bulk-bar__tag"
        onSubmit={(e) => {
          e.preventDefault();
          const value = tag.trim();
          if (!value) return;
          run({ action: "tag", tag: value }, (n) => t("inbox.bulk.tagged", { count: n, tag: value }));
          setTag("");
        }}
      >
        <input
          className="input input--narrow"
          value={tag}
          maxLength={40}
          placeholder={t("inbox.bulk.tag")}
          aria-label={t("inbox.bulk.tag")}
          onChange={(e) => setTag(e.target.value)}
          data-testid="bulk-tag"
        />
        <button type="submit" className="btn btn--small btn--secondary" disabled={!tag.trim() || bulk.isPending}>
          {t("inbox.bulk.addTag")}
        </button>
      </form>
      <button type="button" className="btn btn--small btn--ghost" onClick={onClear} data-testid="bulk-clear">
        {t("inbox.bulk.clear")}
      </button>
      <FormError error={bulk.error} testId="bulk-error" />
    </section>
  );
}
