/** Channels of the current brand, with connect and disconnect. */
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../common/page-header.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { ChannelCard } from "./channel-card.js";
import { ConnectDialog } from "./connect-dialog.js";
import { PostingScheduleDialog } from "./posting-schedule-dialog.js";
import { useChannels, useDisconnectChannel } from "./queries.js";

export function ChannelsPage() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const channels = useChannels(workspace.id, brand.id);
  const disconnect = useDisconnectChannel(workspace.id, brand.id);
  const [connecting, setConnecting] = useState(false);
  const close = useCallback(() => setConnecting(false), []);
  const canConnect = can("channels.connect");
  const [scheduling, setScheduling] = useState<string | null>(null);
  const closeSchedule = useCallback(() => setScheduling(null), []);
  const canSchedule = can("posts.write") || can("analytics.read");
  const items = channels.data?.items ?? [];
  const scheduledChannel = items.find((c) => c.id === scheduling);

  return (
    <>
      <PageHeader
        title={t("channels.title")}
        subtitle={channels.data ? `${t("channels.subtitle")} ${t("channels.count", { count: items.length })}` : t("channels.subtitle")}
        actions={
          canConnect ? (
            <button type="button" className="btn btn--primary" onClick={() => setConnecting(true)} data-testid="connect-channel">
              {t("channels.connect")}
            </button>
          ) : null
        }
      />
      <FormError error={disconnect.error} />
      {channels.isPending ? (
        <Loading />
      ) : channels.isError ? (
        <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t("channels.empty")} testId="channels-empty" />
      ) : (
        <ul className="channel-list" data-testid="channel-list">
          {items.map((c) => (
            <ChannelCard
              key={c.id}
              channel={c}
              workspaceId={workspace.id}
              canDisconnect={canConnect}
              busy={disconnect.isPending}
              onDisconnect={() => disconnect.mutate(c.id)}
              onSchedule={canSchedule ? () => setScheduling(c.id) : undefined}
            />
          ))}
        </ul>
      )}
      {connecting ? <ConnectDialog workspaceId={workspace.id} brandId={brand.id} onClose={close} /> : null}
      {scheduledChannel ? (
        <PostingScheduleDialog
          workspaceId={workspace.id}
          channel={scheduledChannel}
          zone={brand.timezone}
          canEdit={can("posts.write")}
          canAnalytics={can("analytics.read")}
          onClose={closeSchedule}
        />
      ) : null}
    </>
  );
}
