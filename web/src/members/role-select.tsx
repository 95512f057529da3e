/** A role picker with translated names; only an owner may hand out the owner role. */
import { useTranslation } from "react-i18next";
import { type Role, roles } from "../types.js";

type Props = {
  value: Role;
  onChange: (role: Role) => void;
  actorRole: Role;
  disabled?: boolean;
  label: string;
  testId?: string;
  id?: string;
  className?: string;
};

export function RoleSelect({ value, onChange, actorRole, disabled, label, testId, id, className }: Props) {
  const { t } = useTranslation();
  const choices = roles.filter((r) => actorRole === "owner" || r !== "owner" || r === value);
  return (
    <select
      id={id}
      className={className ?? "select select--compact"}
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value as Role)}
      data-testid={testId}
    >
      {choices.map((r) => (
        <option key={r} value={r}>
          {t(`roles.${r}`)}
        </option>
      ))}
    </select>
  );
}
