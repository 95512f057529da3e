/** Which of the brand's channels the post goes to: network, Sandbox badge and handle for each. */
import { useTranslation } from "react-i18next";
import type { Channel } from "../../types.js";

type Props = { channels: Channel[]; selected: string[]; onToggle: (channelId: string) => void; disabled?: boolean; error?: string | undefined };

export function ChannelPicker({ channels, selected, onToggle, disabled, error }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className={error ? "field field--invalid picker" : "field picker"} data-testid="channel-picker">
      <legend className="field__label">{t("composer.channels")}</legend>
      {channels.length === 0 ? <p className="muted">{t("composer.noChannels")}</p> : null}
      <ul className="picker__list">
        {channels.map((c) => {
          const on = selected.includes(c.id);
          return (
            <li key={c.id}>
              <label className={on ? "picker__option is-on" : "picker__option"} data-testid="channel-option" data-handle={c.handle}>
                <input type="checkbox" checked={on} disabled={disabled} onChange={() => onToggle(c.id)} />
                <span className="picker__name">{c.name || c.handle}</span>
                {c.simulated ? <span className="badge badge--sandbox">{t("channels.sandbox")}</span> : <span className="muted">{c.networkName}</span>}
                <span className="muted">@{c.handle}</span>
              </label>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
