/**
 * The archive's format, version 1 (docs/archive.md describes it for readers without Chorus): a
 * zip holding manifest.json, one JSON-lines file per table under data/, spreadsheet CSVs under
 * csv/, the media files under media/ and a README.txt. The manifest names every other file with
 * its size and SHA-256, so an importer can refuse a damaged or altered archive before writing.
 */
import { z } from "zod";

export const archiveFormat = "chorus-brand-archive";
export const archiveFormatVersion = 1;
/** Largest manifest an importer reads: a few hundred tables and files fit in far less. */
export const maxManifestBytes = 16 * 1024 * 1024;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in hex");

export const manifestSchema = z.object({
  format: z.literal(archiveFormat),
  formatVersion: z.number().int(),
  chorusVersion: z.string(),
  exportedAt: z.string(),
  source: z.object({ workspaceId: z.string(), brandId: z.string(), brandName: z.string(), database: z.string() }),
  tables: z.record(
    z.string(),
    z.object({ file: z.string(), rows: z.number().int().min(0), derived: z.boolean(), description: z.string() }),
  ),
  csv: z.record(z.string(), z.object({ rows: z.number().int().min(0), description: z.string() })),
  media: z.object({ assets: z.number().int().min(0), files: z.number().int().min(0), missing: z.array(z.string()) }),
  files: z.record(z.string(), z.object({ bytes: z.number().int().min(0), sha256 })),
  notIncluded: z.array(z.string()),
  leftOutTables: z.record(z.string(), z.string()),
  idsAndReferences: z.string(),
});

export type Manifest = z.infer<typeof manifestSchema>;

export const tableFile = (table: string) => `data/${table}.jsonl`;
export const mediaFile = (assetId: string, thumb: boolean) => `media/${assetId}${thumb ? ".thumb" : ""}`;

/** File names an archive may hold: nothing that could be a path outside its folder. */
export const allowedName = /^(manifest\.json|README\.txt|data\/[a-z0-9_]+\.jsonl|csv\/[a-z0-9-]+\.csv|media\/[0-9a-f-]{36}(\.thumb)?)$/;
