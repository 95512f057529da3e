/** Small buttons used across screens: copy to clipboard, and an inline two-step confirm. */
import { useState } from "react";
import { useTranslation } from "react-i18next";

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard is unavailable (insecure origin): the value is selectable in the field anyway.
    }
  };
  return (
    <button type="button" className="btn btn--secondary" onClick={copy} data-testid={testId}>
      {copied ? t("common.copied") : t("common.copy")}
    </button>
  );
}

type ConfirmProps = {
  label: string;
  question: string;
  onConfirm: () => void;
  busy?: boolean;
  testId?: string;
};

/** A destructive action that asks once inline instead of a browser confirm() popup. */
export function ConfirmButton({ label, question, onConfirm, busy, testId }: ConfirmProps) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="btn btn--danger-ghost" onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <span className="confirm__question">{question}</span>
      <button
        type="button"
        className="btn btn--danger"
        disabled={busy}
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
        data-testid={testId ? `${testId}-confirm` : undefined}
      >
        {label}
      </button>
      <button type="button" className="btn btn--ghost" onClick={() => setAsking(false)}>
        {t("common.cancel")}
      </button>
    </span>
  );
}
