export { type ArchiveActor, type ArchiveDeps, type ExportResult, exportBrand, prepareBrandExport, writeBrandArchive } from "./export.service.js";
export { type ImportResult, importBrand, maxArchiveBytes, verifyArchive } from "./import.service.js";
export { archiveTables, leftOut, notIncluded } from "./tables.js";
