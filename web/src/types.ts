/** Shapes of the API's JSON answers, as the UI uses them (the server's OpenAPI is the reference). */

export type Locale = "en" | "ru";

export const roles = ["owner", "manager", "editor", "moderator", "analyst", "client"] as const;
export type Role = (typeof roles)[number];

export type Page<T> = { items: T[]; nextCursor: string | null };

export type User = { id: string; email: string; name: string; locale: Locale };

export type Me = { user: User; workspaces: { id: string; name: string; role: Role }[] };

/** The brands a member works with; null: every brand of the workspace (owners always). */
export type BrandScope = string[] | null;

export type Workspace = { id: string; name: string; role: Role; brandIds: BrandScope; permissions: string[] };

export type Brand = { id: string; name: string; timezone: string; locale: string; createdAt: string };

export type Overview = {
  brand: { id: string; name: string; timezone: string; locale: string };
  channels: number;
  followers: number;
  postsLast30Days: number;
  scheduledNext7Days: number;
  engagementRate: number | null;
  openComments: number;
  negativeComments: number | null;
};

export const capabilityNames = [
  "publish",
  "delete",
  "edit",
  "postMetrics",
  "channelStats",
  "comments",
  "reply",
  "hide",
  "like",
  "directMessages",
  "search",
  "sampleFollowers",
] as const;
export type Capabilities = Record<(typeof capabilityNames)[number], boolean> & {
  /** Listening hears what the account sees in passing (a Telegram bot in other chats) instead of searching. */
  overhears?: boolean;
};

export type NetworkField = {
  name: string;
  type: "string" | "number" | "select";
  required: boolean;
  options?: string[];
  default?: unknown;
};

export type Network = {
  network: string;
  displayName: string;
  simulated: boolean;
  capabilities: Capabilities;
  limits: { maxLength: number; lengthUnit: string; maxMedia: number; mediaTypes: string[]; maxMediaBytes: number };
  fields: NetworkField[];
};

export type Channel = {
  id: string;
  brandId: string;
  network: string;
  networkName: string;
  simulated: boolean;
  name: string;
  handle: string;
  status: "active" | "error" | "disconnected";
  capabilities: Capabilities;
  lastError: string | null;
  createdAt: string;
};

export type Member = { userId: string; email: string; name: string; role: Role; brandIds: BrandScope; createdAt: string };

export type Invitation = {
  id: string;
  email: string;
  role: Role;
  brandIds: BrandScope;
  createdAt: string;
  expiresAt: string;
  inviterName: string | null;
};

export type InvitationInfo = { workspaceName: string; email: string; role: Role; brands: string[] | null; userExists: boolean };

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
};

export type AuditEvent = {
  id: string;
  action: string;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
  ip: string | null;
  createdAt: string;
};
