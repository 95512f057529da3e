/** Small pieces of an inbox row: the sentiment badge, the network chip and people's avatars. */
import { useTranslation } from "react-i18next";
import type { InboxItem, Sentiment } from "./types.js";

export function SentimentBadge({ sentiment, confidence }: { sentiment: Sentiment | null; confidence?: number | null }) {
  const { t } = useTranslation();
  if (!sentiment) return null;
  const title =
    confidence !== null && confidence !== undefined ? t("inbox.sentimentConfidence", { value: Math.round(confidence * 100) }) : undefined;
  return (
    <span className={`sentiment sentiment--${sentiment}`} data-sentiment={sentiment} data-testid="sentiment-badge" title={title}>
      {t(`inbox.sentiment.${sentiment}`)}
    </span>
  );
}

export function NetworkChip({ item }: { item: Pick<InboxItem, "network" | "networkName"> }) {
  return <span className={`network-chip network-chip--${item.network}`}>{item.networkName}</span>;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => Array.from(w)[0]?.toUpperCase() ?? "")
    .join("") || "?";

/** An author's picture when the network gave an https one, else their initials. */
export function Avatar({ name, url, small }: { name: string; url?: string | null; small?: boolean }) {
  const cls = small ? "avatar avatar--small" : "avatar";
  if (url?.startsWith("https://")) {
    return <img className={cls} src={url} alt="" referrerPolicy="no-referrer" loading="lazy" />;
  }
  return (
    <span className={cls} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

/** A link to the network only for http(s) addresses: what a network sends is never trusted as a URL scheme. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}
