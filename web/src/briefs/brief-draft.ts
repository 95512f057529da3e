/**
 * The public form's state: every field as the person types it, and the answers it sends. Lists
 * are typed one per line (pages, competitors) or comma-separated (other networks); empty optional
 * fields are left out so the server does not refuse "" as an e-mail or a site.
 */
import type { BriefAnswers, BriefGoal } from "./types.js";

export type Draft = {
  contactName: string;
  contactEmail: string;
  company: string;
  website: string;
  product: string;
  networks: string[];
  otherNetworks: string;
  existingPages: string;
  geography: string;
  audience: string;
  goals: BriefGoal[];
  goalsDetails: string;
  budgetMonthly: string;
  adBudgetMonthly: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  successIndicators: string;
  competitors: string;
  toneOfVoice: string;
  restrictions: string;
  notes: string;
};

const lines = (s: string) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** The form filled with what the agency prefilled; networks Chorus does not know go to "other". */
export function draftOf(prefill: Partial<BriefAnswers>, knownNetworks: string[]): Draft {
  const nets = prefill.networks ?? [];
  return {
    contactName: prefill.contactName ?? "",
    contactEmail: prefill.contactEmail ?? "",
    company: prefill.company ?? "",
    website: prefill.website ?? "",
    product: prefill.product ?? "",
    networks: nets.filter((n) => knownNetworks.includes(n)),
    otherNetworks: nets.filter((n) => !knownNetworks.includes(n)).join(", "),
    existingPages: (prefill.existingPages ?? []).join("\n"),
    geography: prefill.geography ?? "",
    audience: prefill.audience ?? "",
    goals: prefill.goals ?? [],
    goalsDetails: prefill.goalsDetails ?? "",
    budgetMonthly: prefill.budgetMonthly == null ? "" : String(prefill.budgetMonthly),
    adBudgetMonthly: prefill.adBudgetMonthly == null ? "" : String(prefill.adBudgetMonthly),
    currency: prefill.currency ?? "RUB",
    periodStart: prefill.periodStart ?? "",
    periodEnd: prefill.periodEnd ?? "",
    successIndicators: prefill.successIndicators ?? "",
    competitors: (prefill.competitors ?? []).join("\n"),
    toneOfVoice: prefill.toneOfVoice ?? "",
    restrictions: prefill.restrictions ?? "",
    notes: prefill.notes ?? "",
  };
}

/** "150 000", "150000,50" → a number; "" → null; anything else → NaN (sent as is, so the server names the field). */
function amount(s: string): number | null | string {
  const t = s.replace(/[\s\u00a0]/g, "").replace(",", ".");
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : s;
}

/** A site typed without its scheme ("coffee.ru") gets https:// in front. */
function site(s: string): string {
  const t = s.trim();
  return /^[a-z][a-z0-9+.-]*:/i.test(t) ? t : `https://${t}`;
}

export function answersOf(d: Draft): Record<string, unknown> {
  const other = d.otherNetworks
    .split(/[,;\n]/)
    .map((n) => n.trim())
    .filter(Boolean);
  return {
    contactName: d.contactName,
    ...(d.contactEmail.trim() ? { contactEmail: d.contactEmail.trim() } : {}),
    company: d.company,
    product: d.product,
    ...(d.website.trim() ? { website: site(d.website) } : {}),
    networks: [...new Set([...d.networks, ...other])],
    existingPages: lines(d.existingPages),
    geography: d.geography,
    audience: d.audience,
    goals: d.goals,
    goalsDetails: d.goalsDetails,
    budgetMonthly: amount(d.budgetMonthly),
    adBudgetMonthly: amount(d.adBudgetMonthly),
    currency: d.currency,
    periodStart: d.periodStart || null,
    periodEnd: d.periodEnd || null,
    successIndicators: d.successIndicators,
    competitors: lines(d.competitors),
    toneOfVoice: d.toneOfVoice,
    restrictions: d.restrictions,
    notes: d.notes,
  };
}

/** The form field a server path belongs to: "networks.0" → "networks". */
export const fieldOf = (path: string) => path.split(".")[0] ?? path;
