/**
 * "Posting schedule" of a channel: weekly slots as rows of weekday checkboxes and a time (the
 * brand's clock), and the best times to post with where that figure comes from.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api.js";
import { formatInZone, zoneLabel } from "../common/zone.js";
import { Modal } from "../common/modal.js";
import { weekdayNames } from "../common/weekdays.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useSaveSlots, useSlots } from "../planning/queries.js";
import type { SlotGroup } from "../planning/types.js";
import type { Channel } from "../types.js";
import { BestTimesView } from "./best-times.js";

type Row = SlotGroup & { key: number };
let seq = 0;

function SlotsEditor({ workspaceId, channel, zone }: { workspaceId: string; channel: Channel; zone: string }) {
  const { t, i18n } = useTranslation();
  const slots = useSlots(workspaceId, channel.id);
  const save = useSaveSlots(workspaceId, channel.id);
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    if (slots.data && rows === null) setRows(slots.data.slots.map((s) => ({ ...s, key: ++seq })));
  }, [slots.data, rows]);
  const days = weekdayNames(i18n.language);

  if (slots.isPending) return <Loading />;
  if (slots.isError) return <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />;
  if (rows === null) return null;
  const set = (i: number, patch: Partial<SlotGroup>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const toggleDay = (i: number, d: number) => {
    const cur = rows[i]?.days ?? [];
    set(i, { days: cur.includes(d) ? cur.filter((x) => x !== d) : [...cur, d].sort() });
  };
  const rowError = (i: number) => {
    if (!(save.error instanceof ApiError)) return undefined;
    const msgs = save.error.errors.filter((e) => e.path.startsWith(`slots.${i}.`) || e.path === `slots.${i}`).map((e) => e.message);
    return msgs.length ? msgs.join(" ") : undefined;
  };
  const submit = () => save.mutate(rows.map(({ days: d, time }) => ({ days: d, time })), { onSuccess: (data) => setRows(data.slots.map((s) => ({ ...s, key: ++seq }))) });
  const next = save.data?.nextFree ?? slots.data.nextFree;

  return (
    <section className="stack" data-testid="slots-editor">
      <h3>{t("slots.title")}</h3>
      <p className="muted small">{t("slots.hint", { zone: zoneLabel(zone) })}</p>
      {rows.length === 0 ? <p className="muted">{t("slots.none")}</p> : null}
      {rows.map((r, i) => (
        <div key={r.key} className="slot-row" data-testid="slot-row">
          <fieldset className="slot-row__days">
            <legend className="visually-hidden">{t("slots.days")}</legend>
            {days.map((name, j) => {
              const d = j + 1;
              return (
                <label key={d} className={r.days.includes(d) ? "day-check is-on" : "day-check"}>
                  <input type="checkbox" checked={r.days.includes(d)} onChange={() => toggleDay(i, d)} data-testid={`slot-day-${d}`} />
                  {name}
                </label>
              );
            })}
          </fieldset>
          <input className="input input--narrow" type="time" aria-label={t("slots.time")} value={r.time} onChange={(e) => set(i, { time: e.target.value })} data-testid="slot-time" />
          <button type="button" className="btn btn--ghost btn--icon" aria-label={t("common.remove")} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
            ×
          </button>
          {rowError(i) ? <p className="field__error slot-row__error">{rowError(i)}</p> : null}
        </div>
      ))}
      <FormError error={save.error instanceof ApiError && save.error.errors.length ? null : save.error} />
      <div className="form-actions form-actions--start">
        <button type="button" className="btn btn--secondary" onClick={() => setRows([...rows, { days: [1, 2, 3, 4, 5], time: "09:00", key: ++seq }])} data-testid="slot-add">
          {t("slots.add")}
        </button>
        <button type="button" className="btn btn--primary" disabled={save.isPending} onClick={submit} data-testid="slots-save">
          {t("common.save")}
        </button>
        {save.isSuccess ? <span className="muted small">{t("common.saved")}</span> : null}
      </div>
      <p className="small" data-testid="slots-next">
        {next ? t("slots.next", { date: formatInZone(next, zone) }) : t("slots.noNext")}
      </p>
    </section>
  );
}

export function PostingScheduleDialog({ workspaceId, channel, zone, canEdit, canAnalytics, onClose }: { workspaceId: string; channel: Channel; zone: string; canEdit: boolean; canAnalytics: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t("slots.dialogTitle", { name: `@${channel.handle}` })} onClose={onClose} testId="schedule-dialog">
      <div className="stack stack--lg schedule-dialog">
        {canEdit ? <SlotsEditor workspaceId={workspaceId} channel={channel} zone={zone} /> : null}
        {canAnalytics ? <BestTimesView workspaceId={workspaceId} channelId={channel.id} /> : null}
      </div>
    </Modal>
  );
}
