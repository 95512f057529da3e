/**
 * Where each variant stands, with the way out of every stuck state: a failed one can be retried;
 * an unconfirmed one (the network did not say whether it went out) is settled by a person who
 * checked; a held one (its time passed while Chorus was down) can be published now.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNetworks } from "../channels/queries.js";
import { FormError } from "../common/states.js";
import { formatInZone } from "../common/zone.js";
import { usePostActions } from "./queries.js";
import { StatusChip } from "./status-chip.js";
import type { Post, Variant } from "./types.js";

type Props = { post: Post; workspaceId: string; zone: string; canWrite: boolean };

function MarkPublished({ variant, onDone, busy }: { variant: Variant; onDone: (url: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState("");
  if (!open) {
    return (
      <button type="button" className="btn btn--secondary btn--small" onClick={() => setOpen(true)} data-testid="variant-mark-published">
        {t("publishing.markPublished")}
      </button>
    );
  }
  return (
    <span className="inline-row">
      <input
        className="input"
        type="url"
        placeholder={t("publishing.markPublishedUrl")}
        aria-label={t("publishing.markPublishedUrl")}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <button type="button" className="btn btn--primary btn--small" disabled={busy} onClick={() => onDone(url.trim())} data-testid={`mark-published-confirm-${variant.id}`}>
        {t("common.save")}
      </button>
    </span>
  );
}

/** A published variant's text changed on the network itself (where the network allows editing). */
function EditOnNetwork({ variant, onSave, busy }: { variant: Variant; onSave: (text: string, done: () => void) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState<string | null>(null);
  if (text === null) {
    return (
      <button type="button" className="btn btn--secondary btn--small" onClick={() => setText(variant.text)} data-testid="variant-edit-published">
        {t("publishing.editOnNetwork")}
      </button>
    );
  }
  return (
    <div className="stack">
      <p className="muted small">{t("publishing.editOnNetworkHint", { network: variant.networkName })}</p>
      <textarea
        className="input"
        rows={4}
        aria-label={t("publishing.editOnNetworkText")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid={`edit-published-text-${variant.id}`}
      />
      <span className="inline-row">
        <button type="button" className="btn btn--primary btn--small" disabled={busy} onClick={() => onSave(text, () => setText(null))} data-testid={`edit-published-save-${variant.id}`}>
          {t("common.save")}
        </button>
        <button type="button" className="btn btn--ghost btn--small" disabled={busy} onClick={() => setText(null)}>
          {t("common.cancel")}
        </button>
      </span>
    </div>
  );
}

export function VariantStatuses({ post, workspaceId, zone, canWrite }: Props) {
  const { t } = useTranslation();
  const { variant: act } = usePostActions(workspaceId);
  const busy = act.isPending;
  const networks = useNetworks();
  const editable = new Set((networks.data?.items ?? []).filter((n) => n.capabilities.edit).map((n) => n.network));
  return (
    <section className="card" data-testid="variant-statuses">
      <h2 className="card__title">{t("publishing.statuses")}</h2>
      <FormError error={act.error} />
      <ul className="list">
        {post.variants.map((v) => {
          const url = v.publications.find((p) => p.item === 0)?.url ?? v.publications.find((p) => p.url)?.url ?? null;
          const late = v.publications.some((p) => p.late);
          return (
            <li key={v.id} className="vstatus" data-testid="variant-status-row" data-handle={v.handle} data-status={v.status}>
              <div className="vstatus__head">
                <div>
                  <strong>{v.channelName || v.handle}</strong> <span className="muted">@{v.handle}</span>
                </div>
                <StatusChip status={v.status} testId="variant-status" />
              </div>
              <div className="muted small">
                {v.scheduledAt ? formatInZone(v.scheduledAt, zone) : t("publishing.noTime")}
                {late ? ` · ${t("publishing.late")}` : null}
              </div>
              {v.status === "published" && url ? (
                /^https?:\/\//.test(url) ? (
                  <a href={url} target="_blank" rel="noopener noreferrer" className="small" data-testid="variant-url" data-url={url}>
                    {t("publishing.openOnNetwork", { network: v.networkName })}
                  </a>
                ) : (
                  // The simulated network's addresses (sandbox://…) open nowhere: shown, not linked.
                  <code className="small vstatus__url" data-testid="variant-url" data-url={url}>
                    {url}
                  </code>
                )
              ) : null}
              {v.status === "published" && canWrite && editable.has(v.network) ? (
                <EditOnNetwork
                  variant={v}
                  busy={busy}
                  onSave={(text, done) => act.mutate({ id: v.id, action: "edit-published", body: { text } }, { onSuccess: done })}
                />
              ) : null}
              {v.status === "failed" ? (
                <div className="vstatus__problem">
                  <p>{v.error ?? t("publishing.failedNoReason")}</p>
                  {canWrite ? (
                    <button type="button" className="btn btn--secondary btn--small" disabled={busy} onClick={() => act.mutate({ id: v.id, action: "retry" })} data-testid="variant-retry">
                      {t("publishing.retry")}
                    </button>
                  ) : null}
                </div>
              ) : null}
              {v.status === "unconfirmed" ? (
                <div className="vstatus__problem vstatus__problem--warn">
                  <p>{v.error ?? t("publishing.unconfirmedHint")}</p>
                  {canWrite ? (
                    <div className="inline-row">
                      <button type="button" className="btn btn--secondary btn--small" disabled={busy} onClick={() => act.mutate({ id: v.id, action: "retry" })} data-testid="variant-republish">
                        {t("publishing.notOut")}
                      </button>
                      <MarkPublished
                        variant={v}
                        busy={busy}
                        onDone={(u) => act.mutate({ id: v.id, action: "mark-published", body: u ? { url: u } : {} })}
                      />
                    </div>
                  ) : null}
                </div>
              ) : null}
              {v.status === "held" ? (
                <div className="vstatus__problem vstatus__problem--warn">
                  <p>{t("publishing.heldHint")}</p>
                  {canWrite ? (
                    <button type="button" className="btn btn--secondary btn--small" disabled={busy} onClick={() => act.mutate({ id: v.id, action: "retry" })} data-testid="variant-publish-now">
                      {t("publishing.publishNow")}
                    </button>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
