/**
 * Reading a content plan from CSV, as people export it from Excel or Google Sheets: with or
 * without a BOM, ";" (Excel in Russian and most European locales) or "," as the delimiter,
 * quoted multi-line text, Windows line endings. Columns by header name (English or Russian):
 * date (YYYY-MM-DD), time (HH:MM in the brand's zone), channels, text, media, rubric, campaign.
 * Every problem is reported with the line it starts on, so a person can fix the whole file at once.
 */
import { parse } from "csv-parse/sync";
import { DateTime } from "luxon";
import { timePattern, wallTimeExists } from "./slots.js";

export type ImportColumn = "date" | "time" | "channels" | "text" | "media" | "rubric" | "campaign";
export type ImportProblem = { line: number; column: string | null; message: string };
export type ImportRow = {
  line: number;
  date: string;
  time: string;
  /** The instant, when date and time are valid in the zone. */
  at: string | null;
  channels: string[];
  text: string;
  media: string[];
  rubric: string | null;
  campaign: string | null;
};

const headerNames: Record<string, ImportColumn> = {
  date: "date",
  дата: "date",
  time: "time",
  время: "time",
  channels: "channels",
  channel: "channels",
  каналы: "channels",
  канал: "channels",
  text: "text",
  текст: "text",
  media: "media",
  медиа: "media",
  rubric: "rubric",
  рубрика: "rubric",
  campaign: "campaign",
  кампания: "campaign",
};
const required: ImportColumn[] = ["date", "time", "channels", "text"];

/** ";" or ",": whichever occurs more often outside quotes in the header line. */
export function detectDelimiter(text: string): ";" | "," {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch === ";") semi++;
    else if (!quoted && ch === ",") comma++;
  }
  return semi >= comma && semi > 0 ? ";" : ",";
}

const lineBreaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;
const splitList = (s: string) =>
  s
    .split(/[;,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

export function parseImportCsv(input: string, opts: { zone: string; now: Date }): { rows: ImportRow[]; problems: ImportProblem[] } {
  const text = input.replace(/^\uFEFF/, "");
  const problems: ImportProblem[] = [];
  let records: { record: string[]; raw: string }[];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, raw: true, bom: true, trim: false }) as unknown as { record: string[]; raw: string }[];
  } catch (err) {
    const e = err as { message: string; lines?: number };
    return { rows: [], problems: [{ line: e.lines ?? 1, column: null, message: `The file is not valid CSV: ${e.message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, column: null, message: "The file is empty: the first line must name the columns (date, time, channels, text, …)." }] };
  const index = new Map<ImportColumn, number>();
  header.record.forEach((name, i) => {
    const col = headerNames[name.trim().toLowerCase()];
    if (col && !index.has(col)) index.set(col, i);
    else if (name.trim() && !col) problems.push({ line: 1, column: name.trim(), message: `Unknown column "${name.trim()}". Use date, time, channels, text, media, rubric, campaign.` });
  });
  const missing = required.filter((c) => !index.has(c));
  if (missing.length) {
    problems.push({ line: 1, column: null, message: `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.` });
    return { rows: [], problems };
  }
  const rows: ImportRow[] = [];
  let line = 1 + lineBreaks(header.raw);
  for (const { record, raw } of body) {
    const start = line;
    line += lineBreaks(raw);
    if (record.every((f) => !f.trim())) continue; // blank lines
    const get = (c: ImportColumn) => {
      const i = index.get(c);
      return i === undefined ? "" : (record[i] ?? "");
    };
    const row: ImportRow = {
      line: start,
      date: get("date").trim(),
      time: get("time").trim(),
      at: null,
      channels: splitList(get("channels")),
      text: get("text").replace(/\r\n?/g, "\n").trim(),
      media: splitList(get("media")),
      rubric: get("rubric").trim() || null,
      campaign: get("campaign").trim() || null,
    };
    const problem = (column: ImportColumn, message: string) => problems.push({ line: start, column, message });
    const date = DateTime.fromFormat(row.date, "yyyy-MM-dd", { zone: "UTC" });
    const timeOk = timePattern.test(row.time);
    if (!date.isValid) problem("date", row.date ? `"${row.date}" is not a date: write YYYY-MM-DD, e.g. 2026-12-01.` : "The date is empty.");
    if (!timeOk) problem("time", row.time ? `"${row.time}" is not a time: write HH:MM (24-hour), e.g. 09:30.` : "The time is empty.");
    if (date.isValid && timeOk) {
      const day = { year: date.year, month: date.month, day: date.day };
      if (!wallTimeExists(day, row.time, opts.zone)) {
        problem("time", `${row.date} ${row.time} does not exist in ${opts.zone}: the clocks go forward that night. Choose another time.`);
      } else {
        const at = DateTime.fromISO(`${row.date}T${row.time}`, { zone: opts.zone });
        if (at.toMillis() <= opts.now.getTime()) problem("time", `${row.date} ${row.time} (${opts.zone}) is in the past.`);
        row.at = at.toUTC().toISO();
      }
    }
    if (row.channels.length === 0) problem("channels", "Name at least one channel (its handle or id).");
    rows.push(row);
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 2, column: null, message: "The file has a header but no rows." });
  return { rows, problems };
}
