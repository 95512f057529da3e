/** A stored brief as the API shows it to the agency; the link's secret is never part of it. */
import type { BriefAnswers, BriefPrefill } from "../../domain/brief.js";
import type { BriefsTable } from "../../store/schema-briefs.js";
import { type BriefStatus, briefStatus } from "./brief-status.js";

export type BriefRow = BriefsTable & { creator_name?: string | null };

export type BriefSummary = {
  id: string;
  brandId: string;
  title: string;
  message: string;
  language: "en" | "ru" | null;
  status: BriefStatus;
  expiresAt: string;
  openedAt: string | null;
  submittedAt: string | null;
  revokedAt: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
};

export type BriefDetail = BriefSummary & { prefill: BriefPrefill; answers: BriefAnswers | null };

/** JSON written by this module after validation; a damaged value reads as nothing rather than failing the page. */
function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function presentSummary(r: BriefRow, now: Date): BriefSummary {
  return {
    id: r.id,
    brandId: r.brand_id,
    title: r.title,
    message: r.message,
    language: r.language === "en" || r.language === "ru" ? r.language : null,
    status: briefStatus(r, now),
    expiresAt: r.expires_at,
    openedAt: r.opened_at,
    submittedAt: r.submitted_at,
    revokedAt: r.revoked_at,
    createdBy: r.created_by,
    createdByName: r.creator_name ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function presentDetail(r: BriefRow, now: Date): BriefDetail {
  return { ...presentSummary(r, now), prefill: parseJson<BriefPrefill>(r.prefill, {}), answers: parseJson<BriefAnswers | null>(r.answers, null) };
}

export const prefillOf = (r: Pick<BriefsTable, "prefill">): BriefPrefill => parseJson<BriefPrefill>(r.prefill, {});
