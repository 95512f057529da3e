/**
 * Adding and changing an opinion leader: name, type, status, profiles (one or several), followers,
 * topics, contact (personal data: kept short, its hint says so), prices and notes. Opened from a
 * listening candidate, it comes prefilled and the server takes listening's figures itself. Every
 * field shows the server's own message when it refuses one.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldError, hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { Modal } from "../common/modal.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useLeaderActions } from "./queries.js";
import { type Candidate, type Kind, kinds, type Leader, type LeaderInput, networks, type Status, statuses } from "./types.js";

export type FromListening = { candidate: Candidate; from: string; to: string };

type Props = { existing: Leader | null; fromListening?: FromListening | null; onClose: () => void; onSaved: (l: Leader) => void };

type ProfileRow = { network: string; handle: string; url: string };

export function networkLabel(t: (k: string, o?: Record<string, unknown>) => string, network: string): string {
  return t(`leaders.network.${network}`, { defaultValue: network === "vk" ? "VK" : network === "ok" ? "OK" : network === "x" ? "X" : network[0]?.toUpperCase() + network.slice(1) });
}

export function LeaderForm({ existing, fromListening, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { create, update } = useLeaderActions(workspace.id);
  const save = existing ? update : create;
  const c = fromListening?.candidate;
  const [name, setName] = useState(existing?.name ?? c?.name ?? "");
  const [kind, setKind] = useState<Kind>(existing?.kind ?? "influencer");
  const [status, setStatus] = useState<Status>(existing?.status ?? "prospect");
  const [profiles, setProfiles] = useState<ProfileRow[]>(
    existing?.profiles.map((p) => ({ network: p.network, handle: p.handle ?? "", url: p.url ?? "" })) ?? [{ network: c?.network ?? "telegram", handle: c?.handle ?? "", url: "" }],
  );
  const [followers, setFollowers] = useState(existing?.followers != null ? String(existing.followers) : c?.followers != null ? String(c.followers) : "");
  const [topics, setTopics] = useState(existing?.topics.join(", ") ?? "");
  const [contact, setContact] = useState(existing?.contact ?? "");
  const [priceNote, setPriceNote] = useState(existing?.priceNote ?? "");
  const [notes, setNotes] = useState(existing?.notes ?? "");
  const err = save.error;
  const empty = (v: string) => (v.trim() === "" ? null : v.trim());
  const paths = ["name", "kind", "status", "profiles", "followers", "topics", "contact", "priceNote", "notes", ...profiles.flatMap((_, i) => [`profiles.${i}`, `profiles.${i}.network`, `profiles.${i}.handle`, `profiles.${i}.url`])];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const count = followers.trim() === "" ? null : Number(followers.replace(/\s/g, ""));
    // Listening's follower count is the server's: sent only when someone typed another.
    const typed = c ? count !== c.followers : existing ? count !== existing.followers : true;
    const input: LeaderInput = {
      name: name.trim(),
      kind,
      status,
      profiles: profiles.map((p) => ({ network: p.network, handle: empty(p.handle), url: empty(p.url) })),
      ...(typed ? { followers: count } : {}),
      topics: topics
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      contact: empty(contact),
      priceNote: empty(priceNote),
      notes: empty(notes),
      ...(fromListening ? { fromListening: { network: fromListening.candidate.network, handle: fromListening.candidate.handle, from: fromListening.from, to: fromListening.to } } : {}),
    };
    const done = { onSuccess: (l: Leader) => onSaved(l) };
    if (existing) {
      const { fromListening: _, ...patch } = input;
      update.mutate({ id: existing.id, ...patch }, done);
    } else create.mutate({ brandId: brand.id, ...input }, done);
  };

  const setProfile = (i: number, patch: Partial<ProfileRow>) => setProfiles(profiles.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  return (
    <Modal title={existing ? t("leaders.form.editTitle") : t("leaders.form.newTitle")} onClose={onClose} testId="leader-form">
      <form className="stack" onSubmit={submit} noValidate>
        {c ? <p className="muted small">{t("leaders.form.fromListening", { mentions: c.mentions })}</p> : null}
        <Field label={t("leaders.form.name")} error={fieldError(err, "name")} testId="leader-name">
          {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required data-testid="leader-name" />}
        </Field>
        <div className="form-grid">
          <Field label={t("leaders.form.kind")} error={fieldError(err, "kind")}>
            {(id) => (
              <select id={id} value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="leader-kind">
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`leaders.kind.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("leaders.form.status")} error={fieldError(err, "status")}>
            {(id) => (
              <select id={id} value={status} onChange={(e) => setStatus(e.target.value as Status)} data-testid="leader-status">
                {statuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`leaders.status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="field">
          <legend>{t("leaders.form.profiles")}</legend>
          {profiles.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved; their order is their identity
            <div className="leader-profile-row" key={i}>
              <Field label={t("leaders.form.network")} error={fieldError(err, `profiles.${i}.network`)}>
                {(id) => (
                  <select id={id} value={p.network} onChange={(e) => setProfile(i, { network: e.target.value })} data-testid={`leader-network-${i}`}>
                    {networks.map((n) => (
                      <option key={n} value={n}>
                        {networkLabel(t, n)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t("leaders.form.handle")} error={fieldError(err, `profiles.${i}.handle`) ?? fieldError(err, `profiles.${i}`)} testId={`leader-handle-${i}`}>
                {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={p.handle} onChange={(e) => setProfile(i, { handle: e.target.value })} maxLength={120} data-testid={`leader-handle-${i}`} />}
              </Field>
              <Field label={t("leaders.form.url")} error={fieldError(err, `profiles.${i}.url`)} testId={`leader-url-${i}`}>
                {(id, describedBy) => <input id={id} type="url" aria-describedby={describedBy} value={p.url} onChange={(e) => setProfile(i, { url: e.target.value })} maxLength={2000} data-testid={`leader-url-${i}`} />}
              </Field>
              {profiles.length > 1 ? (
                <button type="button" className="btn btn--ghost" onClick={() => setProfiles(profiles.filter((_, j) => j !== i))}>
                  {t("leaders.form.removeProfile")}
                </button>
              ) : null}
            </div>
          ))}
          {profiles.length < 10 ? (
            <button type="button" className="btn btn--secondary" onClick={() => setProfiles([...profiles, { network: "telegram", handle: "", url: "" }])} data-testid="leader-add-profile">
              {t("leaders.form.addProfile")}
            </button>
          ) : null}
          {fieldError(err, "profiles") ? <p className="field__error">{fieldError(err, "profiles")}</p> : null}
        </fieldset>
        <div className="form-grid">
          <Field label={t("leaders.form.followers")} error={fieldError(err, "followers")}>
            {(id, describedBy) => <input id={id} inputMode="numeric" aria-describedby={describedBy} value={followers} onChange={(e) => setFollowers(e.target.value)} data-testid="leader-followers" />}
          </Field>
          <Field label={t("leaders.form.topics")} hint={t("leaders.form.topicsHint")} error={fieldError(err, "topics")}>
            {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={topics} onChange={(e) => setTopics(e.target.value)} data-testid="leader-topics" />}
          </Field>
        </div>
        <Field label={t("leaders.form.contact")} hint={t("leaders.form.contactHint")} error={fieldError(err, "contact")}>
          {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={contact} onChange={(e) => setContact(e.target.value)} maxLength={300} autoComplete="off" data-testid="leader-contact" />}
        </Field>
        <Field label={t("leaders.form.priceNote")} error={fieldError(err, "priceNote")}>
          {(id) => <textarea id={id} rows={2} value={priceNote} onChange={(e) => setPriceNote(e.target.value)} maxLength={1000} />}
        </Field>
        <Field label={t("leaders.form.notes")} error={fieldError(err, "notes")}>
          {(id) => <textarea id={id} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={4000} />}
        </Field>
        {err && !hasFieldErrors(err, paths) ? <FormError error={err} testId="leader-form-error" /> : null}
        <div className="form-actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="leader-save">
            {existing ? t("leaders.form.save") : t("leaders.form.create")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
