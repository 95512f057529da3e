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

export function can(role: Role, action: Action): boolean {
  return rules[action].includes(role);
}

export function permissionsOf(role: Role): Action[] {
  return (Object.keys(rules) as Action[]).filter((a) => can(role, a));
}

/** Only an owner may make or unmake owners; a manager manages everyone below. */
export function canAssignRole(actor: Role, from: Role, to: Role): boolean {
  if (!can(actor, "members.role")) return false;
  if (actor === "owner") return true;
  return from !== "owner" && to !== "owner";
}
