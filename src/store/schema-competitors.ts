/** The tables of competitors (see migration 014-competitors); part of Database in schema.ts. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in as the tables are added
export interface CompetitorTables {}
