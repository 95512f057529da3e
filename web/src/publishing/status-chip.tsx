/** A post's or a variant's status as a coloured chip, in the UI's language. */
import { useTranslation } from "react-i18next";

export function StatusChip({ status, kind = "variant", testId }: { status: string; kind?: "post" | "variant"; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`pstatus pstatus--${status}`} data-status={status} data-testid={testId}>
      {t(`publishing.${kind === "post" ? "postStatus" : "variantStatus"}.${status}`, { defaultValue: status })}
    </span>
  );
}
