/**
 * One channel's variant: its text (the base text until edited), live length and problems, media,
 * link, thread and time. Every selected variant stays mounted (hidden when its tab is not open)
 * so all of them are validated and any problem blocks Schedule.
 */
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../common/field.js";
import { zoneLabel } from "../../common/zone.js";
import type { Channel } from "../../types.js";
import type { Problem } from "../types.js";
import type { Draft, VariantDraft } from "./draft.js";
import { adOf, variantText } from "./draft.js";
import { LinkPreview } from "./link-preview.js";
import { MediaPicker } from "./media-picker.js";
import { ThreadEditor } from "./thread-editor.js";
import { useValidation } from "./use-validation.js";

type Props = {
  workspaceId: string;
  brandId: string;
  zone: string;
  draft: Draft;
  variant: VariantDraft;
  channel: Channel | undefined;
  hidden: boolean;
  errors: Record<string, string>;
  onChange: (v: VariantDraft) => void;
  onProblems: (channelId: string, state: { problems: Problem[]; settling: boolean }) => void;
};

export function VariantEditor({ workspaceId, brandId, zone, draft, variant, channel, hidden, errors, onChange, onProblems }: Props) {
  const { t } = useTranslation();
  const text = variantText(draft, variant);
  const link = variant.link.trim();
  const validation = useValidation(workspaceId, {
    channelId: variant.channelId,
    text,
    format: draft.format,
    media: variant.media.map((m) => ({ mediaId: m.mediaId })),
    link: link || null,
    ad: adOf(draft),
  });
  const problemsJson = JSON.stringify(validation.problems);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reported when the problems' content changes, not their identity.
  useEffect(() => {
    onProblems(variant.channelId, { problems: validation.problems, settling: validation.settling });
  }, [problemsJson, validation.settling, variant.channelId, onProblems]);

  const set = (patch: Partial<VariantDraft>) => onChange({ ...variant, ...patch });
  const len = validation.length;
  const over = len !== null && len.count > len.max;
  const problemsOf = (prefix: string) => validation.problems.filter((p) => p.field === prefix || p.field.startsWith(`${prefix}.`));

  return (
    <div className="variant" hidden={hidden} role="tabpanel" data-testid="variant-editor" data-channel={variant.channelId} data-handle={channel?.handle}>
      <Field label={t("composer.variantText", { channel: channel?.name || channel?.handle || "" })} error={errors.text}>
        {(id, d) => (
          <>
            <textarea
              id={id}
              aria-describedby={d}
              className={over || problemsOf("text").length ? "textarea textarea--invalid" : "textarea"}
              value={text}
              onChange={(e) => set({ text: e.target.value })}
              rows={6}
              data-testid="variant-text"
            />
            <div className="variant__meta">
              <span className={over ? "counter counter--over" : "counter"} data-testid="variant-counter">
                {len ? t("composer.counter", { count: len.count, max: len.max, unit: t(`composer.unit.${len.unit}`, { defaultValue: len.unit }) }) : "…"}
              </span>
              {variant.text !== null ? (
                <>
                  <span className="badge badge--neutral" data-testid="variant-customised">
                    {t("composer.customised")}
                  </span>
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => set({ text: null })} data-testid="variant-reset">
                    {t("composer.reset")}
                  </button>
                </>
              ) : (
                <span className="muted small">{t("composer.followsBase")}</span>
              )}
            </div>
          </>
        )}
      </Field>
      {errors.channelId ? (
        <p className="field__error" role="alert" data-testid="variant-channel-error">
          {errors.channelId}
        </p>
      ) : null}
      {validation.problems.length ? (
        <ul className="problems" data-testid="variant-problems" aria-live="polite">
          {validation.problems.map((p) => (
            <li key={`${p.field}:${p.message}`} data-field={p.field}>
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <MediaPicker
        workspaceId={workspaceId}
        brandId={brandId}
        media={variant.media}
        onChange={(media) => set({ media })}
        errors={{ ...errors, ...Object.fromEntries(problemsOf("media").map((p) => [p.field, p.message])) }}
      />
      <Field label={`${t("composer.link")} (${t("common.optional")})`} error={errors.link}>
        {(id, d) => (
          <input
            id={id}
            aria-describedby={d}
            className="input"
            type="url"
            placeholder="https://"
            value={variant.link}
            onChange={(e) => set({ link: e.target.value })}
            data-testid="variant-link"
          />
        )}
      </Field>
      <LinkPreview workspaceId={workspaceId} link={variant.link} network={channel?.network} />
      <ThreadEditor items={variant.thread} onChange={(thread) => set({ thread })} errors={errors} />
      {draft.sameTime ? (
        errors.scheduledAt ? (
          <p className="field__error" role="alert">
            {errors.scheduledAt}
          </p>
        ) : null
      ) : (
        <Field label={t("composer.time")} hint={zoneLabel(zone)} error={errors.scheduledAt}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              className="input input--time"
              type="datetime-local"
              value={variant.time}
              onChange={(e) => set({ time: e.target.value })}
              data-testid="variant-time"
            />
          )}
        </Field>
      )}
    </div>
  );
}
