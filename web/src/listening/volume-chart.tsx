/** Mentions over time, stacked by sentiment (recharts), with times on the brand's clock. */
import { DateTime } from "luxon";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "../common/format.js";
import type { VolumePoint } from "./types.js";

/** The app's palette: --danger, a neutral grey, --success. */
export const sentimentColors = { negative: "#d92d20", neutral: "#98a2b3", positive: "#067647" } as const;

type Props = { points: VolumePoint[]; bucket: "hour" | "day"; zone: string };

export function VolumeChart({ points, bucket, zone }: Props) {
  const { t, i18n } = useTranslation();
  // Hours come as UTC instants, days as the brand's local dates: both read on the brand's clock.
  const at = (v: string) => DateTime.fromISO(v, { zone }).setLocale(i18n.language);
  const tick = (v: string) => (bucket === "hour" ? at(v).toFormat("HH:mm") : at(v).toFormat("d MMM"));
  const label = (v: string) => (bucket === "hour" ? at(v).toLocaleString(DateTime.DATETIME_MED) : at(v).toLocaleString(DateTime.DATE_MED_WITH_WEEKDAY));
  return (
    <div className="listen-chart" data-testid="volume-chart">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e3e6eb" />
          <XAxis dataKey="t" tickFormatter={tick} tick={{ fontSize: 12, fill: "#667085" }} minTickGap={16} tickLine={false} axisLine={{ stroke: "#cdd2da" }} />
          <YAxis allowDecimals={false} width={44} tick={{ fontSize: 12, fill: "#667085" }} tickLine={false} axisLine={false} tickFormatter={(v: number) => formatNumber(v)} />
          <Tooltip labelFormatter={(v) => label(String(v))} cursor={{ fill: "#f2f4f7" }} />
          <Bar dataKey="negative" name={t("inbox.sentiment.negative")} stackId="s" fill={sentimentColors.negative} isAnimationActive={false} />
          <Bar dataKey="neutral" name={t("inbox.sentiment.neutral")} stackId="s" fill={sentimentColors.neutral} isAnimationActive={false} />
          <Bar dataKey="positive" name={t("inbox.sentiment.positive")} stackId="s" fill={sentimentColors.positive} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <ul className="legend">
        {(["negative", "neutral", "positive"] as const).map((s) => (
          <li key={s}>
            <span className="legend__dot" style={{ background: sentimentColors[s] }} />
            {t(`inbox.sentiment.${s}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
