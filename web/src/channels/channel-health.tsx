/** One line of channel health: whether its access works, when it expires, and its last success and failure. */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, enc } from "../api.js";
import { errorText } from "../common/errors.js";
import { formatDateTime } from "../common/format.js";
import type { ChannelHealth } from "../publishing/types.js";

const dayMs = 86_400_000;

export function ChannelHealthLine({ workspaceId, channelId }: { workspaceId: string; channelId: string }) {
  const { t } = useTranslation();
  const health = useQuery({
    queryKey: ["channel-health", workspaceId, channelId],
    queryFn: () => api.get<ChannelHealth>(`/api/workspaces/${enc(workspaceId)}/channels/${enc(channelId)}/health`),
    retry: false,
    staleTime: 60_000,
  });
  if (health.isPending) return <p className="health muted small">{t("health.checking")}</p>;
  if (health.isError) {
    return (
      <p className="health health--bad small" data-testid="channel-health" data-ok="false">
        {t("health.unknown", { detail: errorText(health.error, t) })}
      </p>
    );
  }
  const h = health.data;
  const days = h.expiresAt ? Math.floor((Date.parse(h.expiresAt) - Date.now()) / dayMs) : null;
  return (
    <div className="health small" data-testid="channel-health" data-ok={String(h.ok)}>
      <p className={h.ok ? "health__state health--ok" : "health__state health--bad"}>
        {h.ok ? t("health.ok") : (h.message ?? t("health.bad"))}
      </p>
      {days !== null && days < 7 ? (
        <p className="health--warn" data-testid="channel-health-expiry">
          {days < 0 ? t("health.expired") : t("health.expiresIn", { count: days })}
        </p>
      ) : null}
      <p className="muted">
        {t("health.lastSuccess", { date: h.lastSuccessAt ? formatDateTime(h.lastSuccessAt) : t("common.never") })}
        {h.lastFailureAt ? ` · ${t("health.lastFailure", { date: formatDateTime(h.lastFailureAt) })}` : null}
      </p>
      {h.lastFailureAt && h.lastError ? <p className="muted">{h.lastError}</p> : null}
    </div>
  );
}
