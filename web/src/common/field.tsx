/** A labelled form control with its hint and the server's message for it. */
import { type ReactNode, useId } from "react";

type Props = {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  testId?: string;
  children: (id: string, describedBy: string | undefined) => ReactNode;
};

export function Field({ label, error, hint, testId, children }: Props) {
  const id = useId();
  const msgId = `${id}-msg`;
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children(id, error || hint ? msgId : undefined)}
      {error ? (
        <p className="field__error" id={msgId} role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </p>
      ) : hint ? (
        <p className="field__hint" id={msgId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
