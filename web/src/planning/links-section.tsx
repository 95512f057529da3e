/** Settings → Short links: where each link leads, its short address, and clicks by people (bots counted apart). */
import { useTranslation } from "react-i18next";
import { formatDate, formatNumber } from "../common/format.js";
import { ErrorState, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useShortLinks } from "./queries.js";

export function LinksSection() {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const links = useShortLinks(workspace.id);
  return (
    <section className="card" data-testid="links-section">
      <h2 className="card__title">{t("links.title")}</h2>
      <p className="muted">{t("links.hint")}</p>
      {links.isPending ? (
        <Loading />
      ) : links.isError ? (
        <ErrorState error={links.error} onRetry={() => void links.refetch()} />
      ) : links.data.items.length === 0 ? (
        <p className="muted">{t("links.none")}</p>
      ) : (
        <table className="table" data-testid="links-table">
          <thead>
            <tr>
              <th>{t("links.target")}</th>
              <th>{t("links.code")}</th>
              <th className="num">{t("links.clicks")}</th>
              <th className="num">{t("links.unique")}</th>
              <th className="num">{t("links.bots")}</th>
              <th>{t("settings.created")}</th>
            </tr>
          </thead>
          <tbody>
            {links.data.items.map((l) => (
              <tr key={l.id} data-testid="link-row">
                <td className="links__target" title={l.targetUrl}>
                  {l.targetUrl}
                </td>
                <td>
                  <code title={l.shortUrl}>{l.code}</code>
                </td>
                <td className="num">{formatNumber(l.clicks)}</td>
                <td className="num">{formatNumber(l.uniqueVisitors)}</td>
                <td className="num muted">{formatNumber(l.botClicks)}</td>
                <td className="muted nowrap">{formatDate(l.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
