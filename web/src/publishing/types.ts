/** Shapes of the publishing API's answers (posts, variants, approvals, calendar, brand settings). */

export const postStatuses = ["draft", "in_review", "approved", "scheduled", "publishing", "published", "failed", "cancelled"] as const;
export type PostStatus = (typeof postStatuses)[number];

export const variantStatuses = ["draft", "scheduled", "publishing", "published", "failed", "unconfirmed", "held", "cancelled"] as const;
export type VariantStatus = (typeof variantStatuses)[number];

export const postFormats = ["text", "image", "video", "carousel", "link"] as const;
export type PostFormat = (typeof postFormats)[number];

export type MediaRef = { mediaId: string; alt?: string | null; mime?: string; width?: number | null; height?: number | null };

export type ThreadItem = { text: string; media: MediaRef[]; delayMinutes: number };

export type Publication = {
  item: number;
  status: string;
  url: string | null;
  externalId: string | null;
  error: string | null;
  publishedAt: string | null;
  late: boolean;
};

export type Problem = { field: string; message: string };

export type Variant = {
  id: string;
  channelId: string;
  network: string;
  networkName: string;
  simulated: boolean;
  channelName: string;
  handle: string;
  text: string;
  customised: boolean;
  media: MediaRef[];
  link: string | null;
  thread: ThreadItem[];
  scheduledAt: string | null;
  status: VariantStatus;
  error: string | null;
  publications: Publication[];
  problems: Problem[];
};

export type Approval = {
  id: string;
  step: number;
  stepName: string;
  status: "pending" | "approved" | "rejected" | "expired" | "superseded";
  decidedBy: string | null;
  comment: string | null;
  createdAt: string;
  decidedAt: string | null;
  expiresAt: string | null;
};

export type HistoryEntry = { action: string; actorName: string | null; data: Record<string, unknown>; createdAt: string };

export type PostPermissions = { edit: boolean; submit: boolean; approve: boolean; schedule: boolean; cancel: boolean; delete: boolean };

/** A post's advertising mark (src/domain/ad-disclosure.ts): the label is added when it is sent. */
export type AdMark = { rules: "ru" | "generic"; advertiser: string; advertiserTaxId: string | null; erid: string | null };

export type Post = {
  id: string;
  brandId: string;
  status: PostStatus;
  baseText: string;
  rubric: string | null;
  format: PostFormat;
  tags: string[];
  campaign: string | null;
  ad: AdMark | null;
  /** The repetition: an RRULE, or evergreen days, and the occurrence this post was made from. */
  recurrence: { rrule: string | null; evergreenDays: number | null; parentId: string | null };
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  variants: Variant[];
  approvals: Approval[];
  history?: HistoryEntry[];
  can: PostPermissions;
};

export type VariantBody = {
  channelId: string;
  text?: string;
  media?: { mediaId: string; alt?: string | null }[];
  link?: string | null;
  thread?: { text: string; media?: { mediaId: string; alt?: string | null }[]; delayMinutes?: number }[];
  scheduledAt?: string | null;
};

export type PostBody = {
  baseText: string;
  rubric: string | null;
  format: PostFormat;
  tags: string[];
  campaign: string | null;
  ad: AdMark | null;
  variants: VariantBody[];
};

export type ValidationResult = { problems: Problem[]; length: { count: number; max: number; unit: string } };

export type CalendarItem = {
  variantId: string;
  postId: string;
  brandId: string;
  channelId: string;
  network: string;
  networkName?: string;
  channelName: string;
  title: string;
  at: string;
  status: VariantStatus;
  postStatus?: PostStatus;
  rubric: string | null;
  campaign: string | null;
  url: string | null;
};

export type ApprovalStep = { name: string; roles: string[] };

export type BrandSettings = {
  rubrics: string[];
  approvalSteps: ApprovalStep[];
  approvalDeadlineHours: number | null;
  missedPostPolicy: "publish_late" | "hold";
  lateThresholdMinutes: number;
  /** Settings other screens own (link shortening, the inbox's response target) are sent back unchanged. */
  shortenLinks?: boolean;
  responseSlaMinutes?: number;
  workingHours?: WorkingHours | null;
};

/** ISO weekdays 1 (Monday) … 7, and HH:MM in the brand's time zone. */
export type WorkingHours = { days: number[]; start: string; end: string };

export type MediaAsset = {
  id: string;
  brandId?: string | null;
  fileName: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  duration?: number | null;
  alt: string | null;
  /** Null for files without a thumbnail (videos). */
  thumbnailUrl?: string | null;
  fileUrl?: string;
  createdAt: string;
};

export type ChannelHealth = {
  ok: boolean;
  message: string | null;
  expiresAt: string | null;
  rateLimit: { limit: number | null; remaining: number | null; resetAt: string | null } | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
};

export type GuestApproval = {
  workspaceName: string;
  brandName: string;
  stepName: string;
  expiresAt: string | null;
  post: {
    baseText: string;
    format: string;
    variants: {
      id: string;
      network: string;
      networkName: string;
      channelName: string;
      handle: string;
      text: string;
      media: unknown[];
      link: string | null;
      scheduledAt: string | null;
    }[];
  };
};
