/**
 * How a variant will look on its network: a simple card loosely styled per network. The text is
 * rendered as text (line breaks kept by CSS), never as HTML.
 */
import { useTranslation } from "react-i18next";
import { thumbnailUrl } from "./queries.js";

type Props = {
  workspaceId?: string;
  network: string;
  networkName: string;
  simulated: boolean;
  channelName: string;
  handle: string;
  text: string;
  mediaIds: string[];
  /** Media that cannot be shown (a guest has no access to the files): only counted. */
  hiddenMedia?: number;
  link: string | null;
  testId?: string;
};

function safeLink(link: string | null): URL | null {
  if (!link) return null;
  try {
    const u = new URL(link);
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

export function PreviewCard(p: Props) {
  const { t } = useTranslation();
  const url = safeLink(p.link);
  return (
    <article className={`preview preview--${p.network}`} data-testid={p.testId ?? "preview"}>
      <header className="preview__head">
        <span className="preview__avatar" aria-hidden="true">
          {(p.channelName || p.handle).charAt(0).toUpperCase()}
        </span>
        <div className="preview__who">
          <strong>{p.channelName || p.handle}</strong>
          <span className="muted">@{p.handle}</span>
        </div>
        <span className="preview__network">
          {p.simulated ? <span className="badge badge--sandbox">{t("channels.sandbox")}</span> : p.networkName}
        </span>
      </header>
      {p.text ? (
        <p className="preview__text" data-testid="preview-text">
          {p.text}
        </p>
      ) : (
        <p className="preview__text muted">{t("composer.previewEmpty")}</p>
      )}
      {p.mediaIds.length && p.workspaceId ? (
        <div className={`preview__media preview__media--${Math.min(p.mediaIds.length, 4)}`}>
          {p.mediaIds.slice(0, 4).map((id) => (
            <img key={id} src={thumbnailUrl(p.workspaceId as string, id)} alt="" loading="lazy" />
          ))}
        </div>
      ) : null}
      {p.hiddenMedia ? <p className="muted small">{t("composer.mediaCount", { count: p.hiddenMedia })}</p> : null}
      {url ? (
        <a className="preview__link" href={url.href} target="_blank" rel="noopener noreferrer">
          <span className="preview__host">{url.hostname}</span>
          <span className="preview__url">{url.href}</span>
        </a>
      ) : null}
    </article>
  );
}
