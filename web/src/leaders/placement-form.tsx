/**
 * Adding and changing a placement: date, campaign of the brand, format, price and currency, the
 * placement's address, the brand's page (Chorus makes the tracked short link to it), and the
 * leader's own stats (reach, views) entered once they are known.
 */
import { DateTime } from "luxon";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useCampaigns } from "../campaigns/queries.js";
import { fieldError, hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { Modal } from "../common/modal.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useLeaderActions } from "./queries.js";
import { type Format, formats, type Placement, type PlacementInput } from "./types.js";

const paths = ["campaignId", "day", "price", "currency", "format", "url", "targetUrl", "reach", "views", "notes"];

type Props = { leaderId: string; existing: Placement | null; onClose: () => void; onSaved: (p: Placement) => void };

export function PlacementForm({ leaderId, existing, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const campaigns = useCampaigns(workspace.id, brand.id);
  const { addPlacement, updatePlacement } = useLeaderActions(workspace.id);
  const save = existing ? updatePlacement : addPlacement;
  const [campaignId, setCampaignId] = useState(existing?.campaign?.id ?? "");
  const [day, setDay] = useState(existing?.day ?? (DateTime.now().setZone(brand.timezone).toISODate() as string));
  const [format, setFormat] = useState<Format>(existing?.format ?? "post");
  const [price, setPrice] = useState(existing ? String(existing.price) : "");
  const [currency, setCurrency] = useState(existing?.currency ?? (brand.locale === "ru" ? "RUB" : "EUR"));
  const [url, setUrl] = useState(existing?.url ?? "");
  const [targetUrl, setTargetUrl] = useState(existing?.targetUrl ?? "");
  const [reach, setReach] = useState(existing?.reach != null ? String(existing.reach) : "");
  const [views, setViews] = useState(existing?.views != null ? String(existing.views) : "");
  const [notes, setNotes] = useState(existing?.notes ?? "");
  const err = save.error;
  const empty = (v: string) => (v.trim() === "" ? null : v.trim());
  const whole = (v: string) => (v.trim() === "" ? null : Number(v.replace(/\s/g, "")));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input: PlacementInput = {
      campaignId: campaignId || null,
      day,
      // Empty stays empty (the server asks for it): a forgotten price is not a free placement.
      price: price.trim() === "" ? (null as unknown as number) : Number(price.replace(/\s/g, "").replace(",", ".")),
      currency: currency.trim().toUpperCase(),
      format,
      url: empty(url),
      targetUrl: empty(targetUrl),
      reach: whole(reach),
      views: whole(views),
      notes: empty(notes),
    };
    const done = { onSuccess: (p: Placement) => onSaved(p) };
    if (existing) updatePlacement.mutate({ leaderId, id: existing.id, ...input }, done);
    else addPlacement.mutate({ leaderId, ...input }, done);
  };

  return (
    <Modal title={existing ? t("leaders.placement.editTitle") : t("leaders.placement.newTitle")} onClose={onClose} testId="placement-form">
      <form className="stack" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={t("leaders.placement.day")} error={fieldError(err, "day")} testId="placement-day">
            {(id, describedBy) => <input id={id} type="date" aria-describedby={describedBy} value={day} onChange={(e) => setDay(e.target.value)} data-testid="placement-day" />}
          </Field>
          <Field label={t("leaders.placement.format")} error={fieldError(err, "format")}>
            {(id) => (
              <select id={id} value={format} onChange={(e) => setFormat(e.target.value as Format)} data-testid="placement-format">
                {formats.map((f) => (
                  <option key={f} value={f}>
                    {t(`leaders.format.${f}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("leaders.placement.price")} hint={t("leaders.placement.priceHint")} error={fieldError(err, "price")} testId="placement-price">
            {(id, describedBy) => <input id={id} inputMode="decimal" aria-describedby={describedBy} value={price} onChange={(e) => setPrice(e.target.value)} data-testid="placement-price" />}
          </Field>
          <Field label={t("leaders.placement.currency")} error={fieldError(err, "currency")} testId="placement-currency">
            {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={currency} onChange={(e) => setCurrency(e.target.value)} maxLength={3} data-testid="placement-currency" />}
          </Field>
        </div>
        <Field label={t("leaders.placement.campaign")} error={fieldError(err, "campaignId")}>
          {(id) => (
            <select id={id} value={campaignId} onChange={(e) => setCampaignId(e.target.value)} data-testid="placement-campaign">
              <option value="">{t("leaders.placement.noCampaign")}</option>
              {(campaigns.data?.items ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.currency})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("leaders.placement.targetUrl")} hint={t("leaders.placement.targetUrlHint")} error={fieldError(err, "targetUrl")} testId="placement-target">
          {(id, describedBy) => <input id={id} type="url" aria-describedby={describedBy} value={targetUrl} onChange={(e) => setTargetUrl(e.target.value)} maxLength={2000} placeholder="https://" data-testid="placement-target" />}
        </Field>
        <Field label={t("leaders.placement.url")} hint={t("leaders.placement.urlHint")} error={fieldError(err, "url")} testId="placement-url">
          {(id, describedBy) => <input id={id} type="url" aria-describedby={describedBy} value={url} onChange={(e) => setUrl(e.target.value)} maxLength={2000} placeholder="https://" data-testid="placement-url" />}
        </Field>
        <div className="form-grid">
          <Field label={t("leaders.placement.reach")} hint={t("leaders.placement.statsHint")} error={fieldError(err, "reach")}>
            {(id, describedBy) => <input id={id} inputMode="numeric" aria-describedby={describedBy} value={reach} onChange={(e) => setReach(e.target.value)} data-testid="placement-reach" />}
          </Field>
          <Field label={t("leaders.placement.views")} hint={t("leaders.placement.statsHint")} error={fieldError(err, "views")}>
            {(id, describedBy) => <input id={id} inputMode="numeric" aria-describedby={describedBy} value={views} onChange={(e) => setViews(e.target.value)} data-testid="placement-views" />}
          </Field>
        </div>
        <Field label={t("leaders.placement.notes")} error={fieldError(err, "notes")}>
          {(id) => <textarea id={id} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} />}
        </Field>
        {err && !hasFieldErrors(err, paths) ? <FormError error={err} testId="placement-form-error" /> : null}
        <div className="form-actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="placement-save">
            {existing ? t("leaders.placement.save") : t("leaders.placement.create")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
