/** The frame of the pages seen without signing in: sign-in, invitation, guest approval. */
import type { ReactNode } from "react";
import { LanguageSelect } from "./language-select.js";

export function PublicCard({ wide = false, children }: { wide?: boolean; children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className={wide ? "auth-card auth-card--wide" : "auth-card"}>
        <div className="auth-card__head">
          <span className="logo" aria-hidden="true">
            C
          </span>
          <LanguageSelect />
        </div>
        {children}
      </div>
    </main>
  );
}
