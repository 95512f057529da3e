/**
 * Saved views above the inbox filters: the caller's own and the shared ones as links, one click
 * sets every filter; "Save view" keeps the current filters under a name, personal or (for those who
 * answer the inbox) shared with the workspace.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import type { InboxFilters } from "./types.js";
import { useSavedViewActions, useSavedViews } from "./work-queries.js";
import type { SavedView, ViewFilters } from "./work-types.js";

/** The current filters as a view keeps them: only what is set. */
export function toViewFilters(f: InboxFilters, brandId: string | null): ViewFilters {
  const out: ViewFilters = {};
  if (brandId) out.brandId = brandId;
  if (f.channelId) out.channelId = f.channelId;
  if (f.status) out.status = f.status;
  if (f.sentiment) out.sentiment = f.sentiment;
  if (f.lang) out.lang = f.lang;
  if (f.assignee) out.assignee = f.assignee;
  if (f.q.trim()) out.q = f.q.trim();
  if (f.unanswered) out.unanswered = true;
  if (f.overdue) out.overdue = true;
  if (f.sort) out.sort = f.sort;
  if (f.kind) out.kind = f.kind;
  return out;
}

/** A view's filters as the page's query-string values (the names inbox-filters reads). */
export function viewParams(v: ViewFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (v.channelId) out.channel = v.channelId;
  if (v.status) out.status = v.status;
  if (v.sentiment) out.sentiment = v.sentiment;
  if (v.lang) out.lang = v.lang;
  if (v.assignee) out.assignee = v.assignee;
  if (v.q) out.q = v.q;
  if (v.unanswered) out.unanswered = "true";
  if (v.overdue) out.overdue = "true";
  if (v.sort === "priority") out.sort = "priority";
  if (v.kind) out.kind = v.kind;
  return out;
}

const sameFilters = (a: ViewFilters, b: ViewFilters) => {
  const { brandId: _a, ...x } = a;
  const { brandId: _b, ...y } = b;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].every((k) => x[k as keyof typeof x] === y[k as keyof typeof y]);
};

type Props = { filters: InboxFilters; onApply: (view: SavedView) => void };

export function SavedViewsBar({ filters, onApply }: Props) {
  const { t } = useTranslation();
  const { workspace, brand, can, me } = useShell();
  const views = useSavedViews(workspace.id, brand.id);
  const { create, remove } = useSavedViewActions(workspace.id);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [thisBrand, setThisBrand] = useState(true);
  const current = toViewFilters(filters, null);
  const admin = workspace.role === "owner" || workspace.role === "manager";
  const items = views.data?.items ?? [];

  const save = () => {
    // A channel belongs to one brand, so a view that names one is that brand's.
    const scoped = thisBrand || Boolean(filters.channelId);
    create.mutate(
      { name: name.trim(), shared: shared && can("inbox.reply"), filters: toViewFilters(filters, scoped ? brand.id : null) },
      {
        onSuccess: () => {
          setSaving(false);
          setName("");
          setShared(false);
        },
      },
    );
  };

  return (
    <nav className="inbox-views" aria-label={t("inbox.views.label")} data-testid="inbox-views">
      {items.length > 0 ? (
        <ul className="inbox-views__list">
          {items.map((v) => {
            const active = sameFilters(v.filters, current);
            return (
              <li key={v.id} className={active ? "inbox-view is-active" : "inbox-view"}>
                <button
                  type="button"
                  className="inbox-view__apply"
                  aria-pressed={active}
                  title={v.shared ? t("inbox.views.sharedBy", { name: v.mine ? me.user.name : v.owner.name }) : t("inbox.views.personal")}
                  onClick={() => onApply(v)}
                  data-testid="inbox-view"
                >
                  {v.name}
                  {v.shared ? <span className="inbox-view__shared">{t("inbox.views.shared")}</span> : null}
                </button>
                {v.mine || (v.shared && admin) ? (
                  <button
                    type="button"
                    className="inbox-view__remove"
                    aria-label={t("inbox.views.remove", { name: v.name })}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(v.id)}
                  >
                    ×
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {saving ? (
        <form
          className="inbox-views__form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save();
          }}
        >
          <label className="visually-hidden" htmlFor="inbox-view-name">
            {t("inbox.views.name")}
          </label>
          <input
            id="inbox-view-name"
            className="input input--narrow"
            value={name}
            maxLength={60}
            placeholder={t("inbox.views.name")}
            onChange={(e) => setName(e.target.value)}
            data-testid="inbox-view-name"
          />
          {can("inbox.reply") ? (
            <label className="check">
              <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} data-testid="inbox-view-shared" />
              {t("inbox.views.share")}
            </label>
          ) : null}
          <label className="check">
            <input type="checkbox" checked={thisBrand || Boolean(filters.channelId)} disabled={Boolean(filters.channelId)} onChange={(e) => setThisBrand(e.target.checked)} />
            {t("inbox.views.onlyBrand", { brand: brand.name })}
          </label>
          <button type="submit" className="btn btn--small btn--primary" disabled={!name.trim() || create.isPending} data-testid="inbox-view-save">
            {t("common.save")}
          </button>
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setSaving(false)}>
            {t("common.cancel")}
          </button>
          <FormError error={create.error} />
        </form>
      ) : (
        <button type="button" className="btn btn--small btn--ghost" onClick={() => setSaving(true)} data-testid="inbox-view-new">
          {t("inbox.views.save")}
        </button>
      )}
      <FormError error={remove.error} />
    </nav>
  );
}
