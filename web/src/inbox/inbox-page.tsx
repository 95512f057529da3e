/**
 * Inbox: comments, replies, mentions and messages from every channel of the brand in one list.
 * Left: saved views, filters and the list (with tick boxes and a bulk bar for those who answer);
 * right: the selected item to triage, answer and note, and the author card on demand. j/k move
 * through the list, r jumps to the reply box. Updates arrive over the live stream when the server
 * has one, otherwise every 15 seconds.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { useChannels } from "../channels/queries.js";
import { PageHeader } from "../common/page-header.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { useMembers } from "../members/queries.js";
import { useShell } from "../shell/workspace.js";
import { AuthorCardDialog } from "./author-card.js";
import { BulkBar } from "./bulk-bar.js";
import { filterParams, InboxFilterBar, readFilters, withFilter } from "./inbox-filters.js";
import { InboxList } from "./inbox-list.js";
import { ItemDetail } from "./item-detail.js";
import { useInboxCounts, useInboxList, useInboxRefresh, useInboxStream } from "./queries.js";
import { ResponseTimes } from "./response-times.js";
import { SavedViewsBar, viewParams } from "./saved-views.js";
import type { InboxFilters } from "./types.js";
import type { AuthorRef, SavedView } from "./work-types.js";
import "./inbox-work.css";

// Languages offered before the list has shown any: the UI's own and the brand audiences' usual ones.
const commonLanguages = ["en", "ru", "uk"];

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

export function InboxPage() {
  const { t } = useTranslation();
  const { workspace, brand, brands, can } = useShell();
  const [params, setSearchParams] = useSearchParams();
  // The router computes a functional update from the address of the last render, so two updates
  // before the next render (a filter clicked while the first item opens itself) would lose the
  // first: each update starts from the latest address instead.
  // A render can come before the router has taken the new address (a query resolving), so the
  // address we asked for stays the starting point until the router shows it.
  const pending = useRef<string | null>(null);
  if (pending.current === params.toString()) pending.current = null;
  const latest = pending.current ?? params.toString();
  const latestRef = useRef(latest);
  latestRef.current = latest;
  const setParams = useCallback(
    (update: (prev: URLSearchParams) => URLSearchParams, opts?: { replace?: boolean }) => {
      const next = update(new URLSearchParams(latestRef.current));
      pending.current = next.toString();
      latestRef.current = pending.current;
      setSearchParams(next, opts);
    },
    [setSearchParams],
  );
  const filters = useMemo(() => readFilters(params), [params]);
  const selectedId = params.get("item");

  // One inbox for the brand, or for every brand of the workspace (agencies answer for many).
  const allBrands = params.get("brands") === "all";
  const scope = allBrands ? undefined : brand.id;
  const live = useInboxStream(workspace.id, scope, true);
  const list = useInboxList(workspace.id, scope, filters, live);
  const counts = useInboxCounts(workspace.id, scope, live);
  const refresh = useInboxRefresh(workspace.id, scope);
  const channels = useChannels(workspace.id, scope);
  const brandNames = useMemo(() => (allBrands ? new Map(brands.map((b) => [b.id, b.name])) : undefined), [allBrands, brands]);
  const members = useMembers(workspace.id);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const canBulk = can("inbox.reply");
  // Ticked rows for bulk actions; only the ones still in the list count.
  const [checked, setChecked] = useState<Set<string>>(() => new Set());
  const ticked = useMemo(() => items.filter((i) => checked.has(i.id)).map((i) => i.id), [items, checked]);
  const [bulkDone, setBulkDone] = useState<string | null>(null);
  const [author, setAuthor] = useState<AuthorRef | null>(null);

  const languages = useMemo(
    () => Array.from(new Set([...commonLanguages, ...items.map((i) => i.lang).filter((l): l is string => Boolean(l))])),
    [items],
  );

  const select = useCallback(
    (id: string | null) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (id) next.set("item", id);
          else next.delete("item");
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  // A new filter starts from the top of its own list rather than keeping an item it may not contain.
  const onFilter = useCallback(
    (key: keyof InboxFilters, value: string | boolean | null) => {
      setChecked(new Set());
      setParams(
        (prev) => {
          const next = withFilter(prev, key, value);
          next.delete("item");
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  // A saved view replaces every filter at once (and adds to the history: it is a navigation).
  const applyView = useCallback(
    (view: SavedView) => {
      setChecked(new Set());
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const name of filterParams) next.delete(name);
        next.delete("item");
        for (const [k, v] of Object.entries(viewParams(view.filters))) next.set(k, v);
        return next;
      });
    },
    [setParams],
  );

  const onCheck = useCallback((id: string, on: boolean) => {
    setBulkDone(null);
    setChecked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const allTicked = items.length > 0 && ticked.length === items.length;
  // Stable callbacks: the dialog refocuses its first control whenever onClose changes.
  const closeAuthor = useCallback(() => setAuthor(null), []);
  const openFromAuthor = useCallback(
    (id: string) => {
      setAuthor(null);
      select(id);
    },
    [select],
  );

  // The first item opens by itself on wide screens, so the page is never a blank half.
  // (Not while the previous filter's list is still shown in place of the new one.)
  const settled = !list.isPlaceholderData;
  useEffect(() => {
    if (settled && !selectedId && items[0] && window.matchMedia("(min-width: 960px)").matches) select(items[0].id);
  }, [settled, selectedId, items, select]);

  // Keys read the latest list and selection from a ref: presses can come faster than renders.
  const nav = useRef({ items, selectedId });
  nav.current = { items, selectedId };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (e.key === "j" || e.key === "k") {
        const { items: list, selectedId: current } = nav.current;
        if (list.length === 0) return;
        const at = list.findIndex((i) => i.id === current);
        const next = e.key === "j" ? Math.min(at + 1, list.length - 1) : Math.max(at - 1, 0);
        const target = list[at === -1 ? 0 : next];
        if (target) {
          e.preventDefault();
          nav.current.selectedId = target.id;
          select(target.id);
        }
      } else if (e.key === "r" && replyRef.current) {
        e.preventDefault();
        replyRef.current.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [select]);

  return (
    <>
      <PageHeader
        title={t("inbox.title")}
        subtitle={
          <>
            {t("inbox.subtitle")}{" "}
            <span className="muted small" data-testid="inbox-live">
              {live ? t("inbox.live") : t("inbox.polling")}
            </span>
          </>
        }
        actions={
          <>
            {brands.length > 1 ? (
              <select
                className="select select--compact"
                aria-label={t("inbox.scope.label")}
                value={allBrands ? "all" : "brand"}
                onChange={(e) =>
                  setParams(
                    (prev) => {
                      const next = new URLSearchParams(prev);
                      if (e.target.value === "all") next.set("brands", "all");
                      else next.delete("brands");
                      // Channels belong to brands: a channel filter from the other scope would hide everything.
                      next.delete("channelId");
                      next.delete("item");
                      return next;
                    },
                    { replace: true },
                  )
                }
                data-testid="inbox-scope"
              >
                <option value="brand">{t("inbox.scope.brand", { brand: brand.name })}</option>
                <option value="all">{t("inbox.scope.all", { count: brands.length })}</option>
              </select>
            ) : null}
            {refresh.isSuccess ? (
              <span className="muted small" role="status" data-testid="inbox-refreshed">
                {t("inbox.refreshed", { count: refresh.data.channels })}
              </span>
            ) : null}
            <button type="button" className="btn btn--secondary" disabled={refresh.isPending} onClick={() => refresh.mutate()} data-testid="inbox-refresh">
              {refresh.isPending ? t("inbox.refreshing") : t("inbox.refresh")}
            </button>
          </>
        }
      />
      <ResponseTimes brandId={scope} />
      <div className="inbox">
        <div className="inbox__left">
          <SavedViewsBar filters={filters} onApply={applyView} />
          <InboxFilterBar
            filters={filters}
            counts={counts.data}
            channels={channels.data?.items ?? []}
            languages={languages}
            onChange={onFilter}
          />
          {canBulk && ticked.length > 0 ? (
            <BulkBar
              selected={ticked}
              members={members.data?.items ?? []}
              onDone={setBulkDone}
              onClear={() => setChecked(new Set())}
            />
          ) : null}
          {bulkDone ? (
            <p className="muted small bulk-done" role="status" data-testid="bulk-done">
              {bulkDone}
            </p>
          ) : null}
          {list.isPending ? (
            <Loading />
          ) : list.isError && items.length === 0 ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState title={t("inbox.empty")} testId="inbox-empty">
              <p className="empty__text">{t("inbox.emptyHint")}</p>
            </EmptyState>
          ) : (
            <div className="card card--flush inbox__listcard">
              {canBulk ? (
                <div className="card__bar inbox__bulkhead">
                  <label className="check">
                    <SelectAll
                      all={allTicked}
                      some={ticked.length > 0}
                      onChange={(on) => {
                        setBulkDone(null);
                        setChecked(on ? new Set(items.map((i) => i.id)) : new Set());
                      }}
                    />
                    {t("inbox.bulk.selectAll")}
                  </label>
                </div>
              ) : null}
              <InboxList
                items={items}
                selectedId={selectedId}
                onSelect={select}
                checked={canBulk ? checked : undefined}
                onCheck={canBulk ? onCheck : undefined}
                brandNames={brandNames}
              />
              {list.isFetchNextPageError ? <FormError error={list.error} /> : null}
              {list.hasNextPage ? (
                <div className="card__bar inbox__more">
                  <button
                    type="button"
                    className="btn btn--secondary btn--block"
                    disabled={list.isFetchingNextPage}
                    onClick={() => void list.fetchNextPage()}
                    data-testid="inbox-load-more"
                  >
                    {list.isFetchingNextPage ? t("common.loading") : t("common.loadMore")}
                  </button>
                </div>
              ) : null}
            </div>
          )}
          <p className="muted small inbox__keys">{t("inbox.keys")}</p>
        </div>
        <div className="inbox__right">
          {selectedId ? (
            <ItemDetail
              key={selectedId}
              itemId={selectedId}
              live={live}
              members={members.data?.items ?? []}
              channels={channels.data?.items ?? []}
              replyRef={replyRef}
              onGone={() => select(null)}
              onOpenAuthor={(itemId) => setAuthor({ itemId })}
            />
          ) : (
            <EmptyState title={t("inbox.nothingSelected")} testId="inbox-none-selected">
              <p className="empty__text">{can("inbox.reply") ? t("inbox.nothingSelectedHint") : t("inbox.readOnly")}</p>
            </EmptyState>
          )}
        </div>
      </div>
      {author ? (
        <AuthorCardDialog authorRef={author} onClose={closeAuthor} onOpenItem={openFromAuthor} />
      ) : null}
    </>
  );
}

/** "Select all on this page": checked when all are, half-checked when some are. */
function SelectAll({ all, some, onChange }: { all: boolean; some: boolean; onChange: (on: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some && !all;
  }, [all, some]);
  return <input ref={ref} type="checkbox" checked={all} onChange={(e) => onChange(e.target.checked)} data-testid="inbox-select-all" />;
}
