/** The tables of reports (see migration 015-reports); part of Database in schema.ts. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in as the tables are added
export interface ReportTables {}
