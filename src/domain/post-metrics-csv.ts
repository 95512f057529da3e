/**
 * Reading post statistics from CSV — a Meta Business Suite or older Facebook Insights posts export,
 * VK community post statistics, or a sheet with Chorus's own column names (see
 * post-metrics-headers.ts) — for networks without API access and for history from before Chorus.
 *
 * Pure: bytes in, rows and problems out, in one pass; the service stores the rows only when there
 * is no problem at all. A problem names the line a spreadsheet shows (the header is line 1, a quoted
 * cell spanning lines counts them all) and the file's own column name, so the whole file can be
 * fixed at once. The rules and their reasons are in docs/analytics-import.md.
 */
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { IANAZone } from "luxon";
import type { PostFormat } from "../connectors/types.js";
import {
  type CounterField,
  captionAliases,
  counterFields,
  type ExportKind,
  fieldSynonyms,
  headerAliases,
  normalizeHeader,
  type PostMetricField,
  postMetricFields,
} from "./post-metrics-headers.js";
import { formatOf, instantOf, parseCount, parsePaid, wallOf, withTime } from "./post-metrics-values.js";

export { formatOf, parseCount, parsePaid } from "./post-metrics-values.js";
export { type CounterField, counterFields, type ExportKind, exportNames, type PostMetricField, postMetricFields } from "./post-metrics-headers.js";

export type MetricsProblem = { line: number; column: string | null; message: string };

export type PostMetricsRow = {
  line: number;
  /** Unique per channel: the external id, else the address, else a hash of the time and text. */
  postKey: string;
  externalId: string | null;
  url: string | null;
  text: string;
  format: PostFormat;
  paid: boolean;
  /** ISO 8601 in UTC. */
  publishedAt: string;
  followers: number | null;
} & Record<CounterField, number | null> & { rubric: string | null; campaign: string | null };

export type PostMetricsFile = {
  rows: PostMetricsRow[];
  /** The first `maxProblems` problems, by line. */
  problems: MetricsProblem[];
  problemCount: number;
  kind: ExportKind;
  /** Which column each field was read from. */
  columns: { field: PostMetricField | "text"; header: string }[];
  /** Optional fields the file gives: on re-import, fields it does not give keep their stored values. */
  gives: { format: boolean; paid: boolean };
  warnings: string[];
};

export type ParseOptions = {
  /** The brand's time zone: times without an offset are read in it. */
  zone: string;
  now: Date;
  /** field → header, from --map (see parseFieldMap). */
  map?: Partial<Record<PostMetricField, string>>;
  maxProblems?: number;
};

/** An interaction count above this many times the post's audience (reach, impressions or views) cannot be. */
export const maxInteractionsPerAudience = 100;
const earliest = Date.UTC(2000, 0, 1);
const textLimit = 2000;
const shortLimit = 200;

// --- Files and headers -------------------------------------------------------------------------

/** UTF-8 with or without a BOM; UTF-16 with a BOM (some Meta exports). Anything else is a problem, not a guess. */
export function decodeCsv(input: string | Uint8Array): { text: string } | { problem: string } {
  if (typeof input === "string") return { text: input.replace(/^\uFEFF/, "") };
  const bytes = input;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)) };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { problem: "The file is not UTF-8 text (a spreadsheet may have saved it as Windows-1251 or another code page): save it as “CSV UTF-8” and import again." };
  }
}

/** The delimiter used most often outside quotes in a line: ",", ";" or a tab (null: none). */
export function detectDelimiter(line: string): "," | ";" | "\t" | null {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "," || ch === ";" || ch === "\t")) counts[ch]++;
  }
  const best = (["\t", ";", ","] as const).reduce((a, b) => (counts[b] > counts[a] ? b : a));
  return counts[best] > 0 ? best : null;
}

/** `field=Header` pairs (--map) → a map, with what is wrong with the pairs that are not. */
export function parseFieldMap(pairs: readonly string[]): { map: Partial<Record<PostMetricField, string>>; errors: string[] } {
  const map: Partial<Record<PostMetricField, string>> = {};
  const errors: string[] = [];
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const name = at > 0 ? pair.slice(0, at).trim().toLowerCase().replaceAll("-", "_") : "";
    const header = at > 0 ? pair.slice(at + 1).trim() : "";
    if (!name || !header) {
      errors.push(`"${pair}" is not field=Header (e.g. reach=Охват).`);
      continue;
    }
    const field = (postMetricFields as readonly string[]).includes(name) ? (name as PostMetricField) : fieldSynonyms[name];
    if (!field) errors.push(`"${name}" is not a field Chorus imports: use one of ${postMetricFields.join(", ")}.`);
    else map[field] = header;
  }
  return { map, errors };
}

type Columns = Partial<Record<PostMetricField, number>>;

function locateColumns(header: string[], map: Partial<Record<PostMetricField, string>>, problem: (column: string | null, message: string) => void) {
  const normalized = header.map(normalizeHeader);
  const columns: Columns = {};
  const tally = new Map<ExportKind, number>();
  for (const field of postMetricFields) {
    const wanted = map[field];
    if (wanted !== undefined) {
      const i = normalized.indexOf(normalizeHeader(wanted));
      if (i < 0) problem(wanted, `--map ${field}=${wanted}: the file has no column "${wanted}". Its columns: ${header.map((h) => `"${h.trim()}"`).join(", ")}.`);
      else columns[field] = i;
      continue;
    }
    for (const alias of headerAliases[field]) {
      const i = normalized.indexOf(alias.name);
      if (i >= 0) {
        columns[field] = i;
        tally.set(alias.from, (tally.get(alias.from) ?? 0) + 1);
        break;
      }
    }
  }
  // Without a text column, a Meta export's caption is in "Title" or "Description" (whichever is longer).
  const captions: number[] = [];
  if (columns.text === undefined) {
    for (const alias of captionAliases) {
      const i = normalized.indexOf(alias.name);
      if (i >= 0 && !captions.includes(i)) {
        captions.push(i);
        tally.set(alias.from, (tally.get(alias.from) ?? 0) + 1);
      }
    }
  }
  let kind: ExportKind = Object.keys(map).length ? "custom" : "chorus";
  let best = 0;
  for (const [k, n] of tally) {
    if (k !== "chorus" && n > best) {
      kind = k;
      best = n;
    }
  }
  return { columns, captions, kind };
}

const sciNotation = /^\d(\.\d+)?e\+?\d+$/i;

/** The key of a row: what re-imports and network syncs find the same post by. */
export function postKeyOf(p: { externalId: string | null; url: string | null; publishedAt: string; text: string }): string {
  if (p.externalId) return p.externalId;
  if (p.url) return p.url;
  return `sha1:${createHash("sha1").update(`${p.publishedAt}\n${p.text}`).digest("hex")}`;
}

// --- The file ----------------------------------------------------------------------------------

export function parsePostMetricsCsv(input: string | Uint8Array, opts: ParseOptions): PostMetricsFile {
  const maxProblems = opts.maxProblems ?? 1000;
  const problems: MetricsProblem[] = [];
  let problemCount = 0;
  const problem = (line: number, column: string | null, message: string) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push({ line, column, message });
  };
  const result = (rest: Partial<PostMetricsFile> = {}): PostMetricsFile => ({
    rows: [],
    kind: "chorus",
    columns: [],
    gives: { format: false, paid: false },
    warnings: [],
    ...rest,
    problems: problems.sort((a, b) => a.line - b.line),
    problemCount,
  });
  if (!IANAZone.isValidZone(opts.zone)) {
    problem(1, null, `"${opts.zone}" is not a time zone (use an IANA name such as Europe/Moscow).`);
    return result();
  }

  const decoded = decodeCsv(input);
  if ("problem" in decoded) {
    problem(1, null, decoded.problem);
    return result();
  }
  // One kind of line break, so that lines are counted as a spreadsheet shows them.
  let text = decoded.text.replace(/\r\n?/g, "\n");
  let firstLine = 1;
  let delimiter: string | null = null;
  // Excel's hint line ("sep=;") names the delimiter and is not the header.
  const hint = /^"?sep=(.)"?\n/i.exec(text);
  if (hint) {
    delimiter = hint[1]!;
    text = text.slice(hint[0].length);
    firstLine = 2;
  }
  if (!text.trim()) {
    problem(firstLine, null, "The file is empty: its first line must name the columns (published_at, reach, likes, … or an export's own headers).");
    return result();
  }
  const headerEnd = text.indexOf("\n");
  delimiter ??= detectDelimiter(headerEnd >= 0 ? text.slice(0, headerEnd) : text) ?? ",";

  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    const e = err as { code?: string; message: string; lines?: number };
    if (e.code === "CSV_QUOTE_NOT_CLOSED") {
      problem(unclosedQuoteLine(text) + firstLine - 1, null, "A quote opens a cell here and is never closed: the rest of the file was read as one cell. Close the quote, or double a quote that is part of the text (\"\").");
    } else {
      problem((e.lines ?? 1) + firstLine - 1, null, `The file is not valid CSV: ${e.message.replace(/ at line \d+/, "")}. Quote a cell that contains quotes, and double the quotes inside it.`);
    }
    return result();
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  if (header.length === 1 && /[,;\t]/.test(header[0] ?? "")) {
    const found = /[;]/.test(header[0]!) ? ";" : /\t/.test(header[0]!) ? "tab" : ",";
    problem(firstLine, header[0]!, `The header is one column that contains "${found}": the delimiter is wrong (is each whole line in quotes?). Save the file with ",", ";" or tab between unquoted column names.`);
    return result();
  }

  const { columns, captions, kind } = locateColumns(header, opts.map ?? {}, (column, message) => problem(firstLine, column, message));
  const columnNames = header.map((h) => h || "(unnamed)");
  const nameOf = (field: PostMetricField) => columnNames[columns[field]!] ?? field;
  const timeFrom = columns.published_at !== undefined ? "published_at" : columns.date !== undefined ? "date" : null;
  const list = (names: readonly string[]) => names.join(", ");
  if (!timeFrom) {
    problem(firstLine, null, `No column with the publication time: name one published_at (or date, with time), or map the file's own with --map published_at=Header. Columns in the file: ${list(columnNames)}.`);
  }
  if (!counterFields.some((f) => columns[f] !== undefined)) {
    problem(firstLine, null, `No metric columns: the file needs at least one of ${list(counterFields)} (or an export's names for them, or --map reach=Header).`);
  }
  if (problemCount > 0) return result({ kind });

  const zone = opts.zone;
  const now = opts.now.getTime();
  const rows: PostMetricsRow[] = [];
  const seen = new Map<string, number>();
  const hourOffsets = new Map<string, number | null>();
  const unknownFormats = new Map<string, number>();
  let dateOnly = 0;
  let descriptionRowSkipped = false;
  const width = header.length;
  const counterCols = counterFields.filter((f) => columns[f] !== undefined);
  const cell = (record: string[], field: PostMetricField) => {
    const i = columns[field];
    return i === undefined ? "" : (record[i] ?? "");
  };

  let line = firstLine + 1 + (records[0] ?? []).reduce((n, f) => n + countBreaks(f), 0);
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    const start = line;
    let breaks = 0;
    for (const f of record) breaks += countBreaks(f);
    line += 1 + breaks;
    if (record.every((f) => !f.trim())) continue;
    const rowProblem = (field: PostMetricField | null, message: string) => problem(start, field ? nameOf(field) : null, message);

    // The older Facebook Insights export repeats each column's description on the line under the header.
    if (rows.length === 0 && !descriptionRowSkipped && r === 1 && isDescriptionRow(record, counterCols.map((f) => columns[f]!))) {
      descriptionRowSkipped = true;
      continue;
    }
    if (record.length > width) {
      rowProblem(null, `The line has ${record.length} cells where the header names ${width} columns: a value contains the delimiter "${delimiter === "\t" ? "tab" : delimiter}" without quotes.`);
      continue;
    }
    if (record.length === 1 && width > 1) {
      rowProblem(null, `The line is one cell where the header names ${width} columns: it does not use the header's delimiter "${delimiter === "\t" ? "tab" : delimiter}", or the rest of the line is missing.`);
      continue;
    }
    const before = problemCount;

    // When it went out: one column, or a date column and a time column.
    const whenField = timeFrom as "published_at" | "date";
    const whenCell = cell(record, whenField).trim();
    const timeCell = whenField === "date" ? cell(record, "time").trim() : "";
    const shown = timeCell ? `${whenCell} ${timeCell}` : whenCell;
    let publishedMs: number | null = null;
    let wall = wallOf(whenCell);
    if ("error" in wall) rowProblem(whenField, wall.error);
    else if (timeCell && !wall.value.hasTime) {
      wall = withTime(wall.value, timeCell);
      if ("error" in wall) rowProblem("time", wall.error);
    }
    if ("value" in wall) {
      const at = instantOf(wall.value, zone, shown, hourOffsets);
      if ("error" in at) rowProblem(whenField, at.error);
      else if (at.value > now) rowProblem(whenField, `"${shown}" is in the future: only published posts have statistics.`);
      else if (at.value < earliest) rowProblem(whenField, `"${shown}" is before 2000: check the date's format (DD.MM.YYYY with dots, MM/DD/YYYY with slashes).`);
      else {
        publishedMs = at.value;
        if (!wall.value.hasTime) dateOnly++;
      }
    }

    // The counters and the audience rules.
    const counts: Record<CounterField, number | null> = { reach: null, impressions: null, views: null, likes: null, comments: null, reposts: null, saves: null, clicks: null };
    for (const f of counterCols) {
      const v = parseCount(cell(record, f));
      if ("error" in v) rowProblem(f, v.error);
      else counts[f] = v.value;
    }
    const followers = parseCount(cell(record, "followers"));
    if ("error" in followers) rowProblem("followers", followers.error);
    if (counts.reach !== null && counts.impressions !== null && counts.impressions > 0 && counts.reach > counts.impressions) {
      rowProblem("reach", `Reach ${counts.reach} is more than impressions ${counts.impressions}: people who saw a post cannot outnumber the times it was shown. Are the columns swapped?`);
    }
    const audience = Math.max(counts.reach ?? 0, counts.impressions ?? 0, counts.views ?? 0);
    if (audience > 0) {
      for (const f of ["likes", "comments", "reposts", "saves", "clicks"] as const) {
        const v = counts[f];
        if (v !== null && v > audience * maxInteractionsPerAudience) {
          rowProblem(f, `${f[0]!.toUpperCase()}${f.slice(1)} ${v} is more than ${maxInteractionsPerAudience} × the post's audience (${audience}, the largest of reach, impressions and views): impossible — check the columns.`);
        }
      }
    }

    // What the post was.
    const externalId = cell(record, "external_id").trim() || null;
    if (externalId && sciNotation.test(externalId)) {
      rowProblem("external_id", `"${externalId}" is an id a spreadsheet turned into a rounded number: export again without opening the file in a spreadsheet, or format the column as text.`);
    } else if (externalId && externalId.length > shortLimit) rowProblem("external_id", `The id is longer than ${shortLimit} characters.`);
    const url = cell(record, "url").trim() || null;
    if (url && !isWebAddress(url)) rowProblem("url", `"${url.slice(0, 80)}" is not a web address (http:// or https://).`);
    let format: PostFormat = "text";
    if (columns.format !== undefined) {
      const raw = cell(record, "format").trim();
      const f = formatOf(raw);
      if (f) format = f;
      else unknownFormats.set(raw, (unknownFormats.get(raw) ?? 0) + 1);
    }
    let paid = false;
    if (columns.paid !== undefined) {
      const p = parsePaid(cell(record, "paid"));
      if ("error" in p) rowProblem("paid", p.error);
      else paid = p.value ?? false;
    } else if (columns.paid_reach !== undefined) {
      // Without a paid flag, a post that reached people through ads was paid.
      const p = parseCount(cell(record, "paid_reach"));
      if ("error" in p) rowProblem("paid_reach", p.error);
      else paid = (p.value ?? 0) > 0;
    }
    const body = postText(record, columns.text, captions);

    if (problemCount > before || publishedMs === null) continue;
    const publishedAt = new Date(publishedMs).toISOString();
    const postKey = postKeyOf({ externalId, url, publishedAt, text: body });
    const first = seen.get(postKey);
    if (first !== undefined) {
      const [field, what] = externalId ? (["external_id", `id "${externalId}"`] as const) : url ? (["url", `address ${url}`] as const) : ([whenField, "time and text"] as const);
      rowProblem(field, `The same post as line ${first} (the same ${what}): a post is listed once.`);
      continue;
    }
    seen.set(postKey, start);
    rows.push({
      line: start,
      postKey,
      externalId,
      url,
      text: body.slice(0, textLimit),
      format,
      paid,
      publishedAt,
      followers: "value" in followers ? followers.value : null,
      ...counts,
      rubric: cell(record, "rubric").trim().slice(0, shortLimit) || null,
      campaign: cell(record, "campaign").trim().slice(0, shortLimit) || null,
    });
  }
  if (rows.length === 0 && problemCount === 0) problem(firstLine + 1, null, "The file has a header but no rows.");

  const warnings: string[] = [];
  if (descriptionRowSkipped) warnings.push(`Line ${firstLine + 1} describes the columns (as the older Facebook Insights export does) and was skipped.`);
  for (const [raw, n] of unknownFormats) warnings.push(`Post type "${raw}" (${n} row${n > 1 ? "s" : ""}) is not one Chorus knows: stored as text.`);
  if (dateOnly) warnings.push(`${dateOnly} row${dateOnly > 1 ? "s have" : " has"} a date without a time of day: stored at 00:00 (${zone}), which skews hour-of-day insights.`);
  // The date and time columns are not read when there is a published_at column.
  const unread = timeFrom === "published_at" ? ["date", "time"] : [];
  const described: PostMetricsFile["columns"] = postMetricFields.filter((f) => columns[f] !== undefined && !unread.includes(f)).map((f) => ({ field: f, header: nameOf(f) }));
  for (const i of captions) described.push({ field: "text", header: columnNames[i]! });
  return result({ rows, kind, columns: described, gives: { format: columns.format !== undefined, paid: columns.paid !== undefined || columns.paid_reach !== undefined }, warnings });
}

/** The line where a quoted cell opens and never closes (in valid CSV a quote opens or closes a cell, or is doubled). */
function unclosedQuoteLine(text: string): number {
  let line = 1;
  let openedAt = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") line++;
    else if (ch === '"') {
      quoted = !quoted;
      if (quoted) openedAt = line;
    }
  }
  return openedAt;
}

function countBreaks(field: string): number {
  let n = 0;
  for (let i = field.indexOf("\n"); i >= 0; i = field.indexOf("\n", i + 1)) n++;
  return n;
}

function isWebAddress(s: string): boolean {
  if (!/^https?:\/\//i.test(s) || s.length > textLimit) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** A line of words where the metrics should be, e.g. "Lifetime: The number of people who saw your Page post." */
function isDescriptionRow(record: string[], metricColumns: number[]): boolean {
  const cells = metricColumns.map((i) => (record[i] ?? "").trim()).filter(Boolean);
  return cells.length > 0 && cells.every((c) => /\p{L}{3,}/u.test(c) && /\s/.test(c));
}

/** The post's text: its column, or the longest of a Meta export's "Title" and "Description". */
function postText(record: string[], textColumn: number | undefined, captions: number[]): string {
  if (textColumn !== undefined) return (record[textColumn] ?? "").trim();
  let best = "";
  for (const i of captions) {
    const t = (record[i] ?? "").trim();
    if (t.length > best.length) best = t;
  }
  return best;
}
