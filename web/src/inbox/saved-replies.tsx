/**
 * Saved replies beside the reply box: a picker (search by title) that inserts the reply written
 * for this item — {author}, {handle}, {brand}, {channel}, {agent} filled in by the server — into
 * the box, where it stays editable; variables without a value are listed, never silently dropped.
 * "Manage" opens a dialog to write, change and delete them (roles that answer the inbox).
 */
import { useCallback, useId, useMemo, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { fieldError } from "../common/errors.js";
import { Field } from "../common/field.js";
import { Modal } from "../common/modal.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { renderSavedReply, useSavedReplies, useSavedReplyActions } from "./work-queries.js";
import type { RenderedReply, SavedReply } from "./work-types.js";

const variables = ["{author}", "{handle}", "{brand}", "{channel}", "{agent}", "{date}"];

type PickerProps = { itemId: string; onInsert: (rendered: RenderedReply) => void };

export function SavedReplyPicker({ itemId, onInsert }: PickerProps) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const [open, setOpen] = useState(false);
  const [managing, setManaging] = useState(false);
  const [q, setQ] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const replies = useSavedReplies(workspace.id, brand.id, open || managing);
  const panelId = useId();
  // Stable: the dialog refocuses its first control whenever onClose changes (presence polls re-render this).
  const closeManager = useCallback(() => setManaging(false), []);
  const shown = useMemo(() => {
    const words = q.trim().toLowerCase();
    return (replies.data?.items ?? []).filter((r) => !words || r.title.toLowerCase().includes(words));
  }, [replies.data, q]);

  const pick = async (r: SavedReply) => {
    setBusy(r.id);
    setError(null);
    try {
      onInsert(await renderSavedReply(workspace.id, r.id, itemId));
      setOpen(false);
      setQ("");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="saved-replies">
      <button
        type="button"
        className="btn btn--small btn--secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
        data-testid="saved-replies-open"
      >
        {t("inbox.savedReplies.insert")}
      </button>
      {open ? (
        <div className="saved-replies__panel" id={panelId} data-testid="saved-replies-panel">
          <label className="visually-hidden" htmlFor={`${panelId}-q`}>
            {t("inbox.savedReplies.search")}
          </label>
          <input
            id={`${panelId}-q`}
            className="input"
            type="search"
            value={q}
            placeholder={t("inbox.savedReplies.search")}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setOpen(false);
              if (e.key === "Enter" && shown[0]) {
                e.preventDefault();
                void pick(shown[0]);
              }
            }}
            // biome-ignore lint/a11y/noAutofocus: the panel opens on request; typing the title is the next step
            autoFocus
            data-testid="saved-replies-search"
          />
          {replies.isPending ? (
            <Loading />
          ) : replies.isError ? (
            <ErrorState error={replies.error} onRetry={() => void replies.refetch()} />
          ) : shown.length === 0 ? (
            <p className="muted small">{replies.data.items.length === 0 ? t("inbox.savedReplies.none") : t("inbox.savedReplies.noMatch")}</p>
          ) : (
            <ul className="saved-replies__list" aria-label={t("inbox.savedReplies.title")}>
              {shown.map((r) => (
                <li key={r.id}>
                  <button type="button" className="saved-replies__item" disabled={busy !== null} onClick={() => void pick(r)} data-testid="saved-reply-option">
                    <strong>{r.title}</strong>
                    <span className="muted small saved-replies__preview">{r.text}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <FormError error={error} />
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setManaging(true)} data-testid="saved-replies-manage">
            {t("inbox.savedReplies.manage")}
          </button>
        </div>
      ) : null}
      {/* The picker sits inside the reply form: the dialog (a form of its own) goes to the body. */}
      {managing ? createPortal(<SavedRepliesManager replies={replies.data?.items ?? []} loading={replies.isPending} onClose={closeManager} />, document.body) : null}
    </div>
  );
}

function SavedRepliesManager({ replies, loading, onClose }: { replies: SavedReply[]; loading: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const actions = useSavedReplyActions(workspace.id, brand.id);
  const [editing, setEditing] = useState<SavedReply | "new" | null>(replies.length === 0 ? "new" : null);
  return (
    <Modal title={t("inbox.savedReplies.title")} onClose={onClose} testId="saved-replies-manager">
      {editing ? (
        <SavedReplyForm reply={editing === "new" ? null : editing} actions={actions} onDone={() => setEditing(null)} />
      ) : (
        <>
          {loading ? <Loading /> : null}
          {replies.length === 0 && !loading ? <p className="muted">{t("inbox.savedReplies.none")}</p> : null}
          <ul className="saved-replies__manage">
            {replies.map((r) => (
              <li key={r.id} className="saved-replies__row">
                <div>
                  <strong>{r.title}</strong> {r.brandId ? <span className="chip">{brand.name}</span> : <span className="chip">{t("inbox.savedReplies.allBrands")}</span>}
                  <p className="muted small saved-replies__preview">{r.text}</p>
                </div>
                <div className="actions-row">
                  <button type="button" className="btn btn--small btn--secondary" onClick={() => setEditing(r)}>
                    {t("inbox.savedReplies.edit")}
                  </button>
                  <ConfirmButton label={t("common.remove")} question={t("inbox.savedReplies.removeQuestion")} busy={actions.remove.isPending} onConfirm={() => actions.remove.mutate(r.id)} />
                </div>
              </li>
            ))}
          </ul>
          <FormError error={actions.remove.error} />
          <div className="form-actions">
            <button type="button" className="btn btn--primary" onClick={() => setEditing("new")} data-testid="saved-reply-new">
              {t("inbox.savedReplies.new")}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

function SavedReplyForm({ reply, actions, onDone }: { reply: SavedReply | null; actions: ReturnType<typeof useSavedReplyActions>; onDone: () => void }) {
  const { t } = useTranslation();
  const { brand } = useShell();
  const [title, setTitle] = useState(reply?.title ?? "");
  const [text, setText] = useState(reply?.text ?? "");
  const [onlyBrand, setOnlyBrand] = useState(reply ? reply.brandId !== null : false);
  const mutation = reply ? actions.update : actions.create;
  const error = mutation.error;
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        // React bubbles events through the portal: the reply form around the picker must not see this one.
        e.stopPropagation();
        const body = { title: title.trim(), text: text.trim(), brandId: onlyBrand ? brand.id : null };
        if (reply) actions.update.mutate({ id: reply.id, ...body }, { onSuccess: onDone });
        else actions.create.mutate(body, { onSuccess: onDone });
      }}
      data-testid="saved-reply-form"
    >
      <Field label={t("inbox.savedReplies.replyTitle")} error={fieldError(error, "title")}>
        {(id, describedBy) => (
          <input id={id} className="input" value={title} maxLength={120} aria-describedby={describedBy} onChange={(e) => setTitle(e.target.value)} data-testid="saved-reply-title" />
        )}
      </Field>
      <Field label={t("inbox.savedReplies.text")} error={fieldError(error, "text")} hint={t("inbox.savedReplies.variables", { list: variables.join(" ") })}>
        {(id, describedBy) => (
          <textarea id={id} className="textarea textarea--small" value={text} maxLength={5000} aria-describedby={describedBy} onChange={(e) => setText(e.target.value)} data-testid="saved-reply-text" />
        )}
      </Field>
      <label className="check">
        <input type="checkbox" checked={onlyBrand} onChange={(e) => setOnlyBrand(e.target.checked)} />
        {t("inbox.savedReplies.onlyBrand", { brand: brand.name })}
      </label>
      {error && !fieldError(error, "title") && !fieldError(error, "text") ? <FormError error={error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onDone}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn--primary" disabled={!title.trim() || !text.trim() || mutation.isPending} data-testid="saved-reply-save">
          {t("common.save")}
        </button>
      </div>
    </form>
  );
}
