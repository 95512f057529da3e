/** One connected channel: network, Sandbox badge, handle, status and what it can do. */
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { type Channel, capabilityNames } from "../types.js";
import { ChannelHealthLine } from "./channel-health.js";

type Props = { channel: Channel; workspaceId: string; canDisconnect: boolean; onDisconnect: () => void; busy: boolean; onSchedule?: (() => void) | undefined };

export function ChannelCard({ channel, workspaceId, canDisconnect, onDisconnect, busy, onSchedule }: Props) {
  const { t } = useTranslation();
  const caps = capabilityNames.filter((c) => channel.capabilities[c]);
  return (
    <li className="card channel" data-testid="channel-row" data-handle={channel.handle}>
      <div className="channel__head">
        <span className="channel__avatar" aria-hidden="true">
          {(channel.name || channel.handle).charAt(0).toUpperCase()}
        </span>
        <div className="channel__who">
          <div className="channel__name">{channel.name || channel.handle}</div>
          <div className="channel__meta">
            {/* The simulated network is named by its badge alone, so it reads the same in every language. */}
            {channel.simulated ? null : <span data-testid="channel-network">{channel.networkName}</span>}
            {channel.simulated ? (
              <span className="badge badge--sandbox" title={t("channels.sandboxHint")} data-testid="sandbox-badge">
                {t("channels.sandbox")}
              </span>
            ) : null}
            <span className="channel__handle" data-testid="channel-handle">
              @{channel.handle}
            </span>
          </div>
        </div>
        <span className={`status status--${channel.status}`} data-testid="channel-status" data-status={channel.status}>
          {t(`channels.status.${channel.status}`, { defaultValue: channel.status })}
        </span>
      </div>
      {channel.lastError ? <p className="channel__error">{channel.lastError}</p> : null}
      {channel.status === "disconnected" ? null : <ChannelHealthLine workspaceId={workspaceId} channelId={channel.id} />}
      <div className="channel__foot">
        <ul className="chips" aria-label={t("channels.capabilities")}>
          {caps.map((c) => (
            <li key={c} className="chip">
              {t(`channels.capability.${c}`)}
            </li>
          ))}
        </ul>
        {onSchedule && channel.status !== "disconnected" ? (
          <button type="button" className="btn btn--secondary btn--small" onClick={onSchedule} data-testid="channel-schedule">
            {t("slots.open")}
          </button>
        ) : null}
        {canDisconnect ? (
          <ConfirmButton
            label={t("channels.disconnect")}
            question={t("channels.disconnectConfirm", { name: `@${channel.handle}` })}
            onConfirm={onDisconnect}
            busy={busy}
            testId="channel-disconnect"
          />
        ) : null}
      </div>
    </li>
  );
}
