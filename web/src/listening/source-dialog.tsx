/**
 * "Add source": search a network through one of the brand's connected accounts, or read an
 * RSS/Atom feed. Every account is offered; one whose network has no public search is marked, and
 * the server's refusal says what to do instead. A feed is read once on adding, so a page that is
 * not a feed is refused at once with the reason beside the address.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useChannels } from "../channels/queries.js";
import { fieldError, hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { Modal } from "../common/modal.js";
import { FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { fieldProblem } from "./problems.js";
import { useSourceActions } from "./queries.js";

type Kind = "network" | "feed";

export function SourceDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace, brand, base } = useShell();
  const { create } = useSourceActions(workspace.id, brand.id);
  const channels = useChannels(workspace.id, brand.id);
  const list = channels.data?.items ?? [];
  const [kind, setKind] = useState<Kind>("network");
  // The first account that can search is the likely choice.
  const [channelId, setChannelId] = useState<string | null>(null);
  const chosenId = channelId ?? list.find((c) => canListen(c))?.id ?? list[0]?.id ?? "";
  const chosen = list.find((c) => c.id === chosenId);
  const [url, setUrl] = useState("");
  const [name, setName] = useState("");

  const choose = (k: Kind) => {
    setKind(k);
    create.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const named = name.trim() ? { name: name.trim() } : {};
    if (kind === "network") {
      if (chosenId) create.mutate({ type: "network", channelId: chosenId, ...named }, { onSuccess: onClose });
    } else create.mutate({ type: "feed", url: url.trim(), ...named }, { onSuccess: onClose });
  };

  return (
    <Modal title={t("listening.sources.addTitle")} onClose={onClose} testId="source-dialog">
      <form className="stack" onSubmit={submit} noValidate>
        <fieldset className="field">
          <legend className="field__label">{t("listening.sources.kind")}</legend>
          <label className="check">
            <input type="radio" name="source-kind" checked={kind === "network"} onChange={() => choose("network")} data-testid="source-kind-network" />
            {t("listening.sources.kindNetwork")}
          </label>
          <label className="check">
            <input type="radio" name="source-kind" checked={kind === "feed"} onChange={() => choose("feed")} data-testid="source-kind-feed" />
            {t("listening.sources.kindFeed")}
          </label>
        </fieldset>
        {kind === "network" ? (
          channels.isPending ? (
            <Loading />
          ) : list.length === 0 ? (
            <p className="notice notice--warning" data-testid="source-no-channels">
              {t("listening.sources.noChannels")} <Link to={`${base}/channels`}>{t("listening.sources.toChannels")}</Link>
            </p>
          ) : (
            <>
              <Field label={t("listening.sources.account")} error={fieldProblem(create.error, "channelId")} hint={t("listening.sources.accountHint")}>
                {(id, d) => (
                  <select id={id} aria-describedby={d} className="select" value={chosenId} onChange={(e) => setChannelId(e.target.value)} data-testid="source-channel">
                    {list.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name} · {c.networkName} (@{c.handle.replace(/^@/, "")}){c.capabilities.search ? "" : c.capabilities.overhears ? ` — ${t("listening.sources.overhears")}` : ` — ${t("listening.sources.noSearch")}`}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {chosen && !canListen(chosen) ? (
                <p className="notice notice--warning" data-testid="source-cannot-search">
                  {t("listening.sources.cannotSearch", { network: chosen.networkName })}
                </p>
              ) : null}
            </>
          )
        ) : (
          <Field label={t("listening.sources.feedUrl")} error={fieldProblem(create.error, "url")} hint={t("listening.sources.feedUrlHint")} testId="source-url">
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                className="input"
                type="url"
                inputMode="url"
                placeholder="https://example.com/feed.xml"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                data-testid="source-url"
              />
            )}
          </Field>
        )}
        <Field label={`${t("listening.sources.name")} (${t("common.optional")})`} error={fieldError(create.error, "name")} hint={t("listening.sources.nameHint")}>
          {(id, d) => <input id={id} aria-describedby={d} className="input" maxLength={120} value={name} onChange={(e) => setName(e.target.value)} data-testid="source-name" />}
        </Field>
        {hasFieldErrors(create.error, ["channelId", "url", "name"]) ? null : <FormError error={create.error} testId="source-add-error" />}
        <div className="form-actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            className="btn btn--primary"
            disabled={create.isPending || (kind === "network" ? !chosenId : !url.trim())}
            data-testid="source-submit"
          >
            {create.isPending ? (kind === "feed" ? t("listening.sources.checkingFeed") : t("listening.sources.adding")) : t("listening.sources.addSubmit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** An account listening can use: its network searches, or its bot hears the chats it is in (Telegram). */
function canListen(c: { capabilities: { search: boolean; overhears?: boolean } }): boolean {
  return c.capabilities.search || c.capabilities.overhears === true;
}
