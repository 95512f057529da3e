/**
 * Advertising disclosure: what a post marked as advertising must carry, by the law it is published
 * under. All the rules live here, so another country's is one more entry in `jurisdictions`.
 *
 * - "ru" — Russia, Federal Law 38-FZ art. 18.1 (since 1 September 2022): the word «Реклама», the
 *   advertiser (name, and the taxpayer number ИНН where there is one) and the erid token the
 *   advertising data operator (ОРД) issued for the creative. Chorus does not publish such a post
 *   without its token, adds "erid=<token>" to the post's link, and keeps the placement for the
 *   monthly report to the operator.
 * - "generic" — a plain "#ad" first, as the US FTC and the UK ASA expect for paid posts.
 *
 * The label is added when the post is sent, never stored in the editor's text: it cannot be
 * forgotten, and changing the token changes every variant.
 */
import { z } from "zod";
import type { FieldProblem } from "../errors.js";

export const adJurisdictionKeys = ["ru", "generic"] as const;
export type AdJurisdiction = (typeof adJurisdictionKeys)[number];

export const adMarkSchema = z.strictObject({
  rules: z.enum(adJurisdictionKeys).default("ru").describe('Whose disclosure rules apply: "ru" (Реклама + advertiser + erid) or "generic" (#ad)'),
  advertiser: z.string().trim().min(1, "Name the advertiser").max(200),
  /** ИНН: 10 digits for an organisation, 12 for a person or sole trader. */
  advertiserTaxId: z
    .string()
    .trim()
    .regex(/^(\d{10}|\d{12})$/, "An ИНН has 10 digits (organisation) or 12 (person)")
    .nullable()
    .default(null),
  /** The token the advertising data operator issued for this creative. */
  erid: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{4,64}$/, "An erid token is 4–64 Latin letters and digits, as the operator issued it")
    .nullable()
    .default(null),
});

export type AdMark = z.infer<typeof adMarkSchema>;

type Jurisdiction = {
  /** Why the post cannot go out as it is (paths under "ad"). */
  problems: (ad: AdMark) => FieldProblem[];
  /** The text and link as published. */
  disclose: (sent: { text: string; link: string | null }, ad: AdMark) => { text: string; link: string | null };
};

const jurisdictions: Record<AdJurisdiction, Jurisdiction> = {
  ru: {
    problems: (ad) =>
      ad.erid
        ? []
        : [{ path: "ad.erid", message: "An advertising post needs its erid token from the advertising data operator (ОРД) before it can be scheduled or published." }],
    disclose: (sent, ad) => {
      const who = ad.advertiserTaxId ? `${ad.advertiser}, ИНН ${ad.advertiserTaxId}` : ad.advertiser;
      const label = `Реклама. ${who}.${ad.erid ? ` erid: ${ad.erid}` : ""}`;
      return { text: sent.text.trim() ? `${sent.text}\n\n${label}` : label, link: sent.link && ad.erid ? withParam(sent.link, "erid", ad.erid) : sent.link };
    },
  },
  generic: {
    problems: () => [],
    disclose: (sent) => ({ text: sent.text.trim() ? `#ad ${sent.text}` : "#ad", link: sent.link }),
  },
};

/** What stops an advertising post from being scheduled or published; none for a post that is not one. */
export function adProblems(ad: AdMark | null): FieldProblem[] {
  return ad ? jurisdictions[ad.rules].problems(ad) : [];
}

/** The text and link as the network receives them. */
export function discloseAd(sent: { text: string; link: string | null }, ad: AdMark | null): { text: string; link: string | null } {
  return ad ? jurisdictions[ad.rules].disclose(sent, ad) : sent;
}

/** A stored mark (JSON or null), read defensively: unreadable JSON counts as an ad without a token, so it is held, not published unmarked. */
export function parseAdMark(stored: string | null): AdMark | null {
  if (stored === null) return null;
  try {
    const parsed = adMarkSchema.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return { rules: "ru", advertiser: "?", advertiserTaxId: null, erid: null };
}

function withParam(link: string, key: string, value: string): string {
  try {
    const url = new URL(link);
    url.searchParams.set(key, value);
    return url.toString();
  } catch {
    return link;
  }
}
