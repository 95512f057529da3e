/**
 * What each network will show for the variant's link: the server reads the page's Open Graph tags
 * (refusing private addresses) and answers per network, with warnings to fix. Asked 700 ms after
 * typing stops. Images are named, not loaded: the page's image lives on another site, and the UI
 * loads nothing from outside its own origin.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, enc } from "../../api.js";
import { errorText } from "../../common/errors.js";
import { type LinkPreview as Preview, type PreviewNetwork, previewNetworks } from "../../planning/types.js";

const networkNames: Record<PreviewNetwork, string> = { telegram: "Telegram", vk: "VK", facebook: "Facebook", bluesky: "Bluesky", mastodon: "Mastodon" };

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
  } catch {
    return false;
  }
}

function shortUrl(s: string): string {
  try {
    const u = new URL(s);
    return `${u.hostname}${u.pathname.length > 1 ? u.pathname : ""}`;
  } catch {
    return s;
  }
}

export function LinkPreview({ workspaceId, link, network }: { workspaceId: string; link: string; network: string | undefined }) {
  const { t } = useTranslation();
  const [settled, setSettled] = useState(link);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(link), 700);
    return () => clearTimeout(timer);
  }, [link]);
  const url = settled.trim();
  const enabled = isHttpUrl(url);
  const preview = useQuery({
    queryKey: ["link-preview", workspaceId, url],
    queryFn: () => api.post<Preview>(`/api/workspaces/${enc(workspaceId)}/link-preview`, { url }),
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
  });
  if (!link.trim() || !enabled) return null;
  if (preview.isPending) return <p className="muted small" data-testid="link-preview-loading">{t("linkPreview.loading")}</p>;
  if (preview.isError) {
    return (
      <p className="form-error" role="alert" data-testid="link-preview-error">
        {t("linkPreview.failed", { detail: errorText(preview.error, t) })}
      </p>
    );
  }
  const p = preview.data;
  // The open channel's network first, when the server knows it.
  const order = [...previewNetworks].sort((a, b) => Number(b === network) - Number(a === network));
  return (
    <div className="link-preview stack stack--sm" data-testid="link-preview">
      <p className="field__label">{t("linkPreview.title")}</p>
      {p.finalUrl !== p.url ? <p className="muted small">{t("linkPreview.redirected", { url: p.finalUrl })}</p> : null}
      <ul className="link-preview__grid">
        {order.map((n) => {
          const v = p.previews[n];
          return (
            <li key={n} className={n === network ? "link-card is-current" : "link-card"} data-testid="link-preview-card" data-network={n}>
              <span className="link-card__network">{networkNames[n]}</span>
              {v.image ? (
                <span className="link-card__image" title={v.image}>
                  🖼 {shortUrl(v.image)}
                </span>
              ) : (
                <span className="link-card__image link-card__image--none">{t("linkPreview.noImage")}</span>
              )}
              {v.siteName ? <span className="link-card__site">{v.siteName}</span> : null}
              <strong className="link-card__title" data-testid="link-preview-title">
                {v.title ?? t("linkPreview.noTitle")}
              </strong>
              {v.description ? <span className="link-card__desc">{v.description}</span> : null}
            </li>
          );
        })}
      </ul>
      {p.warnings.length ? (
        <ul className="problems problems--warn" data-testid="link-preview-warnings">
          {p.warnings.map((w) => (
            <li key={`${w.code}:${w.message}`} data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t("linkPreview.noWarnings")}</p>
      )}
    </div>
  );
}
