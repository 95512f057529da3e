/**
 * Opinion leaders of the brand: the directory (filtered by status and type, sorted by followers,
 * best CPA or name) and the selected leader's card — profiles (opened in a new tab with
 * rel="noreferrer noopener"), notes, and placements with their tracked links and results, each
 * figure with its formula on hover. Owners and managers add leaders (by hand or from listening)
 * and placements; everyone who may see analytics reads. Leaders' names, notes and profiles are
 * strangers' text: rendered as text, never as HTML. The selected leader is in the address (?id=).
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { count, money, pct, romi } from "../campaigns/format.js";
import { ConfirmButton, CopyButton } from "../common/buttons.js";
import { PageHeader } from "../common/page-header.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { CandidatesPanel } from "./candidates-panel.js";
import { type FromListening, LeaderForm, networkLabel } from "./leader-form.js";
import { PlacementForm } from "./placement-form.js";
import { useLeader, useLeaderActions, useLeaders } from "./queries.js";
import { type Kind, kinds, type Leader, type Placement, type Profile, type Status, statuses } from "./types.js";
import "./leaders.css";

type Sort = "followers" | "cpa" | "name";

/** Only http(s) addresses become links; anything else stays text. */
const safeHref = (url: string | null): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

function sorted(items: Leader[], sort: Sort): Leader[] {
  const byName = (a: Leader, b: Leader) => a.name.localeCompare(b.name);
  // Unknown figures go last whichever way the list is sorted.
  if (sort === "followers") return [...items].sort((a, b) => (b.followers ?? -1) - (a.followers ?? -1) || byName(a, b));
  if (sort === "cpa") return [...items].sort((a, b) => (a.bestCpa?.value ?? Number.POSITIVE_INFINITY) - (b.bestCpa?.value ?? Number.POSITIVE_INFINITY) || byName(a, b));
  return [...items].sort(byName);
}

export function LeadersPage() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const leaders = useLeaders(workspace.id, brand.id);
  const [params, setParams] = useSearchParams();
  const [status, setStatus] = useState<Status | "">("");
  const [kind, setKind] = useState<Kind | "">("");
  const [sort, setSort] = useState<Sort>("followers");
  const [editing, setEditing] = useState<Leader | "new" | null>(null);
  const [fromListening, setFromListening] = useState<FromListening | null>(null);
  const [picking, setPicking] = useState(false);
  const manage = can("brands.manage");
  const all = leaders.data?.items ?? [];
  const items = sorted(
    all.filter((l) => (status === "" || l.status === status) && (kind === "" || l.kind === kind)),
    sort,
  );
  const selectedId = params.get("id") ?? items[0]?.id ?? null;
  const select = (id: string | null) => setParams(id ? { id } : {}, { replace: true });
  const closeForm = () => {
    setEditing(null);
    setFromListening(null);
  };

  const header = (
    <PageHeader
      title={t("leaders.title")}
      subtitle={t("leaders.subtitle")}
      actions={
        manage ? (
          <div className="leaders-actions">
            <button type="button" className="btn btn--secondary" onClick={() => setPicking(true)} data-testid="leaders-from-listening">
              {t("leaders.fromListening")}
            </button>
            <button type="button" className="btn btn--primary" onClick={() => setEditing("new")} data-testid="leader-new">
              {t("leaders.new")}
            </button>
          </div>
        ) : null
      }
    />
  );
  const modals = (
    <>
      {picking ? (
        <CandidatesPanel
          onClose={() => setPicking(false)}
          onPick={(f) => {
            setPicking(false);
            setFromListening(f);
            setEditing("new");
          }}
        />
      ) : null}
      {editing ? (
        <LeaderForm
          existing={editing === "new" ? null : editing}
          fromListening={editing === "new" ? fromListening : null}
          onClose={closeForm}
          onSaved={(l) => {
            closeForm();
            select(l.id);
          }}
        />
      ) : null}
    </>
  );

  if (leaders.isPending) return <Loading />;
  if (leaders.isError) return <ErrorState error={leaders.error} onRetry={() => void leaders.refetch()} />;
  if (all.length === 0) {
    return (
      <>
        {header}
        <EmptyState title={t("leaders.emptyTitle")} testId="leaders-empty">
          <p>{t("leaders.emptyText")}</p>
        </EmptyState>
        {modals}
      </>
    );
  }
  return (
    <>
      {header}
      <div className="leaders-filters">
        <label>
          {t("leaders.filters.status")}{" "}
          <select value={status} onChange={(e) => setStatus(e.target.value as Status | "")} data-testid="leaders-filter-status">
            <option value="">{t("leaders.filters.all")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`leaders.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("leaders.filters.kind")}{" "}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind | "")} data-testid="leaders-filter-kind">
            <option value="">{t("leaders.filters.all")}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`leaders.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("leaders.filters.sort")}{" "}
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} data-testid="leaders-sort">
            <option value="followers">{t("leaders.filters.sortFollowers")}</option>
            <option value="cpa">{t("leaders.filters.sortCpa")}</option>
            <option value="name">{t("leaders.filters.sortName")}</option>
          </select>
        </label>
      </div>
      <div className="leaders-layout">
        <ul className="leaders-list" data-testid="leaders-list">
          {items.length === 0 ? <li className="muted">{t("leaders.noneMatch")}</li> : null}
          {items.map((l) => (
            <li key={l.id}>
              <button type="button" className={l.id === selectedId ? "leaders-item is-active" : "leaders-item"} onClick={() => select(l.id)} aria-pressed={l.id === selectedId} data-testid="leader-item">
                <span className="leaders-item__top">
                  <b>{l.name}</b>
                  <span className={`leader-status leader-status--${l.status}`}>{t(`leaders.status.${l.status}`)}</span>
                </span>
                <span className="muted small">
                  {t(`leaders.kind.${l.kind}`)} · {l.profiles.map((p) => networkLabel(t, p.network)).join(", ")}
                </span>
                <span className="leaders-item__figures small">
                  <span>
                    {t("leaders.card.followers")} <b>{count(l.followers)}</b>
                  </span>
                  <span title={t("leaders.formulas.bestCpa")}>
                    {t("leaders.card.bestCpa")} <b data-testid="leader-item-cpa">{l.bestCpa ? money(l.bestCpa.value, l.bestCpa.currency, 2) : "—"}</b>
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {selectedId ? <LeaderCard key={selectedId} id={selectedId} manage={manage} onEdit={(l) => setEditing(l)} onDeleted={() => select(null)} /> : null}
      </div>
      {modals}
    </>
  );
}

function ProfileLink({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const href = safeHref(profile.url);
  const label = `${networkLabel(t, profile.network)}${profile.handle ? ` · ${profile.handle.startsWith("@") ? profile.handle : `@${profile.handle}`}` : ""}`;
  return href ? (
    <a href={href} target="_blank" rel="noreferrer noopener" title={t("leaders.card.open")}>
      {label}
    </a>
  ) : (
    <span>{label}</span>
  );
}

function LeaderCard({ id, manage, onEdit, onDeleted }: { id: string; manage: boolean; onEdit: (l: Leader) => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const leader = useLeader(workspace.id, id);
  const { remove } = useLeaderActions(workspace.id);
  const [placement, setPlacement] = useState<Placement | "new" | null>(null);
  if (leader.isPending) return <Loading />;
  if (leader.isError) return <ErrorState error={leader.error} onRetry={() => void leader.refetch()} />;
  const l = leader.data;
  return (
    <section className="leader-card stack stack--lg" data-testid="leader-card">
      <div className="leader-card__bar">
        <div className="stack">
          <h2 data-testid="leader-title">{l.name}</h2>
          <p className="muted small">
            {t(`leaders.kind.${l.kind}`)} · {t(`leaders.status.${l.status}`)} · {t("leaders.card.followers")}: {count(l.followers)}
            {l.followersSource === "listening" ? ` (${t("leaders.card.followersListening")})` : ""}
          </p>
          {l.listening ? (
            <p className="muted small">
              {t("leaders.card.mentions", { count: l.listening.mentions })}
              {l.listening.tone !== null ? ` · ${t("leaders.card.tone", { tone: l.listening.tone.toFixed(2) })}` : ""}
            </p>
          ) : null}
          <ul className="leader-profiles" data-testid="leader-profiles">
            {l.profiles.map((p) => (
              <li key={`${p.network}|${p.handle ?? p.url}`}>
                <ProfileLink profile={p} />
              </li>
            ))}
          </ul>
          {l.topics.length ? (
            <p className="small">
              {t("leaders.card.topics")}:{" "}
              {l.topics.map((topic) => (
                <span key={topic} className="tag">
                  {topic}
                </span>
              ))}
            </p>
          ) : null}
          {l.contact ? (
            <p className="small">
              {t("leaders.card.contact")}: {l.contact}
            </p>
          ) : null}
          {l.priceNote ? (
            <p className="small">
              {t("leaders.card.priceNote")}: {l.priceNote}
            </p>
          ) : null}
          {l.notes ? <p className="leader-notes">{l.notes}</p> : null}
        </div>
        {manage ? (
          <div className="leader-card__actions">
            <button type="button" className="btn btn--secondary" onClick={() => onEdit(l)} data-testid="leader-edit">
              {t("leaders.card.edit")}
            </button>
            <ConfirmButton label={t("leaders.card.delete")} question={t("leaders.card.deleteQuestion")} onConfirm={() => remove.mutate(l.id, { onSuccess: onDeleted })} busy={remove.isPending} testId="leader-delete" />
          </div>
        ) : null}
      </div>
      <FormError error={remove.error} />
      {l.totals.map((tot) => (
        <p key={tot.currency} className="small" data-testid="leader-totals">
          {t("leaders.card.totals", { currency: tot.currency, count: tot.placements })}: {t("leaders.results.price")} {money(tot.price, tot.currency)} · <span title={t("leaders.formulas.clicks")}>{t("leaders.results.clicks")} {count(tot.clicks)}</span> ·{" "}
          {t("leaders.results.conversions")} {count(tot.conversions)} · <span title={t("leaders.formulas.cpa")}>CPA {money(tot.cpa, tot.currency, 2)}</span> ·{" "}
          <span title={t("leaders.formulas.bestCpa")}>
            {t("leaders.card.bestCpa")} {money(tot.bestCpa, tot.currency, 2)}
          </span>{" "}
          · <span title={t("leaders.formulas.romi")}>ROMI {romi(tot.romi)}</span>
        </p>
      ))}
      <div className="leader-card__bar">
        <h3>{t("leaders.card.placements")}</h3>
        {manage ? (
          <button type="button" className="btn btn--primary" onClick={() => setPlacement("new")} data-testid="placement-new">
            {t("leaders.card.addPlacement")}
          </button>
        ) : null}
      </div>
      {l.placementList.length === 0 ? <p className="muted">{t("leaders.card.noPlacements")}</p> : <PlacementsTable leaderId={l.id} placements={l.placementList} manage={manage} onEdit={setPlacement} />}
      {placement ? <PlacementForm leaderId={l.id} existing={placement === "new" ? null : placement} onClose={() => setPlacement(null)} onSaved={() => setPlacement(null)} /> : null}
    </section>
  );
}

function PlacementsTable({ leaderId, placements, manage, onEdit }: { leaderId: string; placements: Placement[]; manage: boolean; onEdit: (p: Placement) => void }) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const { removePlacement } = useLeaderActions(workspace.id);
  const head = (key: string, formula?: string) => (
    <th className="num" title={formula ? t(`leaders.formulas.${formula}`) : undefined}>
      {t(`leaders.results.${key}`)}
    </th>
  );
  return (
    <div className="table-scroll">
      <table className="table" data-testid="placements-table">
        <thead>
          <tr>
            <th>{t("leaders.placement.day")}</th>
            <th>{t("leaders.placement.format")}</th>
            {head("price")}
            {head("reach", "reach")}
            {head("clicks", "clicks")}
            {head("conversions", "conversions")}
            {head("revenue")}
            {head("cpa", "cpa")}
            {head("cpc", "cpc")}
            {head("cpm", "cpm")}
            {head("romi", "romi")}
            <th>{t("leaders.placement.trackedLink")}</th>
            {manage ? <th /> : null}
          </tr>
        </thead>
        <tbody>
          {placements.map((p) => {
            const r = p.results;
            const m = (v: number | null, digits = 0) => money(v, p.currency, digits);
            const href = safeHref(p.url);
            return (
              <tr key={p.id} data-testid="placement-row">
                <td>
                  {href ? (
                    <a href={href} target="_blank" rel="noreferrer noopener">
                      {p.day}
                    </a>
                  ) : (
                    p.day
                  )}
                  {p.campaign ? <div className="muted small">{p.campaign.name}</div> : null}
                </td>
                <td>{t(`leaders.format.${p.format}`)}</td>
                <td className="num">{m(r.price)}</td>
                <td className="num" title={r.views !== null ? `${t("leaders.results.views")}: ${count(r.views)}` : undefined}>
                  {count(r.reach)}
                </td>
                <td className="num" title={r.ctr !== null ? `CTR ${pct(r.ctr)}` : undefined}>
                  {count(r.clicks)}
                </td>
                <td className="num">{count(r.conversions)}</td>
                <td className="num">{m(r.revenue)}</td>
                <td className="num" title={t("leaders.formulas.cpa")} data-testid="placement-cpa">
                  {m(r.cpa, 2)}
                </td>
                <td className="num" title={t("leaders.formulas.cpc")}>
                  {m(r.cpc, 2)}
                </td>
                <td className="num" title={t("leaders.formulas.cpm")}>
                  {m(r.cpm, 2)}
                </td>
                <td className="num" title={t("leaders.formulas.romi")}>
                  {romi(r.romi)}
                </td>
                <td>
                  {p.trackedLink ? (
                    <span className="placement-link">
                      <code title={p.trackedLink.target} data-testid="placement-short-url">
                        {p.trackedLink.shortUrl}
                      </code>
                      <CopyButton text={p.trackedLink.shortUrl} testId="placement-copy" />
                    </span>
                  ) : (
                    <span className="muted small">{t("leaders.placement.noLink")}</span>
                  )}
                </td>
                {manage ? (
                  <td className="placement-actions">
                    <button type="button" className="btn btn--ghost" onClick={() => onEdit(p)} data-testid="placement-edit">
                      {t("leaders.placement.edit")}
                    </button>
                    <ConfirmButton label={t("leaders.placement.delete")} question={t("leaders.placement.deleteQuestion")} onConfirm={() => removePlacement.mutate({ leaderId, id: p.id })} busy={removePlacement.isPending} />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
