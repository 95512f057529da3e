/**
 * Competitors on the analytics screen: the brand beside the public pages it watches, for the same
 * period — followers and growth, posts a day, interactions per post and ER by followers (their
 * reach is never visible) — their best posts, and adding or removing a page.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, enc, qs } from "../api.js";
import { errorText } from "../common/errors.js";
import { formatNumber } from "../common/format.js";
import { num, pct } from "./parts.js";

type Competitor = { id: string; name: string; network: string; networkName: string; page: string; url: string | null; state: "new" | "ok" | "error" | "paused"; lastError: string | null; followers: number | null; postsVisible: boolean };
type Page = {
  kind: "brand" | "competitor";
  id: string;
  name: string;
  networks: string[];
  postsVisible: boolean;
  followers: { start: number | null; end: number | null; growth: number | null; growthRate: number | null };
  postsPerDay: number | null;
  interactionsPerPost: number | null;
  erFollowers: number | null;
  topPosts: { id: string; url: string | null; text: string; interactions: number; erFollowers: number | null; publishedAt: string }[];
};
type Comparison = { pages: Page[]; formulas: Record<string, string> };

const networks = ["sandbox", "bluesky", "vk", "mastodon", "telegram"];

export function CompetitorsPanel({ ws, brandId, from, to, manage }: { ws: string; brandId: string; from: string; to: string; manage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const base = `/api/workspaces/${enc(ws)}/competitors`;
  const list = useQuery({ queryKey: ["competitors", ws, brandId], queryFn: () => api.get<{ items: Competitor[] }>(`${base}${qs({ brandId })}`) });
  const comparison = useQuery({ queryKey: ["competitors", ws, brandId, from, to], queryFn: () => api.get<Comparison>(`${base}/comparison${qs({ brandId, from, to })}`), placeholderData: (prev) => prev });
  const refresh = () => void qc.invalidateQueries({ queryKey: ["competitors", ws, brandId] });
  const [network, setNetwork] = useState("sandbox");
  const [page, setPage] = useState("");
  const add = useMutation({
    mutationFn: () => api.post<Competitor>(base, { brandId, network, page }),
    onSuccess: () => {
      setPage("");
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => api.del(`${base}/${enc(id)}`), onSuccess: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (page.trim()) add.mutate();
  };
  const pages = comparison.data?.pages ?? [];
  const f = comparison.data?.formulas ?? {};
  const top = pages
    .filter((p) => p.kind === "competitor")
    .flatMap((p) => p.topPosts.map((post) => ({ page: p.name, post })))
    .sort((a, b) => b.post.interactions - a.post.interactions)
    .slice(0, 5);
  return (
    <div className="stack" data-testid="competitors-panel">
      <p className="stat__hint">{t("competitors.hint")}</p>
      {pages.length > 1 ? (
        <div className="table-scroll">
          <table className="table" data-testid="competitors-table">
            <thead>
              <tr>
                <th>{t("competitors.page")}</th>
                <th className="num">{t("analytics.followers")}</th>
                <th className="num" title={f.growth}>
                  {t("analytics.growth")}
                </th>
                <th className="num" title={f.postsPerDay}>
                  {t("competitors.postsPerDay")}
                </th>
                <th className="num" title={f.interactionsPerPost}>
                  {t("competitors.interactionsPerPost")}
                </th>
                <th className="num" title={f.erFollowers}>
                  {t("analytics.erFollowers")}
                </th>
              </tr>
            </thead>
            <tbody>
              {pages.map((p) => (
                <tr key={p.id} data-testid={`competitor-row-${p.kind}`}>
                  <td>
                    {p.kind === "brand" ? <strong>{p.name}</strong> : p.name} <span className="muted small">{p.networks.join(", ")}</span>
                  </td>
                  <td className="num">{num(p.followers.end)}</td>
                  <td className="num">
                    {p.followers.growth === null ? "—" : formatNumber(p.followers.growth, { signDisplay: "exceptZero" })} ({pct(p.followers.growthRate, 1)})
                  </td>
                  <td className="num">{p.postsVisible ? (p.postsPerDay === null ? "—" : formatNumber(p.postsPerDay, { maximumFractionDigits: 1 })) : t("competitors.hidden")}</td>
                  <td className="num">{p.postsVisible ? num(p.interactionsPerPost === null ? null : Math.round(p.interactionsPerPost)) : t("competitors.hidden")}</td>
                  <td className="num" data-testid="competitor-er">
                    {p.postsVisible ? pct(p.erFollowers) : t("competitors.hidden")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {top.length ? (
        <details>
          <summary>{t("competitors.topPosts")}</summary>
          <ul className="audit-followers">
            {top.map(({ page: name, post }) => (
              <li key={post.id}>
                <strong>{name}</strong> — {post.url && /^https?:\/\//.test(post.url) ? <a href={post.url} target="_blank" rel="noreferrer noopener">{post.text || post.url}</a> : post.text}{" "}
                <span className="muted small">
                  {t("competitors.postFigures", { interactions: num(post.interactions), er: pct(post.erFollowers) })}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <ul className="competitor-list" data-testid="competitor-list">
        {(list.data?.items ?? []).map((c) => (
          <li key={c.id} data-testid="competitor">
            <span>
              {c.name} <span className="muted small">{c.networkName} · {c.page}</span>
            </span>
            <span className={`status status--${c.state === "error" ? "error" : "active"}`}>{t(`competitors.states.${c.state}`)}</span>
            {c.lastError ? <span className="field__error">{c.lastError}</span> : null}
            {manage ? (
              <button type="button" className="btn btn--small btn--ghost" onClick={() => remove.mutate(c.id)} disabled={remove.isPending} data-testid="competitor-remove">
                {t("common.remove")}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {manage ? (
        <form className="analytics-section__tools" onSubmit={submit}>
          <select className="select select--compact" aria-label={t("competitors.network")} value={network} onChange={(e) => setNetwork(e.target.value)} data-testid="competitor-network">
            {networks.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <input className="input input--compact" placeholder={t("competitors.pagePlaceholder")} aria-label={t("competitors.page")} value={page} onChange={(e) => setPage(e.target.value)} data-testid="competitor-page" />
          <button type="submit" className="btn btn--secondary" disabled={add.isPending || !page.trim()} data-testid="competitor-add">
            {add.isPending ? t("competitors.adding") : t("competitors.add")}
          </button>
        </form>
      ) : null}
      {add.isError ? (
        <p className="form-error" role="alert" data-testid="competitor-error">
          {add.error instanceof ApiError && add.error.errors[0]?.message ? add.error.errors[0].message : add.error instanceof ApiError && add.error.detail ? add.error.detail : errorText(add.error, t)}
        </p>
      ) : null}
    </div>
  );
}
