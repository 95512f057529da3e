/** The briefs API's shapes as the UI reads them (see src/api/routes/briefs.routes.ts and src/domain/brief.ts). */

export const briefGoals = ["sales", "leads", "brand_awareness", "website_traffic", "community", "personal_brand", "reputation"] as const;
export type BriefGoal = (typeof briefGoals)[number];

export type BriefStatus = "sent" | "opened" | "submitted" | "expired" | "revoked";

/** What the client sends (briefAnswersSchema). */
export type BriefAnswers = {
  contactName: string;
  contactEmail?: string;
  company: string;
  product: string;
  website?: string;
  networks: string[];
  existingPages: string[];
  geography: string;
  audience: string;
  goals: BriefGoal[];
  goalsDetails: string;
  budgetMonthly: number | null;
  adBudgetMonthly: number | null;
  currency: string;
  periodStart: string | null;
  periodEnd: string | null;
  successIndicators: string;
  competitors: string[];
  toneOfVoice: string;
  restrictions: string;
  notes: string;
};

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

export type BriefDetail = BriefSummary & { prefill: Partial<BriefAnswers>; answers: BriefAnswers | null };

export type CreateBriefInput = {
  brandId: string;
  title: string;
  message?: string;
  language?: "en" | "ru" | null;
  expiresInDays?: number;
  prefill?: Partial<BriefAnswers>;
};

export type PublicBrief = {
  workspaceName: string;
  brandName: string;
  title: string;
  message: string;
  language: "en" | "ru" | null;
  expiresAt: string;
  prefill: Partial<BriefAnswers>;
  choices: { networks: { key: string; name: string }[]; goals: BriefGoal[]; currencies: string[] };
};
