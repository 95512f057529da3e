/** What happened to a post, oldest first, from its audit events. */
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../common/format.js";
import type { HistoryEntry } from "./types.js";

export function HistoryList({ history }: { history: HistoryEntry[] }) {
  const { t } = useTranslation();
  if (history.length === 0) return null;
  return (
    <section className="card" data-testid="history">
      <h2 className="card__title">{t("publishing.history")}</h2>
      <ul className="list">
        {history.map((h) => (
          <li key={`${h.createdAt}-${h.action}-${JSON.stringify(h.data)}`} className="history__row">
            <span>
              {t(`publishing.action.${h.action.replace(/^post\./, "")}`, { defaultValue: h.action })}
              {typeof h.data.comment === "string" && h.data.comment ? <span className="muted"> — “{h.data.comment}”</span> : null}
            </span>
            <span className="muted small nowrap">
              {h.actorName ?? (typeof h.data.by === "string" ? h.data.by : t("settings.system"))} · {formatDateTime(h.createdAt)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
