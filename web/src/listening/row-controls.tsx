/** The last cells of a listening settings table (queries, alert rules): an on/off switch, and Edit / Delete for those who manage. */
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";

export function EnabledCell(props: { enabled: boolean; disabled: boolean; label: string; onChange: (enabled: boolean) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <td>
      <label className="check">
        <input type="checkbox" checked={props.enabled} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} aria-label={props.label} data-testid={props.testId} />
        <span aria-hidden="true">{props.enabled ? t("listening.queries.on") : t("listening.queries.off")}</span>
      </label>
    </td>
  );
}

/** `testPrefix` names the buttons "<prefix>-edit" and "<prefix>-delete". */
export function EditDeleteCell(props: { onEdit: () => void; question: string; onDelete: () => void; busy: boolean; testPrefix: string }) {
  const { t } = useTranslation();
  return (
    <td className="table__actions">
      <button type="button" className="btn btn--small btn--ghost" onClick={props.onEdit} data-testid={`${props.testPrefix}-edit`}>
        {t("listening.edit")}
      </button>
      <ConfirmButton label={t("listening.delete")} question={props.question} onConfirm={props.onDelete} busy={props.busy} testId={`${props.testPrefix}-delete`} />
    </td>
  );
}
