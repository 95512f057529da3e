/**
 * The tables of campaigns with spend, conversions and their results (see migration 020-campaigns); part of Database in schema.ts.
 *
 * A campaign's name is the link to posts.campaign (and channel_posts.campaign), its slug the
 * utm_campaign of its links and of the conversions a shop reports. Money is whole hundredths of
 * the currency's unit (kopecks, cents), so SQL sums are exact.
 */
import type { CampaignGoal, CampaignStatus } from "../domain/campaign.js";

export interface CampaignsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  /** Unique per brand; what the composer writes into a post's campaign. */
  name: string;
  /** slugify(name): the utm_campaign; unique per brand. */
  slug: string;
  goal: CampaignGoal;
  status: CampaignStatus;
  /** First and last day, YYYY-MM-DD in the brand's time zone, inclusive. */
  start_day: string;
  end_day: string;
  budget_cents: number | null;
  /** ISO 4217; spend and revenue are counted in it. */
  currency: string;
  /** JSON array of the brand's channel ids; empty: the channels its posts went out on. */
  channel_ids: string;
  utm_source: string | null;
  utm_medium: string | null;
  utm_content: string | null;
  utm_term: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One line of ad spend: a day's (or an invoice's) cost, entered by hand or imported. */
export interface CampaignSpendTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  campaign_id: string;
  day: string;
  amount_cents: number;
  currency: string;
  /** A channel of the brand, or the ad network's name as the file wrote it. */
  channel_id: string | null;
  channel_label: string | null;
  note: string | null;
  source: "manual" | "csv";
  created_by: string | null;
  created_at: string;
}

/**
 * A conversion (an order, a lead) reported by the brand's site or shop. `external_id` (the
 * order's number) is unique per brand: a repeated webhook or re-imported file stores it once.
 * `campaign_id` is null while no campaign matches its utm_campaign; a campaign created later with
 * that slug takes it.
 */
export interface ConversionsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  campaign_id: string | null;
  external_id: string;
  occurred_at: string;
  value_cents: number;
  currency: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_content: string | null;
  utm_term: string | null;
  link_code: string | null;
  source: "webhook" | "csv";
  received_at: string;
}

/** The brand's conversion webhook: its signing secret, encrypted at rest (services/secrets.ts). */
export interface ConversionHooksTable {
  brand_id: string;
  workspace_id: string;
  secret_enc: string;
  created_by: string | null;
  created_at: string;
  last_received_at: string | null;
}

export interface CampaignTables {
  campaigns: CampaignsTable;
  campaign_spend: CampaignSpendTable;
  conversions: ConversionsTable;
  conversion_hooks: ConversionHooksTable;
}
