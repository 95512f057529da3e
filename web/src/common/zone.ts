/**
 * Times in a brand's time zone. People enter and read times as the brand's clock shows them; the
 * API stores UTC instants. Luxon does the conversion so a time across a DST change lands right.
 */
import { DateTime } from "luxon";
import { i18n } from "../i18n/index.js";

/** An instant as the value of an <input type="datetime-local"> in the zone (seconds only when set). */
export function toZoneInput(iso: string | null | undefined, zone: string): string {
  if (!iso) return "";
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) return "";
  return dt.toFormat(dt.second ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm");
}

/** A datetime-local value read as wall-clock time in the zone, as an ISO UTC instant (null when empty or invalid). */
export function fromZoneInput(value: string, zone: string): string | null {
  if (!value) return null;
  const dt = DateTime.fromISO(value, { zone });
  return dt.isValid ? dt.toUTC().toISO({ suppressMilliseconds: true }) : null;
}

/** "Europe/Moscow, UTC+3" — the zone and its current offset. */
export function zoneLabel(zone: string): string {
  const dt = DateTime.now().setZone(zone);
  return dt.isValid ? `${zone}, UTC${dt.toFormat("ZZ").replace(/:00$/, "")}` : zone;
}

/** An instant shown on the zone's clock, in the UI's language. */
export function formatInZone(iso: string | null | undefined, zone: string): string {
  if (!iso) return "—";
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) return "—";
  return dt.setLocale(i18n.language).toLocaleString(DateTime.DATETIME_MED);
}
