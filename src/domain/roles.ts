/**
 * Roles and what each may do in a workspace. This table is the single source of truth: the
 * server enforces it in services, and the UI only reads it (GET /api/workspaces/:id) to hide
 * what the user could not do anyway.
 */
import type { Role } from "../store/schema.js";

export type { Role };

export const roles = ["owner", "manager", "editor", "moderator", "analyst", "client"] as const satisfies readonly Role[];

export type Action =
  | "workspace.read"
  | "workspace.update"
  | "members.read"
  | "members.invite"
  | "members.role"
  | "members.remove"
  | "brands.read"
  | "brands.create"
  | "brands.manage"
  | "channels.read"
  | "channels.connect"
  | "posts.read"
  | "posts.write"
  | "posts.approve"
  | "inbox.read"
  | "inbox.reply"
  | "listening.read"
  | "listening.manage"
  | "listening.work"
  | "analytics.read"
  | "audit.read"
  | "tokens.manage";

const everyone: Role[] = ["owner", "manager", "editor", "moderator", "analyst", "client"];
const staff: Role[] = ["owner", "manager", "editor", "moderator", "analyst"];
const admins: Role[] = ["owner", "manager"];

const rules: Record<Action, Role[]> = {
  "workspace.read": everyone,
  "workspace.update": ["owner"],
  "members.read": staff,
  "members.invite": admins,
  "members.role": admins,
  "members.remove": admins,
  "brands.read": everyone,
  "brands.create": admins,
  "brands.manage": admins,
  "channels.read": everyone,
  "channels.connect": admins,
  "posts.read": everyone,
  "posts.write": ["owner", "manager", "editor"],
  "posts.approve": ["owner", "manager", "client"],
  "inbox.read": staff,
  "inbox.reply": ["owner", "manager", "moderator"],
  // Listening: setting up queries, sources and alerts is analysts' and admins' work; acting on
  // mentions (irrelevant, sentiment, to the inbox) also moderators'.
  "listening.read": staff,
  "listening.manage": ["owner", "manager", "analyst"],
  "listening.work": ["owner", "manager", "moderator", "analyst"],
  "analytics.read": everyone,
  "audit.read": admins,
  // A token acts with its owner's role, so a client's token can still only read and approve.
  "tokens.manage": everyone,
};

/**
 * What a member limited to some brands may never do, whatever their role: each of these reaches
 * past their brands (the workspace's name, a new brand, the whole workspace's audit log).
 */
const wholeWorkspaceActions: ReadonlySet<Action> = new Set<Action>(["workspace.update", "brands.create", "audit.read"]);

/** `limited`: the member works with some brands only (memberships.brand_ids is set). */
export function can(role: Role, action: Action, limited = false): boolean {
  if (limited && wholeWorkspaceActions.has(action)) return false;
  return rules[action].includes(role);
}

export function permissionsOf(role: Role, limited = false): Action[] {
  return (Object.keys(rules) as Action[]).filter((a) => can(role, a, limited));
}

/**
 * The brands a member works with: null is every brand of the workspace. Owners always see every
 * brand — a workspace must keep someone who can see all of it.
 */
export type BrandScope = readonly string[] | null;

export function scopeAllows(scope: BrandScope, brandId: string): boolean {
  return scope === null || scope.includes(brandId);
}

/**
 * Whether a member with `actor` scope may hand out or change a membership of `target` scope: one
 * cannot give or touch more than one sees, so a manager of one brand cannot invite someone who
 * sees every brand, nor change the role of someone who does.
 */
export function scopeCovers(actor: BrandScope, target: BrandScope): boolean {
  if (actor === null) return true;
  if (target === null) return false;
  return target.every((b) => actor.includes(b));
}

/** A scope as stored (JSON text or null), read defensively: anything unreadable sees nothing. */
export function parseScope(stored: string | null): BrandScope {
  if (stored === null) return null;
  try {
    const v: unknown = JSON.parse(stored);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** Only an owner may make or unmake owners; a manager manages everyone below. */
export function canAssignRole(actor: Role, from: Role, to: Role): boolean {
  if (!can(actor, "members.role")) return false;
  if (actor === "owner") return true;
  return from !== "owner" && to !== "owner";
}
