/** The reports API's shapes, as the screens use them. */
export const sectionKinds = ["summary", "growth", "content", "bestPosts", "responseTimes", "listening", "competitors", "campaigns"] as const;
export type SectionKind = (typeof sectionKinds)[number];
/** Sections whose data Chorus does not collect yet: they print a note. */
export const comingSections: SectionKind[] = ["competitors", "campaigns"];

export type Goals = Partial<Record<"posts" | "interactions" | "reach" | "growth" | "linkClicks" | "erReach" | "erFollowers", number>>;
export type Section = { kind: SectionKind; options: { goals?: Goals; limit?: number } };

export type ReportRun = {
  id: string;
  trigger: "schedule" | "manual";
  periodFrom: string;
  periodTo: string;
  status: "running" | "sent" | "failed";
  error: string | null;
  recipients: string[];
  bytes: number | null;
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
};

export type Branding = { agencyName: string | null; logoMediaId: string | null; primaryColor: string; accentColor: string };

export type Report = {
  id: string;
  brandId: string;
  name: string;
  language: "en" | "ru";
  sections: Section[];
  periodKind: "weekly" | "monthly";
  weekday: number | null;
  monthDay: number | null;
  hour: number;
  recipients: string[];
  branding: Branding;
  enabled: boolean;
  lastSentAt: string | null;
  nextRunAt: string | null;
  lastRun: ReportRun | null;
  tables: string[];
  createdAt: string;
  updatedAt: string;
};

export type ReportInput = Omit<Report, "id" | "lastSentAt" | "nextRunAt" | "lastRun" | "tables" | "createdAt" | "updatedAt">;
