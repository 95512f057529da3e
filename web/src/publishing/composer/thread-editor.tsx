/** "Thread / first comment": follow-up items published after the post, each with an optional delay. */
import { useTranslation } from "react-i18next";
import { newKey, type ThreadDraft } from "./draft.js";

type Props = { items: ThreadDraft[]; onChange: (items: ThreadDraft[]) => void; errors: Record<string, string> };

export function ThreadEditor({ items, onChange, errors }: Props) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<ThreadDraft>) => onChange(items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  return (
    <fieldset className="field thread">
      <legend className="field__label">{t("composer.thread")}</legend>
      <p className="field__hint">{t("composer.threadHint")}</p>
      {items.map((it, i) => (
        <div key={it.key} className="thread__item" data-testid="thread-item">
          <textarea
            className="textarea textarea--small"
            aria-label={t("composer.threadText", { n: i + 1 })}
            value={it.text}
            onChange={(e) => set(i, { text: e.target.value })}
          />
          <label className="thread__delay">
            <span className="muted small">{t("composer.delay")}</span>
            <input
              className="input input--narrow"
              type="number"
              min={0}
              value={it.delayMinutes}
              onChange={(e) => set(i, { delayMinutes: e.target.value })}
            />
          </label>
          <button type="button" className="btn btn--ghost btn--icon" aria-label={t("common.remove")} onClick={() => onChange(items.filter((_, j) => j !== i))}>
            ×
          </button>
          {errors[`thread.${i}.text`] || errors[`thread.${i}`] ? (
            <p className="field__error">{errors[`thread.${i}.text`] ?? errors[`thread.${i}`]}</p>
          ) : null}
        </div>
      ))}
      <div>
        <button type="button" className="btn btn--secondary" onClick={() => onChange([...items, { key: newKey(), text: "", delayMinutes: "" }])} data-testid="thread-add">
          {t("composer.threadAdd")}
        </button>
      </div>
    </fieldset>
  );
}
