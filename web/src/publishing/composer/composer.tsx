/**
 * The composer: base text, channels, one tab per channel with its variant, a preview per network,
 * and the actions the role and the post's status allow. Times are entered on the brand's clock.
 * Changing only the times of a saved post moves its variants (no new approval); changing content
 * sends an approved post back to draft, as the server decides.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router-dom";
import { ApiError } from "../../api.js";
import { errorText } from "../../common/errors.js";
import { Field } from "../../common/field.js";
import { zoneLabel } from "../../common/zone.js";
import { useShell } from "../../shell/workspace.js";
import type { Channel } from "../../types.js";
import { ApprovalsTimeline } from "../approvals-timeline.js";
import { HistoryList } from "../history-list.js";
import { PreviewCard } from "../preview-card.js";
import { useBrandSettings, usePostActions } from "../queries.js";
import { type Post, type PostBody, type Problem, postFormats } from "../types.js";
import { AdSection } from "./ad-section.js";
import { ChannelPicker } from "./channel-picker.js";
import {
  contentOf,
  type Draft,
  draftFromPost,
  emptyDraft,
  emptyVariant,
  spreadErrors,
  toBody,
  type VariantDraft,
  variantText,
} from "./draft.js";
import { VariantStatuses } from "../variant-statuses.js";
import { PostActions } from "./post-actions.js";
import { RecurrenceSection } from "./recurrence-section.js";
import { appendBlock, TextHelpers } from "./text-helpers.js";
import { VariantEditor } from "./variant-editor.js";

type Props = { post?: Post; channels: Channel[]; initialTime?: string };

function newIdempotencyKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

type ValidationState = Record<string, { problems: Problem[]; settling: boolean }>;

export function Composer({ post, channels, initialTime }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { workspace, brand, base, can } = useShell();
  const zone = brand.timezone;
  const settings = useBrandSettings(workspace.id, brand.id);
  const actions = usePostActions(workspace.id);
  const canWrite = can("posts.write");
  const readOnly = post ? !post.can.edit : !canWrite;

  const initial = useMemo(() => (post ? draftFromPost(post, zone) : emptyDraft(initialTime ?? "")), [post, zone, initialTime]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [tab, setTab] = useState<string | null>(initial.channelIds[0] ?? null);
  const [validation, setValidation] = useState<ValidationState>({});
  // A message carried over from the compose page (the post was saved, then the queue refused it).
  const [error, setError] = useState<unknown>(() => (location.state as { error?: string } | null)?.error ?? null);
  const [errorOrder, setErrorOrder] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const idem = useRef<{ body: string; key: string } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on arrival: the carried message is shown, then dropped from the history entry.
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, []);

  const onProblems = useCallback((channelId: string, state: { problems: Problem[]; settling: boolean }) => {
    setValidation((prev) => {
      const cur = prev[channelId];
      if (cur && cur.settling === state.settling && JSON.stringify(cur.problems) === JSON.stringify(state.problems)) return prev;
      return { ...prev, [channelId]: state };
    });
  }, []);

  const body = toBody(draft, zone);
  const initialBody = post ? toBody(initial, zone) : null;
  const contentDirty = !initialBody || contentOf(body) !== contentOf(initialBody);
  const timesOf = (b: PostBody) => JSON.stringify(b.variants.map((v) => v.scheduledAt ?? null));
  const timesDirty = initialBody !== null && timesOf(body) !== timesOf(initialBody);
  const dirty = contentDirty || timesDirty;
  const needsApproval = settings.data ? settings.data.approvalSteps.length > 0 : true;
  const selected = draft.channelIds;
  const problemCount = selected.reduce((n, id) => n + (validation[id]?.problems.length ?? 0), 0);
  const settling = selected.some((id) => !validation[id] || validation[id]?.settling);
  const hasProblems = problemCount > 0;

  let scheduleBlock: string | null = null;
  if (selected.length === 0) scheduleBlock = t("composer.block.channels");
  else if (hasProblems) scheduleBlock = t("composer.block.problems");
  else if (settling) scheduleBlock = t("composer.block.checking");
  else if (!post ? needsApproval : contentDirty ? needsApproval : !post.can.schedule) {
    scheduleBlock = post?.status === "in_review" ? t("composer.block.inReview") : t("composer.block.approval");
  }

  const errors = spreadErrors(error, errorOrder);

  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const updateVariant = (v: VariantDraft) => setDraft((d) => ({ ...d, variants: { ...d.variants, [v.channelId]: v } }));
  const toggleChannel = (channelId: string) => {
    const on = draft.channelIds.includes(channelId);
    const channelIds = on ? draft.channelIds.filter((c) => c !== channelId) : [...draft.channelIds, channelId];
    const variants = draft.variants[channelId] ? draft.variants : { ...draft.variants, [channelId]: emptyVariant(channelId) };
    setDraft({ ...draft, channelIds, variants });
    if (!on) setTab(channelId);
    else if (tab === channelId) setTab(channelIds[0] ?? null);
  };
  const setSameTime = (sameTime: boolean) =>
    setDraft((d) => {
      if (sameTime) {
        const first = d.channelIds.map((c) => d.variants[c]?.time).find(Boolean) ?? d.time;
        return { ...d, sameTime, time: first };
      }
      const variants = { ...d.variants };
      for (const c of d.channelIds) {
        const v = variants[c];
        if (v && !v.time) variants[c] = { ...v, time: d.time };
      }
      return { ...d, sameTime, variants };
    });

  /** Saves what changed; answers the saved post. Only times changed: the variants are moved, nothing else. */
  const save = async (): Promise<Post> => {
    if (!post) {
      const json = JSON.stringify(body);
      if (!idem.current || idem.current.body !== json) idem.current = { body: json, key: newIdempotencyKey() };
      setErrorOrder(body.variants.map((v) => v.channelId));
      const created = await actions.create.mutateAsync({ brandId: brand.id, body, key: idem.current.key });
      return created;
    }
    const moved = body.variants.filter((v, i) => v.scheduledAt !== initialBody?.variants[i]?.scheduledAt);
    if (contentDirty || moved.some((v) => !v.scheduledAt)) {
      setErrorOrder(body.variants.map((v) => v.channelId));
      return actions.update.mutateAsync({ id: post.id, body });
    }
    let latest = post;
    for (const v of moved) {
      const variant = post.variants.find((x) => x.channelId === v.channelId);
      if (!variant || !v.scheduledAt) continue;
      try {
        latest = await actions.variant.mutateAsync({ id: variant.id, action: "reschedule", body: { scheduledAt: v.scheduledAt } });
      } catch (err) {
        // The answer names `scheduledAt`; put it beside this variant's time.
        setErrorOrder(body.variants.map((x) => x.channelId));
        const i = body.variants.indexOf(v);
        throw err instanceof ApiError
          ? new ApiError({ status: err.status, code: err.code, detail: err.detail, errors: err.errors.map((e) => ({ ...e, path: `variants.${i}.${e.path}` })) })
          : err;
      }
    }
    return latest;
  };

  const run = async (fn: () => Promise<Post | undefined>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await fn();
      if (result && !post) navigate(`${base}/posts/${result.id}`, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const handlers = {
    save: () => void run(save),
    submit: () =>
      void run(async () => {
        const saved = dirty ? await save() : (post as Post);
        return actions.act.mutateAsync({ id: saved.id, action: "submit" });
      }),
    schedule: () =>
      void run(async () => {
        const saved = dirty || !post ? await save() : post;
        setErrorOrder(saved.variants.map((v) => v.channelId));
        return actions.act.mutateAsync({ id: saved.id, action: "schedule" });
      }),
    decide: (approve: boolean, comment: string) =>
      void run(() =>
        actions.act.mutateAsync({
          id: (post as Post).id,
          action: approve ? "approve" : "reject",
          body: comment.trim() ? { comment: comment.trim() } : {},
        }),
      ),
    cancel: () => void run(() => actions.act.mutateAsync({ id: (post as Post).id, action: "cancel" })),
    remove: () =>
      void run(async () => {
        await actions.remove.mutateAsync((post as Post).id);
        navigate(`${base}/publishing`, { replace: true });
        return undefined;
      }),
    queue: () =>
      void run(async () => {
        const saved = dirty || !post ? await save() : post;
        setErrorOrder(saved.variants.map((v) => v.channelId));
        try {
          return await actions.queue.mutateAsync(saved.id);
        } catch (err) {
          if (post) throw err;
          // The new post exists now: open it, with the reason the queue gave.
          const detail = err instanceof ApiError && err.errors.length ? err.errors.map((e) => e.message).join(" ") : errorText(err, t);
          navigate(`${base}/posts/${saved.id}`, { replace: true, state: { error: detail } });
          return undefined;
        }
      }),
    copyLink: () =>
      void run(async () => {
        setLink(await actions.approvalLink.mutateAsync((post as Post).id));
        return undefined;
      }),
  };

  const active = tab && selected.includes(tab) ? tab : (selected[0] ?? null);
  const activeVariant = active ? draft.variants[active] : undefined;
  const activeChannel = channels.find((c) => c.id === active);
  const savedVariant = post?.variants.find((v) => v.channelId === active);
  const rubrics = settings.data?.rubrics ?? [];
  const rubricOptions = draft.rubric && !rubrics.includes(draft.rubric) ? [...rubrics, draft.rubric] : rubrics;
  // Channels of the saved post that are no longer connected still show as tabs.
  const channelOf = (id: string): Channel | undefined => channels.find((c) => c.id === id);

  return (
    <div className="composer" data-testid="composer" data-mode={readOnly ? "read" : "edit"}>
      <div className="composer__main stack">
        <section className="card stack">
          {readOnly ? null : (
            <TextHelpers
              workspaceId={workspace.id}
              brandId={brand.id}
              base={base}
              link={activeVariant?.link.trim() || null}
              onInsert={(text) => setDraft((d) => ({ ...d, baseText: appendBlock(d.baseText, text) }))}
            />
          )}
          <Field label={t("composer.baseText")} hint={readOnly ? undefined : t("composer.baseTextHint")} error={errors.post.baseText}>
            {(id, d) => (
              <textarea
                id={id}
                aria-describedby={d}
                className="textarea"
                rows={5}
                value={draft.baseText}
                readOnly={readOnly}
                onChange={(e) => update({ baseText: e.target.value })}
                data-testid="base-text"
              />
            )}
          </Field>
          <div className="form-grid">
            <Field label={t("composer.format")} error={errors.post.format}>
              {(id) => (
                <select id={id} className="select" value={draft.format} disabled={readOnly} onChange={(e) => update({ format: e.target.value as Draft["format"] })} data-testid="post-format">
                  {postFormats.map((f) => (
                    <option key={f} value={f}>
                      {t(`composer.formats.${f}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("composer.rubric")} error={errors.post.rubric}>
              {(id) => (
                <select id={id} className="select" value={draft.rubric} disabled={readOnly} onChange={(e) => update({ rubric: e.target.value })} data-testid="post-rubric">
                  <option value="">{t("composer.noRubric")}</option>
                  {rubricOptions.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("composer.tags")} hint={t("composer.tagsHint")} error={errors.post.tags}>
              {(id, d) => (
                <input id={id} aria-describedby={d} className="input" value={draft.tags} readOnly={readOnly} onChange={(e) => update({ tags: e.target.value })} data-testid="post-tags" />
              )}
            </Field>
            <Field label={t("composer.campaign")} error={errors.post.campaign}>
              {(id) => (
                <input id={id} className="input" value={draft.campaign} readOnly={readOnly} onChange={(e) => update({ campaign: e.target.value })} data-testid="post-campaign" />
              )}
            </Field>
          </div>
          <AdSection ad={draft.ad} readOnly={readOnly} errors={errors.post} onChange={(ad) => update({ ad })} />
        </section>

        {readOnly ? null : (
          <section className="card stack">
            <ChannelPicker channels={channels} selected={selected} onToggle={toggleChannel} error={errors.post.variants} />
            <div className="time-row">
              <label className="check">
                <input type="checkbox" checked={draft.sameTime} onChange={(e) => setSameTime(e.target.checked)} data-testid="same-time" />
                {t("composer.sameTime")}
              </label>
              {draft.sameTime ? (
                <Field label={t("composer.time")} hint={zoneLabel(zone)}>
                  {(id, d) => (
                    <input
                      id={id}
                      aria-describedby={d}
                      className="input input--time"
                      type="datetime-local"
                      value={draft.time}
                      onChange={(e) => update({ time: e.target.value })}
                      data-testid="post-time"
                    />
                  )}
                </Field>
              ) : (
                <span className="muted small">{t("composer.timePerVariant", { zone: zoneLabel(zone) })}</span>
              )}
            </div>
          </section>
        )}

        {selected.length ? (
          <section className="card">
            <div className="tabs" role="tablist" aria-label={t("composer.variants")}>
              {selected.map((id) => {
                const c = channelOf(id);
                const saved = post?.variants.find((v) => v.channelId === id);
                const bad = (validation[id]?.problems.length ?? 0) > 0 || Boolean(errors.byChannel[id]);
                return (
                  <button
                    key={id}
                    type="button"
                    role="tab"
                    aria-selected={id === active}
                    className={id === active ? "tab is-active" : "tab"}
                    onClick={() => setTab(id)}
                    data-testid="variant-tab"
                    data-handle={c?.handle ?? saved?.handle}
                  >
                    {c?.name || saved?.channelName || c?.handle || id}
                    {bad ? <span className="tab__dot" role="img" aria-label={t("composer.hasProblems")} /> : null}
                  </button>
                );
              })}
            </div>
            {readOnly
              ? null
              : selected.map((id) => {
                  const v = draft.variants[id];
                  if (!v) return null;
                  return (
                    <VariantEditor
                      key={id}
                      workspaceId={workspace.id}
                      brandId={brand.id}
                      zone={zone}
                      draft={draft}
                      variant={v}
                      channel={channelOf(id)}
                      hidden={id !== active}
                      errors={errors.byChannel[id] ?? {}}
                      onChange={updateVariant}
                      onProblems={onProblems}
                    />
                  );
                })}
            {readOnly && activeVariant ? (
              <PreviewCard
                workspaceId={workspace.id}
                network={savedVariant?.network ?? activeChannel?.network ?? ""}
                networkName={savedVariant?.networkName ?? activeChannel?.networkName ?? ""}
                simulated={savedVariant?.simulated ?? activeChannel?.simulated ?? false}
                channelName={savedVariant?.channelName ?? activeChannel?.name ?? ""}
                handle={savedVariant?.handle ?? activeChannel?.handle ?? ""}
                text={savedVariant?.text ?? variantText(draft, activeVariant)}
                mediaIds={activeVariant.media.map((m) => m.mediaId)}
                link={activeVariant.link || null}
              />
            ) : null}
          </section>
        ) : null}

        {!readOnly && canWrite ? (
          <RecurrenceSection
            workspaceId={workspace.id}
            zone={zone}
            post={post}
            disabled={busy || selected.length === 0}
            ensureSaved={async () => (dirty || !post ? save() : post)}
            onCreated={(p) => navigate(`${base}/posts/${p.id}`, { replace: true })}
          />
        ) : null}

        <PostActions
          s={{
            post,
            canWrite,
            readOnly,
            busy,
            error,
            dirty,
            contentDirty,
            needsApproval,
            scheduleBlock,
            hasProblems,
            queueBlock: selected.length === 0 ? t("composer.block.channels") : null,
            approvalLink: link,
          }}
          on={handlers}
        />
      </div>

      <aside className="composer__side stack">
        {!readOnly && activeVariant && (activeChannel || savedVariant) ? (
          <section className="card stack">
            <h2 className="card__title">{t("composer.preview")}</h2>
            <PreviewCard
              workspaceId={workspace.id}
              network={activeChannel?.network ?? savedVariant?.network ?? ""}
              networkName={activeChannel?.networkName ?? savedVariant?.networkName ?? ""}
              simulated={activeChannel?.simulated ?? savedVariant?.simulated ?? false}
              channelName={activeChannel?.name ?? savedVariant?.channelName ?? ""}
              handle={activeChannel?.handle ?? savedVariant?.handle ?? ""}
              text={variantText(draft, activeVariant)}
              mediaIds={activeVariant.media.map((m) => m.mediaId)}
              link={activeVariant.link.trim() || null}
            />
          </section>
        ) : null}
        {post ? (
          <>
            <VariantStatuses post={post} workspaceId={workspace.id} zone={zone} canWrite={canWrite} />
            <ApprovalsTimeline approvals={post.approvals} />
            <HistoryList history={post.history ?? []} />
          </>
        ) : null}
      </aside>
    </div>
  );
}
