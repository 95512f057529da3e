/** The analytics tables: sources and authors of negativity, trending terms, share of voice and opinion leaders. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { formatNumber } from "../common/format.js";
import { SentimentBadge, safeUrl } from "../inbox/badges.js";
import { formatCompact, formatShare, useNetworkName } from "./format.js";
import type { ListeningAnalytics } from "./types.js";
import { sentimentColors } from "./volume-chart.js";

type LinkFn = (extra: Record<string, string>) => string;

const handleOf = (h: string) => h.replace(/^@/, "");

export function NegativityTables({ data, mentionsLink }: { data: ListeningAnalytics["negativity"]; mentionsLink: LinkFn }) {
  const { t } = useTranslation();
  const networkName = useNetworkName();
  return (
    <section className="stack" data-testid="analytics-negativity">
      <h2 className="listen-section-title">{t("listening.analytics.negativity")}</h2>
      <div className="grid-2">
        <div className="card card--flush">
          <h3 className="card__title card__title--pad">{t("listening.analytics.sources")}</h3>
          {data.sources.length === 0 ? (
            <p className="muted listen-pad">{t("listening.analytics.noNegative")}</p>
          ) : (
            <table className="table" data-testid="negativity-sources">
              <thead>
                <tr>
                  <th>{t("listening.analytics.source")}</th>
                  <th className="num">{t("listening.analytics.negative")}</th>
                  <th className="num">{t("listening.analytics.totalShort")}</th>
                  <th className="num">{t("listening.analytics.share")}</th>
                </tr>
              </thead>
              <tbody>
                {data.sources.map((s) => (
                  <tr key={`${s.network}|${s.sourceId ?? ""}`}>
                    <td>
                      <Link to={mentionsLink(s.sourceId ? { source: s.sourceId, sentiment: "negative" } : { network: s.network, sentiment: "negative" })} data-testid="negativity-source">
                        {s.sourceName ?? networkName(s.network)}
                      </Link>
                      <div className="muted small">{networkName(s.network)}</div>
                    </td>
                    <td className="num">{formatNumber(s.negative)}</td>
                    <td className="num">{formatNumber(s.total)}</td>
                    <td className="num">{formatShare(s.total ? s.negative / s.total : 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="card card--flush">
          <h3 className="card__title card__title--pad">{t("listening.analytics.authors")}</h3>
          {data.authors.length === 0 ? (
            <p className="muted listen-pad">{t("listening.analytics.noNegative")}</p>
          ) : (
            <table className="table" data-testid="negativity-authors">
              <thead>
                <tr>
                  <th>{t("listening.analytics.author")}</th>
                  <th className="num">{t("listening.analytics.followers")}</th>
                  <th className="num">{t("listening.analytics.negative")}</th>
                  <th className="num">{t("listening.analytics.totalShort")}</th>
                </tr>
              </thead>
              <tbody>
                {data.authors.map((a) => {
                  const url = safeUrl(a.url);
                  return (
                    <tr key={`${a.network}|${a.handle}`}>
                      <td>
                        <Link
                          to={mentionsLink({ author: handleOf(a.handle), network: a.network, sentiment: "negative" })}
                          title={t("listening.analytics.authorMentions")}
                          data-testid="negativity-author"
                        >
                          {a.name}
                        </Link>
                        <div className="muted small">
                          @{handleOf(a.handle)} · {networkName(a.network)}
                          {url ? (
                            <>
                              {" · "}
                              <a href={url} target="_blank" rel="noopener noreferrer" aria-label={t("listening.analytics.openAuthorPost", { name: a.name })}>
                                {t("listening.mention.open")}
                              </a>
                            </>
                          ) : null}
                        </div>
                      </td>
                      <td className="num">{formatCompact(a.followers)}</td>
                      <td className="num">{formatNumber(a.negative)}</td>
                      <td className="num">{formatNumber(a.total)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}

export function TrendingTerms({ terms, mentionsLink }: { terms: ListeningAnalytics["trending"]; mentionsLink: LinkFn }) {
  const { t } = useTranslation();
  return (
    <section className="card card--flush" data-testid="analytics-trending">
      <h2 className="card__title card__title--pad">{t("listening.analytics.trending")}</h2>
      {terms.length === 0 ? (
        <p className="muted listen-pad">{t("listening.analytics.noTrending")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("listening.analytics.term")}</th>
              <th className="num">{t("listening.analytics.mentions")}</th>
              <th className="num">{t("listening.analytics.usual")}</th>
              <th className="num">{t("listening.analytics.lift")}</th>
            </tr>
          </thead>
          <tbody>
            {terms.map((x) => (
              <tr key={x.term} data-testid="trending-term">
                <td>
                  <Link to={mentionsLink({ q: x.term })}>{x.term}</Link>
                  {x.isNew ? <span className="badge listen-new">{t("listening.analytics.new")}</span> : null}
                </td>
                <td className="num">{formatNumber(x.mentions)}</td>
                <td className="num">{formatNumber(x.baseline, { maximumFractionDigits: 1 })}</td>
                <td className="num">×{formatNumber(x.lift, { maximumFractionDigits: 1 })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ShareOfVoice({ items, mentionsLink }: { items: ListeningAnalytics["shareOfVoice"]; mentionsLink: LinkFn }) {
  const { t } = useTranslation();
  return (
    <section className="card card--flush" data-testid="analytics-sov">
      <h2 className="card__title card__title--pad">{t("listening.analytics.shareOfVoice")}</h2>
      {items.length === 0 ? (
        <p className="muted listen-pad">{t("listening.analytics.noShareOfVoice")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("listening.analytics.query")}</th>
              <th className="num">{t("listening.analytics.mentions")}</th>
              <th className="listen-sov__col">{t("listening.analytics.share")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((x) => (
              <tr key={x.queryId} data-testid="sov-row">
                <td>
                  <Link to={mentionsLink({ query: x.queryId })}>{x.name}</Link>
                  <div className="muted small">{t(`listening.kinds.${x.kind}`, { defaultValue: x.kind })}</div>
                </td>
                <td className="num">{formatNumber(x.mentions)}</td>
                <td>
                  <div className="listen-sov">
                    <span className="listen-sov__value">{formatShare(x.share, 1)}</span>
                    <span className="listen-sov__track" aria-hidden="true">
                      <span className="listen-sov__bar" style={{ width: `${Math.max(x.share * 100, x.mentions ? 1 : 0)}%` }}>
                        {(["negative", "neutral", "positive"] as const).map((s) =>
                          x[s] > 0 ? <span key={s} style={{ flexGrow: x[s], background: sentimentColors[s] }} title={`${t(`inbox.sentiment.${s}`)}: ${formatNumber(x[s])}`} /> : null,
                        )}
                      </span>
                    </span>
                    <span className="visually-hidden">
                      {t("listening.analytics.sovSplit", { negative: x.negative, neutral: x.neutral, positive: x.positive })}
                    </span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function OpinionLeaders({ leaders, mentionsLink }: { leaders: ListeningAnalytics["leaders"]; mentionsLink: LinkFn }) {
  const { t } = useTranslation();
  const networkName = useNetworkName();
  return (
    <section className="card card--flush" data-testid="analytics-leaders">
      <h2 className="card__title card__title--pad">{t("listening.analytics.leaders")}</h2>
      <p className="muted small listen-pad listen-pad--top0">{t("listening.analytics.leadersHint")}</p>
      {leaders.length === 0 ? (
        <p className="muted listen-pad">{t("listening.analytics.noLeaders")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("listening.analytics.author")}</th>
              <th className="num">{t("listening.analytics.followers")}</th>
              <th className="num">{t("listening.analytics.mentions")}</th>
              <th className="num">{t("listening.analytics.engagement")}</th>
              <th>{t("listening.analytics.tone")}</th>
              <th className="num">{t("listening.analytics.score")}</th>
            </tr>
          </thead>
          <tbody>
            {leaders.map((l) => (
              <tr key={`${l.network}|${l.handle}`} data-testid="leader-row">
                <td>
                  <Link to={mentionsLink({ author: handleOf(l.handle), network: l.network })}>{l.name}</Link>
                  <div className="muted small">
                    @{handleOf(l.handle)} · {networkName(l.network)}
                  </div>
                </td>
                <td className="num">{formatCompact(l.followers)}</td>
                <td className="num">{formatNumber(l.mentions)}</td>
                <td className="num">{formatNumber(l.engagement)}</td>
                <td>
                  <SentimentBadge sentiment={l.toneLabel} />
                </td>
                <td className="num">{formatNumber(l.score, { maximumFractionDigits: 1 })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
