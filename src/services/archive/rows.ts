/**
 * How one archived row becomes a row of the importing Chorus (pure, unit-tested): every id
 * remapped (ids.ts), workspace and brand replaced, people emptied, secrets dropped, columns this
 * Chorus does not have left out. An archive is untrusted input: nothing in it can name a row that
 * exists already, because every id and reference is remapped with this import's salt.
 */
import { type IdMapper, isUuid, mapIdsInText } from "./ids.js";
import type { TableSpec } from "./tables.js";

export type Row = Record<string, unknown>;

export type RowTarget = {
  map: IdMapper;
  workspaceId: string;
  brandId: string;
  /** The importing database's columns of the table. */
  columns: Set<string>;
  /** Columns of the archive the database lacks, collected for a warning. */
  dropped: Set<string>;
};

export class BadRow extends Error {}

export function importRow(spec: TableSpec, row: unknown, t: RowTarget): Row {
  if (typeof row !== "object" || row === null || Array.isArray(row)) throw new BadRow("a line is not a JSON object");
  const out: Row = {};
  for (const [col, value] of Object.entries(row)) {
    if (!t.columns.has(col)) {
      if (value !== null) t.dropped.add(col);
      continue;
    }
    if (value !== null && typeof value !== "string" && typeof value !== "number") throw new BadRow(`${col} holds a ${typeof value}, not text or a number`);
    if (spec.secrets?.includes(col) || spec.users?.includes(col)) out[col] = null;
    else if (col === "workspace_id") out[col] = t.workspaceId;
    else if (col === "brand_id") out[col] = value === null ? null : t.brandId;
    else if (value === null) out[col] = null;
    else if (col === "id" || spec.refs?.[col]) out[col] = t.map(String(value));
    else if (spec.idsInText?.includes(col)) out[col] = typeof value === "string" ? mapIdsInText(value, t.map) : value;
    // A reference column this Chorus added after the archive's tables were decided: remapped too,
    // so it can never point at an existing row.
    else if (col.endsWith("_id") && typeof value === "string" && isUuid(value)) out[col] = t.map(value);
    else out[col] = value;
  }
  return out;
}
