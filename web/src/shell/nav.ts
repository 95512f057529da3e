/** The areas of the app, in side-nav order, with the permission each needs (null: everyone). */
export type NavItem = { key: string; permission: string | null; placeholder: boolean };

export const navItems: NavItem[] = [
  { key: "home", permission: null, placeholder: false },
  { key: "calendar", permission: "posts.read", placeholder: false },
  { key: "publishing", permission: "posts.read", placeholder: false },
  { key: "templates", permission: "posts.read", placeholder: false },
  { key: "media", permission: "posts.read", placeholder: false },
  { key: "inbox", permission: "inbox.read", placeholder: false },
  { key: "listening", permission: "listening.read", placeholder: false },
  { key: "analytics", permission: "analytics.read", placeholder: false },
  { key: "reports", permission: "analytics.read", placeholder: false },
  { key: "campaigns", permission: "analytics.read", placeholder: false },
  { key: "leaders", permission: "analytics.read", placeholder: false },
  { key: "giveaways", permission: "posts.read", placeholder: false },
  { key: "strategy", permission: "analytics.read", placeholder: false },
  { key: "channels", permission: "channels.read", placeholder: false },
  { key: "members", permission: "members.read", placeholder: false },
  { key: "settings", permission: null, placeholder: false },
];
