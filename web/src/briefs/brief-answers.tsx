/** A client's answers, read by the agency: every value as plain text; the site is a link only when it is http(s). */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatNumber } from "../common/format.js";
import type { BriefAnswers } from "./types.js";

const networkNames: Record<string, string> = { vk: "VK", telegram: "Telegram", bluesky: "Bluesky", mastodon: "Mastodon" };

export function BriefAnswersView({ answers }: { answers: BriefAnswers }) {
  const { t } = useTranslation();
  const money = (v: number | null) => (v === null ? null : formatNumber(v, { style: "currency", currency: answers.currency, maximumFractionDigits: 0 }));
  const work = money(answers.budgetMonthly);
  const ads = money(answers.adBudgetMonthly);
  const budget = [work ? t("briefs.panel.answers.budgetWork", { amount: work }) : null, ads ? t("briefs.panel.answers.budgetAds", { amount: ads }) : null].filter(Boolean).join("; ");
  const period = answers.periodStart || answers.periodEnd ? `${formatDate(answers.periodStart)} – ${formatDate(answers.periodEnd)}` : "";
  const rows: [string, ReactNode][] = [
    ["contact", [answers.contactName, answers.contactEmail].filter(Boolean).join(", ")],
    ["company", answers.company],
    [
      "website",
      answers.website && /^https?:\/\//i.test(answers.website) ? (
        <a key="website" href={answers.website} target="_blank" rel="noopener noreferrer nofollow">
          {answers.website}
        </a>
      ) : (
        (answers.website ?? "")
      ),
    ],
    ["product", answers.product],
    ["networks", answers.networks.map((n) => networkNames[n] ?? n).join(", ")],
    ["existingPages", answers.existingPages.join("\n")],
    ["geography", answers.geography],
    ["audience", answers.audience],
    ["goals", answers.goals.map((g) => t(`briefs.goals.${g}`)).join(", ")],
    ["goalsDetails", answers.goalsDetails],
    ["budget", budget],
    ["period", period],
    ["successIndicators", answers.successIndicators],
    ["competitors", answers.competitors.join("\n")],
    ["toneOfVoice", answers.toneOfVoice],
    ["restrictions", answers.restrictions],
    ["notes", answers.notes],
  ];
  return (
    <dl className="brief-answers" data-testid="brief-answers">
      {rows
        .filter(([, v]) => v !== "" && v !== null)
        .map(([key, value]) => (
          <div key={key} className="brief-answers__row">
            <dt>{t(`briefs.panel.answers.${key}`)}</dt>
            <dd data-testid={`brief-answer-${key}`}>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
