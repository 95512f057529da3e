/** A campaign's results: the money and outcome figures, each with its formula on hover, and paid vs organic. */
import { useTranslation } from "react-i18next";
import { Kpi } from "../analytics/parts.js";
import { count, money, pct, romi } from "./format.js";
import type { Campaign, GroupResults } from "./types.js";

export function ResultsPanel({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const r = campaign.results;
  const m = (v: number | null, digits = 0) => money(v, campaign.currency, digits);
  const f = (key: string) => t(`campaigns.formulas.${key}`);
  const label = (key: string) => t(`campaigns.results.${key}`);
  return (
    <section className="stack" data-testid="campaign-results">
      <h3>{label("title")}</h3>
      <div className="stats kpis">
        <Kpi id="campaign-romi" label={label("romi")} value={romi(r.rates.romi)} formula={f("romi")} />
        <Kpi id="campaign-spend" label={label("spend")} value={m(r.spend)} formula={f("spend")} />
        <Kpi id="campaign-revenue" label={label("revenue")} value={m(r.revenue)} formula={f("revenue")} />
        <Kpi id="campaign-conversions" label={label("conversions")} value={count(r.conversions)} formula={f("cr")} />
        <Kpi id="campaign-clicks" label={label("clicks")} value={count(r.clicks)} formula={f("clicks")} />
        <Kpi id="campaign-ctr" label={label("ctr")} value={pct(r.rates.ctr)} formula={f("ctr")} />
        <Kpi id="campaign-cr" label={label("cr")} value={pct(r.rates.cr)} formula={f("cr")} />
        <Kpi id="campaign-cpc" label={label("cpc")} value={m(r.rates.cpc, 2)} formula={f("cpc")} />
        <Kpi id="campaign-cpm" label={label("cpm")} value={m(r.rates.cpm, 2)} formula={f("cpm")} />
        <Kpi id="campaign-cpa" label={label("cpa")} value={m(r.rates.cpa, 2)} formula={f("cpa")} />
        <Kpi id="campaign-cps" label={label("costPerSubscriber")} value={m(r.rates.costPerSubscriber, 2)} formula={f("costPerSubscriber")} />
        <Kpi id="campaign-subscribers" label={label("newSubscribers")} value={count(r.newSubscribers)} formula={f("newSubscribers")} />
      </div>
      {r.clicksSource === "network" ? <p className="muted small">{label("clicksNetwork")}</p> : null}
      {r.clicksSource === null ? <p className="muted small">{label("clicksNone")}</p> : null}
      {r.conversions === 0 ? <p className="muted small">{label("noConversions")}</p> : null}
      <h4 title={label("splitHint")}>{label("split")}</h4>
      <p className="muted small">{label("splitHint")}</p>
      <div className="table-scroll">
        <table className="table" data-testid="campaign-split">
          <thead>
            <tr>
              <th>{label("group")}</th>
              <th className="num">{label("posts")}</th>
              <th className="num">{label("reach")}</th>
              <th className="num">{label("impressions")}</th>
              <th className="num" title={f("clicks")}>
                {label("clicks")}
              </th>
              <th className="num" title={f("ctr")}>
                {label("ctr")}
              </th>
              <th className="num" title={f("cpc")}>
                {label("cpc")}
              </th>
              <th className="num" title={f("cpm")}>
                {label("cpm")}
              </th>
            </tr>
          </thead>
          <tbody>
            {(["paid", "organic"] as const).map((key) => {
              const g: GroupResults = r[key];
              return (
                <tr key={key} data-testid={`campaign-split-${key}`}>
                  <td>{label(key)}</td>
                  <td className="num">{count(g.posts)}</td>
                  <td className="num">{count(g.reach)}</td>
                  <td className="num">{count(g.impressions)}</td>
                  <td className="num">{count(g.clicks)}</td>
                  <td className="num">{pct(g.ctr)}</td>
                  <td className="num">{m(g.cpc, 2)}</td>
                  <td className="num">{m(g.cpm, 2)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
