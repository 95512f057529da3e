/** Builds the reports' dependencies for a process: media storage, the mailer and the shared Chromium from the configuration. */
import type { Config } from "../../config.js";
import type { Store } from "../../store/db.js";
import { mediaStorage } from "../../store/storage.js";
import { createMailer } from "../notify/email.js";
import type { ReportsDeps } from "./deps.js";
import { sharedPdfRenderer } from "./pdf.js";

export function createReportsDeps(opts: { store: Store; config: Config }): ReportsDeps {
  return {
    db: opts.store.db,
    storage: mediaStorage(opts.config),
    mailer: createMailer(opts.config),
    pdf: sharedPdfRenderer(opts.config.chromiumPath),
  };
}
