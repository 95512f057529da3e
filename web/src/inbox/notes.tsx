/**
 * Internal notes, as the conversation and the author card show them: marked "never sent to the
 * network", oldest first, with a box to add one for those who may write.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTimeAgo } from "../common/format.js";
import { FormError } from "../common/states.js";

export type NoteView = { id: string; authorName: string; text: string; createdAt: string; removable?: boolean };

type Props = {
  title: string;
  empty: string;
  label: string;
  notes: NoteView[];
  canWrite: boolean;
  /** Saves a note; `done` clears the box once it is saved. */
  onAdd: (text: string, done: () => void) => void;
  adding: boolean;
  onRemove?: (id: string) => void;
  removing?: boolean;
  error: unknown;
  /** Prefix of the test ids and the text box's id ("inbox" → inbox-notes, inbox-note, …). */
  name: "inbox" | "author";
};

export function NotesSection({ title, empty, label, notes, canWrite, onAdd, adding, onRemove, removing, error, name }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  // The conversation's ids predate the author card's: note-text / note-add there, author-note-* here.
  const ids = name === "inbox" ? { text: "note-text", add: "note-add" } : { text: "author-note-text", add: "author-note-add" };
  return (
    <section className="inbox-notes" aria-label={title} data-testid={`${name}-notes`}>
      <h3 className="inbox-section-title">
        {title} <span className="inbox-notes__badge">{t("inbox.internal")}</span>
      </h3>
      {notes.length === 0 ? <p className="muted small">{empty}</p> : null}
      <ol className="inbox-notes__list">
        {notes.map((n) => (
          <li key={n.id} className="inbox-note" data-testid={`${name}-note`}>
            <div className="inbox-msg__head">
              <strong>{n.authorName}</strong>
              <span className="muted small">{formatTimeAgo(n.createdAt)}</span>
              {onRemove && n.removable ? (
                <button type="button" className="btn btn--small btn--ghost" disabled={removing} onClick={() => onRemove(n.id)}>
                  {t("common.remove")}
                </button>
              ) : null}
            </div>
            <p className="inbox-msg__text">{n.text}</p>
          </li>
        ))}
      </ol>
      {canWrite ? (
        <form
          className="inbox-note-form"
          onSubmit={(e) => {
            e.preventDefault();
            const body = text.trim();
            if (body) onAdd(body, () => setText(""));
          }}
        >
          <label className="visually-hidden" htmlFor={`${name}-note-text`}>
            {label}
          </label>
          <textarea
            id={`${name}-note-text`}
            className="textarea textarea--small inbox-note-form__text"
            value={text}
            maxLength={5000}
            onChange={(e) => setText(e.target.value)}
            placeholder={label}
            data-testid={ids.text}
          />
          <FormError error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn--secondary" disabled={!text.trim() || adding} data-testid={ids.add}>
              {t("inbox.addNote")}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
