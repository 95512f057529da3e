/** Small formatting helpers of the listening screens: audience sizes, shares, network names. */
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useNetworks } from "../channels/queries.js";
import { formatNumber } from "../common/format.js";

/** 12,345 followers as "12.3K" ("12,3 тыс." in Russian). */
export function formatCompact(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return formatNumber(n, { notation: "compact", maximumFractionDigits: 1 });
}

/** A share of 0…1 as a percentage. */
export function formatShare(x: number, digits = 0): string {
  return formatNumber(x, { style: "percent", maximumFractionDigits: digits });
}

/** A network's display name; feeds and imports are sources, not networks, and have names of their own. */
export function useNetworkName(): (network: string) => string {
  const { t } = useTranslation();
  const networks = useNetworks();
  const items = networks.data?.items;
  return useCallback(
    (network: string) => items?.find((n) => n.network === network)?.displayName ?? t(`listening.networks.${network}`, { defaultValue: network }),
    [items, t],
  );
}
