/**
 * One mention in the feed: who said it (and to how many followers), where and when, the text as
 * plain text with its line breaks, its tone, reactions and the queries it matched; then the work on
 * it — correct the tone, set it aside or bring it back, send it to the inbox to answer — and the
 * copies and reposts folded under it.
 */
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { formatNumber, formatTimeAgo, languageName } from "../common/format.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { formatInZone } from "../common/zone.js";
import { Avatar, NetworkChip, SentimentBadge, safeUrl } from "../inbox/badges.js";
import { sentiments } from "../inbox/types.js";
import { useShell } from "../shell/workspace.js";
import { formatCompact } from "./format.js";
import { useMention, useMentionActions, useSendToInbox } from "./queries.js";
import type { Mention, Sentiment } from "./types.js";

type Props = {
  mention: Mention;
  networkName: (network: string) => string;
  /** Ticked for bulk actions; absent: no tick box. */
  checked?: boolean | undefined;
  onCheck?: ((on: boolean) => void) | undefined;
  onQuery: (queryId: string) => void;
};

export function MentionCard({ mention: m, networkName, checked, onCheck, onQuery }: Props) {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const [copiesOpen, setCopiesOpen] = useState(false);
  const canWork = can("listening.work");
  const url = safeUrl(m.url);
  const cls = ["listen-mention", m.sentiment === "negative" ? "listen-mention--negative" : "", m.irrelevant ? "listen-mention--aside" : ""].filter(Boolean).join(" ");
  const handle = m.author.handle.replace(/^@/, "");

  return (
    <li className={cls} data-testid="mention" data-id={m.id} data-sentiment={m.sentiment} data-irrelevant={m.irrelevant ?? ""}>
      {onCheck ? (
        <input
          type="checkbox"
          className="listen-mention__check"
          checked={Boolean(checked)}
          onChange={(e) => onCheck(e.target.checked)}
          aria-label={t("listening.mention.select", { name: m.author.name })}
          data-testid="mention-check"
        />
      ) : null}
      <div className="listen-mention__main">
        <header className="listen-mention__head">
          <Avatar name={m.author.name} />
          <div className="listen-mention__who">
            <span className="listen-mention__author">{m.author.name}</span>
            <span className="listen-mention__meta">
              {handle ? <span className="muted">@{handle}</span> : null}
              {m.author.followers !== null ? (
                <span className="muted small" title={formatNumber(m.author.followers)} data-testid="mention-followers">
                  {t("listening.mention.followers", { count: m.author.followers, value: formatCompact(m.author.followers) })}
                </span>
              ) : null}
              <NetworkChip item={{ network: m.network, networkName: networkName(m.network) }} />
              {m.source ? <span className="muted small">{m.source.name}</span> : null}
              <time className="muted small" dateTime={m.publishedAt} title={formatInZone(m.publishedAt, brand.timezone)}>
                {formatTimeAgo(m.publishedAt)}
              </time>
            </span>
          </div>
        </header>
        {m.title ? <h3 className="listen-mention__title">{m.title}</h3> : null}
        {/* Plain text only: what a network or a feed sends is never rendered as HTML. */}
        <p className="listen-mention__text" data-testid="mention-text">
          {m.text}
        </p>
        <div className="listen-mention__meta">
          <SentimentBadge sentiment={m.sentiment} confidence={m.sentimentCorrected ? null : m.sentimentConfidence} />
          {m.sentimentCorrected ? <span className="muted small">{t("listening.mention.corrected")}</span> : null}
          {m.lang ? <span className="chip">{languageName(m.lang)}</span> : null}
          {m.irrelevant ? (
            <span className="chip listen-mention__aside" data-testid="mention-aside">
              {t(`listening.mention.aside.${m.irrelevant}`)}
            </span>
          ) : null}
          <span className="muted small">
            {t("listening.mention.likes", { count: m.likes, value: formatNumber(m.likes) })} ·{" "}
            {t("listening.mention.reposts", { count: m.reposts, value: formatNumber(m.reposts) })} ·{" "}
            {t("listening.mention.replies", { count: m.replies, value: formatNumber(m.replies) })}
          </span>
          {m.queries.length > 0 ? (
            <ul className="chips listen-mention__queries" aria-label={t("listening.mention.matched")}>
              {m.queries.map((q) => (
                <li key={q.id}>
                  <button type="button" className="chip listen-chip-btn" title={t("listening.mention.filterByQuery")} onClick={() => onQuery(q.id)} data-testid="mention-query">
                    {q.name}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {m.copies > 0 ? (
            <button type="button" className="listen-link-btn" aria-expanded={copiesOpen} onClick={() => setCopiesOpen((o) => !o)} data-testid="mention-copies">
              {t("listening.mention.copies", { count: m.copies })}
            </button>
          ) : null}
          {url ? (
            <a className="small" href={url} target="_blank" rel="noopener noreferrer" data-testid="mention-open">
              {t("listening.mention.open")}
            </a>
          ) : null}
        </div>
        {canWork ? <MentionWork mention={m} /> : null}
        {copiesOpen ? <Copies id={m.id} ws={workspace.id} brandId={brand.id} networkName={networkName} /> : null}
      </div>
    </li>
  );
}

function MentionWork({ mention: m }: { mention: Mention }) {
  const { t } = useTranslation();
  const { workspace, brand, base, can } = useShell();
  const { patch } = useMentionActions(workspace.id, brand.id);
  const send = useSendToInbox(workspace.id, brand.id);
  const sentimentId = useId();
  const inboxItemId = m.inboxItemId ?? send.data?.inboxItemId ?? null;
  return (
    <div className="listen-mention__work" data-testid="mention-work">
      <label className="listen-mention__label" htmlFor={sentimentId}>
        {t("listening.mention.sentiment")}
      </label>
      <select
        id={sentimentId}
        className="select select--compact"
        value={m.sentiment}
        disabled={patch.isPending}
        onChange={(e) => patch.mutate({ id: m.id, sentiment: e.target.value as Sentiment })}
        data-testid="mention-sentiment"
      >
        {sentiments.map((s) => (
          <option key={s} value={s}>
            {t(`inbox.sentiment.${s}`)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn--small btn--secondary"
        disabled={patch.isPending}
        onClick={() => patch.mutate({ id: m.id, irrelevant: !m.irrelevant })}
        data-testid="mention-irrelevant"
      >
        {m.irrelevant ? t("listening.mention.relevantAgain") : t("listening.mention.irrelevant")}
      </button>
      {can("inbox.read") ? (
        inboxItemId ? (
          <Link className="btn btn--small btn--ghost" to={`${base}/inbox?item=${encodeURIComponent(inboxItemId)}`} data-testid="mention-inbox-link">
            {t("listening.mention.openInInbox")}
          </Link>
        ) : (
          <button type="button" className="btn btn--small btn--secondary" disabled={send.isPending} onClick={() => send.mutate(m.id)} data-testid="mention-to-inbox">
            {send.isPending ? t("listening.mention.sending") : t("listening.mention.toInbox")}
          </button>
        )
      ) : null}
      <FormError error={patch.error ?? send.error} testId="mention-error" />
    </div>
  );
}

function Copies({ id, ws, brandId, networkName }: { id: string; ws: string; brandId: string; networkName: (n: string) => string }) {
  const { t } = useTranslation();
  const { brand } = useShell();
  const detail = useMention(ws, brandId, id, true);
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  return (
    <ul className="listen-copies" aria-label={t("listening.mention.copiesLabel")} data-testid="mention-copies-list">
      {detail.data.copiesList.map((c) => {
        const url = safeUrl(c.url);
        return (
          <li key={c.id} className="listen-copies__row">
            <span className="listen-mention__author">{c.author.name}</span>
            <span className="muted">@{c.author.handle.replace(/^@/, "")}</span>
            {c.author.followers !== null ? <span className="muted small">{t("listening.mention.followers", { count: c.author.followers, value: formatCompact(c.author.followers) })}</span> : null}
            <NetworkChip item={{ network: c.network, networkName: networkName(c.network) }} />
            <time className="muted small" dateTime={c.publishedAt} title={formatInZone(c.publishedAt, brand.timezone)}>
              {formatTimeAgo(c.publishedAt)}
            </time>
            {url ? (
              <a className="small" href={url} target="_blank" rel="noopener noreferrer">
                {t("listening.mention.open")}
              </a>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
