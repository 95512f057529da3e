/** What the report services and jobs need; built once per process (see createReportsDeps). */
import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.js";
import type { Storage } from "../../store/storage.js";
import type { Mailer } from "../notify/email.js";
import type { PdfRenderer } from "./pdf.js";

export type ReportsDeps = {
  db: Kysely<Database>;
  /** Where media files are (the logo is a media asset). */
  storage: Storage;
  /** Null when no SMTP server is configured: sends then fail with that reason. */
  mailer: Mailer | null;
  pdf: PdfRenderer;
  now?: () => Date;
};

export const nowOf = (deps: Pick<ReportsDeps, "now">): Date => (deps.now ? deps.now() : new Date());
