/** Giveaways as the API shows them (src/api/routes/giveaways.routes.ts). */
export type EntryAction = "repost" | "comment" | "repost_or_comment" | "repost_and_comment";
export const entryActions: EntryAction[] = ["repost_or_comment", "repost", "comment", "repost_and_comment"];
export type Conditions = { action: EntryAction; mustFollow: boolean; excludeBots: boolean };
export type Winner = { place: number; entry: string; handle: string };

export type Giveaway = {
  id: string;
  brandId: string;
  publicId: string | null;
  publicUrl: string | null;
  channel: { id: string; name: string; handle: string; network: string; networkName: string; simulated: boolean };
  post: { channelPostId: string | null; externalId: string; url: string | null; text: string };
  title: string;
  conditions: Conditions;
  winnersCount: number;
  teamHandles: string[];
  announce: boolean;
  canAnnounce: boolean;
  status: "draft" | "frozen" | "drawn";
  algorithm: string;
  entrantCount: number | null;
  eligibleCount: number | null;
  listSha256: string | null;
  commitment: string | null;
  seed: string | null;
  winners: Winner[] | null;
  commitmentReplyId: string | null;
  resultReplyId: string | null;
  announceError: string | null;
  frozenAt: string | null;
  drawnAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type GiveawayInput = { brandId: string; channelPostId: string; title: string; conditions: Conditions; winnersCount: number; teamHandles: string[]; announce: boolean };

export type Entrant = { entry: string; handle: string; name: string; reposted: boolean; commented: boolean; follows: boolean | null; botScore: number | null; eligible: boolean; reasons: string[] };
export type Entrants = { frozen: boolean; entrants: Entrant[]; counts: { total: number; eligible: number; reasons: Record<string, number> } };

export type CandidatePost = { channelPostId: string; channel: { id: string; name: string; handle: string; network: string; networkName: string }; externalId: string; url: string | null; text: string; publishedAt: string };

/** The public verification data (GET /api/giveaways/:publicId). */
export type PublicGiveaway = {
  algorithm: string;
  title: string;
  brand: string;
  network: string;
  networkName: string;
  simulated: boolean;
  post: { url: string | null; text: string };
  conditions: Conditions;
  winnersCount: number;
  status: "frozen" | "drawn";
  frozenAt: string;
  drawnAt: string | null;
  commitment: string;
  entrants: { canonical: string; sha256: string; count: number; all: { entry: string; handle: string; eligible: boolean; reasons: string[] }[] };
  seed: string | null;
  winners: Winner[] | null;
};

/** A stable React key per row: a person listed twice (a duplicate) gets "#2". */
export function withKeys<T extends { entry: string }>(rows: T[]): (T & { key: string })[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const n = (seen.get(r.entry) ?? 0) + 1;
    seen.set(r.entry, n);
    return { ...r, key: n === 1 ? r.entry : `${r.entry}#${n}` };
  });
}
