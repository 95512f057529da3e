/**
 * The strategy editor: goal, period, KPIs (metric, target, direction, deadline, channel), audience
 * segments with their channels and reasons, content mix by rubric (with the running total), posting
 * frequency per channel, tone of voice, budget lines and notes. The whole strategy is saved at once;
 * every field shows the server's message when it is refused, and nothing is saved then.
 */
import type { TFunction } from "i18next";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api.js";
import { Field } from "../common/field.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useStrategyActions } from "./queries.js";
import { defaultComparison, goalTypes, type KpiMetric, kpiMetrics, type RubricKind, rubricKinds, type Strategy, type StrategyView } from "./types.js";

/** Numbers are edited as text: an empty box is sent as no number, and the server says what is missing. */
type Num = string;
/** Each row's own key, so removing a row never hands its neighbour's inputs to another row. */
type Row = { key: string };
let rows = 0;
const rowKey = () => `row-${++rows}`;
type DraftKpi = Row & { id?: string; metric: KpiMetric; label: string; target: Num; comparison: "gte" | "lte"; deadline: string; channelId: string; note: string };
type DraftSegment = Row & { name: string; description: string; ageFrom: Num; ageTo: Num; geography: string; interests: string; pains: string; channels: (Row & { network: string; reason: string })[] };
type Draft = {
  goalType: Strategy["goalType"];
  goal: string;
  startsOn: string;
  endsOn: string;
  kpis: DraftKpi[];
  kpiIdeas: string[];
  segments: DraftSegment[];
  contentMix: (Row & { rubric: string; kind: RubricKind; share: Num })[];
  frequency: (Row & { network: string; channelId: string; postsPerWeek: Num })[];
  toneOfVoice: string;
  budget: (Row & { month: string; line: string; amount: Num; currency: string })[];
  notes: string;
};

const str = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
const num = (s: string): number | undefined => {
  const v = s.trim().replace(",", ".").replace(/\s/g, "");
  return v === "" ? undefined : Number(v);
};
const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

function toDraft(s: Strategy | null, rubrics: string[]): Draft {
  return {
    goalType: s?.goalType ?? "brand",
    goal: s?.goal ?? "",
    startsOn: s?.startsOn ?? "",
    endsOn: s?.endsOn ?? "",
    kpis: (s?.kpis ?? []).map((k) => ({ key: rowKey(), ...(k.id ? { id: k.id } : {}), metric: k.metric, label: k.label, target: str(k.target), comparison: k.comparison ?? defaultComparison(k.metric), deadline: k.deadline, channelId: k.channelId ?? "", note: k.note })),
    kpiIdeas: s?.kpiIdeas ?? [],
    segments: (s?.segments ?? []).map((g) => ({ ...g, key: rowKey(), ageFrom: str(g.ageFrom), ageTo: str(g.ageTo), interests: g.interests.join(", "), pains: g.pains.join(", "), channels: g.channels.map((c) => ({ ...c, key: rowKey() })) })),
    contentMix: s ? s.contentMix.map((m) => ({ ...m, key: rowKey(), share: str(m.share) })) : rubrics.map((rubric) => ({ key: rowKey(), rubric, kind: "informative", share: "" })),
    frequency: (s?.frequency ?? []).map((f) => ({ key: rowKey(), network: f.network, channelId: f.channelId ?? "", postsPerWeek: str(f.postsPerWeek) })),
    toneOfVoice: s?.toneOfVoice ?? "",
    budget: (s?.budget ?? []).map((b) => ({ ...b, key: rowKey(), amount: str(b.amount) })),
    notes: s?.notes ?? "",
  };
}

function toStrategy(d: Draft): Strategy {
  return {
    goalType: d.goalType,
    goal: d.goal,
    startsOn: d.startsOn || null,
    endsOn: d.endsOn || null,
    kpis: d.kpis.map((k) => ({ ...(k.id ? { id: k.id } : {}), metric: k.metric, label: k.label, target: num(k.target) as number, comparison: k.comparison, deadline: k.deadline || (undefined as unknown as string), channelId: k.channelId || null, note: k.note })),
    kpiIdeas: d.kpiIdeas,
    segments: d.segments.map((g) => ({
      name: g.name,
      description: g.description,
      geography: g.geography,
      ageFrom: num(g.ageFrom) ?? null,
      ageTo: num(g.ageTo) ?? null,
      interests: list(g.interests),
      pains: list(g.pains),
      channels: g.channels.map((c) => ({ network: c.network, reason: c.reason })),
    })),
    contentMix: d.contentMix.map((m) => ({ rubric: m.rubric, kind: m.kind, share: num(m.share) as number })),
    frequency: d.frequency.map((f) => ({ network: f.network, channelId: f.channelId || null, postsPerWeek: num(f.postsPerWeek) as number })),
    toneOfVoice: d.toneOfVoice,
    budget: d.budget.map((b) => ({ month: b.month, line: b.line, amount: num(b.amount) as number, currency: b.currency })),
    notes: d.notes,
  };
}

/** The server's messages for the strategy's own rules (src/domain/strategy.ts), in the UI's language; others as the server wrote them. */
const known: [RegExp, string][] = [
  [/^Give the KPI a target number$/, "noTarget"],
  [/^The target must be a number$/, "targetNumber"],
  [/^Give the KPI a deadline/, "noDeadline"],
  [/^Name the custom KPI$/, "noLabel"],
  [/^The content mix's shares add up to ([\d.]+) %/, "mixTotal"],
];

/** Every message the server gave for a field or below it. */
function messagesAt(err: unknown, path: string, t: TFunction, exact = false): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const msgs = err.errors
    .filter((e) => e.path === path || (!exact && e.path.startsWith(`${path}.`)))
    .map((e) => {
      for (const [re, key] of known) {
        const m = re.exec(e.message);
        if (m) return t(`strategy.errors.${key}`, { total: m[1] });
      }
      return e.message;
    });
  return msgs.length ? [...new Set(msgs)].join("; ") : undefined;
}

type Props = { view: StrategyView; onClose: () => void };

export function StrategyEditor({ view, onClose }: Props) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { save } = useStrategyActions(workspace.id, brand.id);
  const [d, setD] = useState<Draft>(() => toDraft(view.strategy, view.rubrics));
  const err = save.error;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((x) => ({ ...x, [key]: value }));
  const update = <K extends "kpis" | "segments" | "contentMix" | "frequency" | "budget">(key: K, i: number, patch: Partial<Draft[K][number]>) =>
    setD((x) => ({ ...x, [key]: (x[key] as Draft[K][number][]).map((row, j) => (j === i ? { ...row, ...patch } : row)) }));
  const remove = (key: "kpis" | "segments" | "contentMix" | "frequency" | "budget", i: number) => setD((x) => ({ ...x, [key]: (x[key] as unknown[]).filter((_, j) => j !== i) }));
  const mixTotal = d.contentMix.reduce((s, m) => s + (num(m.share) ?? 0), 0);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(toStrategy(d), { onSuccess: onClose });
  };
  const at = (path: string, exact = false) => messagesAt(err, path, t, exact);

  return (
    <form className="strategy-editor" onSubmit={submit} data-testid="strategy-editor" noValidate>
      <h2>{t("strategy.form.title")}</h2>
      <Block title={t("strategy.sections.goal")}>
        <div className="strategy-grid">
          <Field label={t("strategy.form.goalType")} error={at("goalType")}>
            {(id) => (
              <select id={id} value={d.goalType} onChange={(e) => set("goalType", e.target.value as Draft["goalType"])} data-testid="strategy-goal-type">
                {goalTypes.map((g) => (
                  <option key={g} value={g}>
                    {t(`strategy.goalTypes.${g}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("strategy.form.startsOn")} error={at("startsOn")}>
            {(id) => <input id={id} type="date" value={d.startsOn} onChange={(e) => set("startsOn", e.target.value)} />}
          </Field>
          <Field label={t("strategy.form.endsOn")} error={at("endsOn")}>
            {(id) => <input id={id} type="date" value={d.endsOn} onChange={(e) => set("endsOn", e.target.value)} />}
          </Field>
        </div>
        <Field label={t("strategy.form.goal")} error={at("goal")}>
          {(id) => <textarea id={id} rows={2} value={d.goal} onChange={(e) => set("goal", e.target.value)} maxLength={2000} />}
        </Field>
      </Block>

      <Block title={t("strategy.sections.kpis")} error={at("kpis", true)}>
        {d.kpiIdeas.length ? (
          <div className="strategy-ideas">
            <p className="strategy-muted">{t("strategy.form.ideas")}</p>
            <ul>
              {d.kpiIdeas.map((idea, i) => (
                <li key={idea}>
                  {idea}{" "}
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => set("kpiIdeas", d.kpiIdeas.filter((_, j) => j !== i))}>
                    {t("strategy.form.remove")}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {d.kpis.map((k, i) => (
          <div className="strategy-row" key={k.key} data-testid={`kpi-row-${i}`}>
            <Field label={t("strategy.form.metric")} error={at(`kpis.${i}.metric`)}>
              {(id) => (
                <select id={id} value={k.metric} onChange={(e) => update("kpis", i, { metric: e.target.value as KpiMetric, comparison: defaultComparison(e.target.value as KpiMetric) })} data-testid="kpi-metric">
                  {kpiMetrics.map((m) => (
                    <option key={m} value={m}>
                      {t(`strategy.metrics.${m}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {k.metric === "custom" ? (
              <Field label={t("strategy.form.label")} error={at(`kpis.${i}.label`)}>
                {(id) => <input id={id} value={k.label} onChange={(e) => update("kpis", i, { label: e.target.value })} maxLength={200} />}
              </Field>
            ) : null}
            <Field label={t("strategy.form.comparison")} error={at(`kpis.${i}.comparison`)}>
              {(id) => (
                <select id={id} value={k.comparison} onChange={(e) => update("kpis", i, { comparison: e.target.value as "gte" | "lte" })}>
                  <option value="gte">{t("strategy.form.gte")}</option>
                  <option value="lte">{t("strategy.form.lte")}</option>
                </select>
              )}
            </Field>
            <Field label={t("strategy.form.target")} error={at(`kpis.${i}.target`)} testId={`kpi-${i}-target`}>
              {(id) => <input id={id} inputMode="decimal" value={k.target} onChange={(e) => update("kpis", i, { target: e.target.value })} data-testid="kpi-target" />}
            </Field>
            <Field label={t("strategy.form.deadline")} error={at(`kpis.${i}.deadline`)} testId={`kpi-${i}-deadline`}>
              {(id) => <input id={id} type="date" value={k.deadline} onChange={(e) => update("kpis", i, { deadline: e.target.value })} data-testid="kpi-deadline" />}
            </Field>
            <Field label={t("strategy.form.channel")} error={at(`kpis.${i}.channelId`)}>
              {(id) => (
                <select id={id} value={k.channelId} onChange={(e) => update("kpis", i, { channelId: e.target.value })}>
                  <option value="">{t("strategy.wholeBrand")}</option>
                  {view.channels.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("strategy.form.note")} error={at(`kpis.${i}.note`)}>
              {(id) => <input id={id} value={k.note} onChange={(e) => update("kpis", i, { note: e.target.value })} maxLength={2000} />}
            </Field>
            <RemoveButton onClick={() => remove("kpis", i)} />
          </div>
        ))}
        <button
          type="button"
          className="btn btn--secondary btn--small"
          data-testid="kpi-add"
          onClick={() => set("kpis", [...d.kpis, { key: rowKey(), metric: "followers_gained", label: "", target: "", comparison: "gte", deadline: d.endsOn, channelId: "", note: "" }])}
        >
          {t("strategy.form.addKpi")}
        </button>
      </Block>

      <Block title={t("strategy.sections.audience")} error={at("segments", true)}>
        {d.segments.map((g, i) => (
          <div className="strategy-segment" key={g.key}>
            <div className="strategy-grid">
              <Field label={t("strategy.form.segmentName")} error={at(`segments.${i}.name`)}>
                {(id) => <input id={id} value={g.name} onChange={(e) => update("segments", i, { name: e.target.value })} maxLength={120} />}
              </Field>
              <Field label={t("strategy.form.ageFrom")} error={at(`segments.${i}.ageFrom`)}>
                {(id) => <input id={id} inputMode="numeric" value={g.ageFrom} onChange={(e) => update("segments", i, { ageFrom: e.target.value })} />}
              </Field>
              <Field label={t("strategy.form.ageTo")} error={at(`segments.${i}.ageTo`)}>
                {(id) => <input id={id} inputMode="numeric" value={g.ageTo} onChange={(e) => update("segments", i, { ageTo: e.target.value })} />}
              </Field>
              <Field label={t("strategy.form.geography")} error={at(`segments.${i}.geography`)}>
                {(id) => <input id={id} value={g.geography} onChange={(e) => update("segments", i, { geography: e.target.value })} maxLength={500} />}
              </Field>
            </div>
            <Field label={t("strategy.form.description")} error={at(`segments.${i}.description`)}>
              {(id) => <textarea id={id} rows={2} value={g.description} onChange={(e) => update("segments", i, { description: e.target.value })} maxLength={2000} />}
            </Field>
            <div className="strategy-grid">
              <Field label={t("strategy.form.interests")} error={at(`segments.${i}.interests`)}>
                {(id) => <input id={id} value={g.interests} onChange={(e) => update("segments", i, { interests: e.target.value })} />}
              </Field>
              <Field label={t("strategy.form.pains")} error={at(`segments.${i}.pains`)}>
                {(id) => <input id={id} value={g.pains} onChange={(e) => update("segments", i, { pains: e.target.value })} />}
              </Field>
            </div>
            <p className="strategy-muted">{t("strategy.form.segmentChannels")}</p>
            {g.channels.map((c, j) => (
              <div className="strategy-row" key={c.key}>
                <Field label={t("strategy.form.network")} error={at(`segments.${i}.channels.${j}.network`)}>
                  {(id) => <input id={id} value={c.network} onChange={(e) => update("segments", i, { channels: g.channels.map((x, k) => (k === j ? { ...x, network: e.target.value } : x)) })} maxLength={60} />}
                </Field>
                <Field label={t("strategy.form.reason")} error={at(`segments.${i}.channels.${j}.reason`)}>
                  {(id) => <input id={id} value={c.reason} onChange={(e) => update("segments", i, { channels: g.channels.map((x, k) => (k === j ? { ...x, reason: e.target.value } : x)) })} maxLength={1000} />}
                </Field>
                <RemoveButton onClick={() => update("segments", i, { channels: g.channels.filter((_, k) => k !== j) })} />
              </div>
            ))}
            <div className="strategy-actions">
              <button type="button" className="btn btn--ghost btn--small" onClick={() => update("segments", i, { channels: [...g.channels, { key: rowKey(), network: "", reason: "" }] })}>
                {t("strategy.form.addChannel")}
              </button>
              <RemoveButton onClick={() => remove("segments", i)} />
            </div>
          </div>
        ))}
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => set("segments", [...d.segments, { key: rowKey(), name: "", description: "", ageFrom: "", ageTo: "", geography: "", interests: "", pains: "", channels: [] }])}
        >
          {t("strategy.form.addSegment")}
        </button>
      </Block>

      <Block title={t("strategy.sections.mix")} error={at("contentMix", true)} testId="mix-editor">
        {d.contentMix.map((m, i) => (
          <div className="strategy-row" key={m.key}>
            <Field label={t("strategy.form.rubric")} error={at(`contentMix.${i}.rubric`)}>
              {(id) => <input id={id} value={m.rubric} onChange={(e) => update("contentMix", i, { rubric: e.target.value })} maxLength={60} list="strategy-rubrics" />}
            </Field>
            <Field label={t("strategy.form.kind")} error={at(`contentMix.${i}.kind`)}>
              {(id) => (
                <select id={id} value={m.kind} onChange={(e) => update("contentMix", i, { kind: e.target.value as RubricKind })}>
                  {rubricKinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`strategy.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("strategy.form.share")} error={at(`contentMix.${i}.share`)}>
              {(id) => <input id={id} inputMode="decimal" value={m.share} onChange={(e) => update("contentMix", i, { share: e.target.value })} data-testid="mix-share" />}
            </Field>
            <RemoveButton onClick={() => remove("contentMix", i)} />
          </div>
        ))}
        <datalist id="strategy-rubrics">
          {view.rubrics.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <p className={Math.abs(mixTotal - 100) > 0.1 && d.contentMix.length ? "form-error" : "strategy-muted"} data-testid="mix-total">
          {t("strategy.form.mixTotal", { total: Math.round(mixTotal * 10) / 10 })}
        </p>
        <button type="button" className="btn btn--secondary btn--small" onClick={() => set("contentMix", [...d.contentMix, { key: rowKey(), rubric: "", kind: "informative", share: "" }])}>
          {t("strategy.form.addRubric")}
        </button>
      </Block>

      <Block title={t("strategy.sections.frequency")} error={at("frequency", true)}>
        {d.frequency.map((f, i) => (
          <div className="strategy-row" key={f.key}>
            <Field label={t("strategy.form.network")} error={at(`frequency.${i}.network`)}>
              {(id) => <input id={id} value={f.network} onChange={(e) => update("frequency", i, { network: e.target.value })} maxLength={60} />}
            </Field>
            <Field label={t("strategy.form.channel")} error={at(`frequency.${i}.channelId`)}>
              {(id) => (
                <select id={id} value={f.channelId} onChange={(e) => update("frequency", i, { channelId: e.target.value, network: f.network || (view.channels.find((c) => c.id === e.target.value)?.name ?? "") })}>
                  <option value="">—</option>
                  {view.channels.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("strategy.form.postsPerWeek")} error={at(`frequency.${i}.postsPerWeek`)}>
              {(id) => <input id={id} inputMode="decimal" value={f.postsPerWeek} onChange={(e) => update("frequency", i, { postsPerWeek: e.target.value })} />}
            </Field>
            <RemoveButton onClick={() => remove("frequency", i)} />
          </div>
        ))}
        <button type="button" className="btn btn--secondary btn--small" onClick={() => set("frequency", [...d.frequency, { key: rowKey(), network: "", channelId: "", postsPerWeek: "7" }])}>
          {t("strategy.form.addFrequency")}
        </button>
      </Block>

      <Block title={t("strategy.sections.tone")}>
        <Field label={t("strategy.form.tone")} error={at("toneOfVoice")}>
          {(id) => <textarea id={id} rows={3} value={d.toneOfVoice} onChange={(e) => set("toneOfVoice", e.target.value)} maxLength={4000} />}
        </Field>
      </Block>

      <Block title={t("strategy.sections.budget")} error={at("budget", true)}>
        {d.budget.map((b, i) => (
          <div className="strategy-row" key={b.key}>
            <Field label={t("strategy.form.month")} error={at(`budget.${i}.month`)}>
              {(id) => <input id={id} type="month" value={b.month} onChange={(e) => update("budget", i, { month: e.target.value })} />}
            </Field>
            <Field label={t("strategy.form.line")} error={at(`budget.${i}.line`)}>
              {(id) => <input id={id} value={b.line} onChange={(e) => update("budget", i, { line: e.target.value })} maxLength={120} />}
            </Field>
            <Field label={t("strategy.form.amount")} error={at(`budget.${i}.amount`)}>
              {(id) => <input id={id} inputMode="decimal" value={b.amount} onChange={(e) => update("budget", i, { amount: e.target.value })} />}
            </Field>
            <Field label={t("strategy.form.currency")} error={at(`budget.${i}.currency`)}>
              {(id) => <input id={id} value={b.currency} onChange={(e) => update("budget", i, { currency: e.target.value.toUpperCase() })} maxLength={3} size={4} />}
            </Field>
            <RemoveButton onClick={() => remove("budget", i)} />
          </div>
        ))}
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => set("budget", [...d.budget, { key: rowKey(), month: d.budget.at(-1)?.month ?? (d.startsOn ? d.startsOn.slice(0, 7) : ""), line: "", amount: "", currency: d.budget.at(-1)?.currency ?? (brand.locale === "ru" ? "RUB" : "EUR") }])}
        >
          {t("strategy.form.addBudget")}
        </button>
      </Block>

      <Block title={t("strategy.sections.notes")}>
        <Field label={t("strategy.form.notes")} error={at("notes")}>
          {(id) => <textarea id={id} rows={3} value={d.notes} onChange={(e) => set("notes", e.target.value)} maxLength={4000} />}
        </Field>
      </Block>

      {err instanceof ApiError && err.code === "validation_failed" ? (
        <p className="form-error" role="alert" data-testid="strategy-save-error">
          {t("strategy.form.fixFields")}
        </p>
      ) : (
        <FormError error={err} testId="strategy-save-error" />
      )}
      <div className="strategy-actions strategy-editor__bar">
        <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="strategy-save">
          {save.isPending ? t("strategy.form.saving") : t("strategy.form.save")}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t("strategy.form.cancel")}
        </button>
      </div>
    </form>
  );
}

function Block({ title, children, error, testId }: { title: string; children: ReactNode; error?: string | undefined; testId?: string }) {
  return (
    <fieldset className="card strategy-block" data-testid={testId}>
      <legend className="card__title">{title}</legend>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {children}
    </fieldset>
  );
}

function RemoveButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="btn btn--danger-ghost btn--small strategy-remove" onClick={onClick}>
      {t("strategy.form.remove")}
    </button>
  );
}
