/** The approval steps a post went through: who decided, when, what they said, and when a pending step expires. */
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../common/format.js";
import type { Approval } from "./types.js";

export function ApprovalsTimeline({ approvals }: { approvals: Approval[] }) {
  const { t } = useTranslation();
  if (approvals.length === 0) return null;
  return (
    <section className="card" data-testid="approvals">
      <h2 className="card__title">{t("publishing.approvals")}</h2>
      <ol className="timeline">
        {approvals.map((a) => (
          <li key={a.id} className={`timeline__item timeline__item--${a.status}`} data-testid="approval-row" data-status={a.status}>
            <div className="timeline__head">
              <strong>{a.stepName}</strong>
              <span className={`astatus astatus--${a.status}`}>{t(`publishing.approvalStatus.${a.status}`, { defaultValue: a.status })}</span>
            </div>
            <div className="muted small">
              {a.decidedAt && a.decidedBy
                ? t("publishing.decidedBy", { name: a.decidedBy, date: formatDateTime(a.decidedAt) })
                : t("publishing.requested", { date: formatDateTime(a.createdAt) })}
              {a.status === "pending" && a.expiresAt ? ` · ${t("publishing.expires", { date: formatDateTime(a.expiresAt) })}` : null}
            </div>
            {a.comment ? <blockquote className="timeline__comment">{a.comment}</blockquote> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
