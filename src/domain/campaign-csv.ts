/**
 * Ad spend and conversions from CSV, as ad cabinets, shops and spreadsheets export them: with or
 * without a BOM, "," or ";" between columns (Excel in Russian writes ";"), quoted cells, Windows
 * line endings; columns by header name in English or Russian. Pure: text in, rows and problems
 * out; the service stores the rows only when there is no problem at all, and a problem names the
 * line a spreadsheet shows (the header is line 1), so the whole file can be fixed at once.
 */
import { parse } from "csv-parse/sync";
import { DateTime } from "luxon";
import { currencyPattern, parseMoney } from "./campaign.js";
import { detectDelimiter } from "./csv-import.js";

export type CsvProblem = { line: number; column: string | null; message: string };

export type SpendRow = { line: number; day: string; amountCents: number; channel: string | null; note: string | null };

export type ConversionRow = {
  line: number;
  externalId: string;
  occurredAt: string;
  valueCents: number;
  utm: { source: string | null; medium: string | null; campaign: string | null; content: string | null; term: string | null };
  linkCode: string | null;
};

type SpendColumn = "date" | "amount" | "currency" | "channel" | "note";
type ConversionColumn = "id" | "date" | "value" | "currency" | "utm_source" | "utm_medium" | "utm_campaign" | "utm_content" | "utm_term" | "link";

const spendHeaders: Record<string, SpendColumn> = {
  date: "date",
  day: "date",
  дата: "date",
  день: "date",
  amount: "amount",
  spend: "amount",
  cost: "amount",
  сумма: "amount",
  расход: "amount",
  расходы: "amount",
  затраты: "amount",
  currency: "currency",
  валюта: "currency",
  channel: "channel",
  канал: "channel",
  площадка: "channel",
  note: "note",
  line: "note",
  description: "note",
  item: "note",
  статья: "note",
  описание: "note",
  комментарий: "note",
};

const conversionHeaders: Record<string, ConversionColumn> = {
  id: "id",
  order: "id",
  order_id: "id",
  "order id": "id",
  заказ: "id",
  "номер заказа": "id",
  date: "date",
  time: "date",
  occurred_at: "date",
  дата: "date",
  "дата и время": "date",
  value: "value",
  revenue: "value",
  amount: "value",
  total: "value",
  сумма: "value",
  выручка: "value",
  currency: "currency",
  валюта: "currency",
  utm_source: "utm_source",
  utm_medium: "utm_medium",
  utm_campaign: "utm_campaign",
  utm_content: "utm_content",
  utm_term: "utm_term",
  link: "link",
  link_code: "link",
  ссылка: "link",
};

/** Rows above this are refused: a bigger history is imported in parts. */
export const maxCsvRows = 50_000;
/** Problems listed; the count says how many more there were. */
const maxProblems = 200;

type Read<C extends string> = { rows: { line: number; get: (c: C) => string }[]; problems: CsvProblem[] };

function readCsv<C extends string>(input: string, headers: Record<string, C>, required: C[], names: string): Read<C> {
  const text = input.replace(/^\uFEFF/, "");
  let records: { record: string[]; raw: string }[];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, raw: true, trim: false, skip_empty_lines: false }) as unknown as { record: string[]; raw: string }[];
  } catch (err) {
    const e = err as { message: string; lines?: number };
    return { rows: [], problems: [{ line: e.lines ?? 1, column: null, message: `The file is not valid CSV: ${e.message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, column: null, message: `The file is empty: the first line must name the columns (${names}).` }] };
  const problems: CsvProblem[] = [];
  const index = new Map<C, number>();
  header.record.forEach((cell, i) => {
    const name = cell.trim().toLowerCase();
    const col = headers[name];
    if (col && !index.has(col)) index.set(col, i);
    else if (name && !col) problems.push({ line: 1, column: cell.trim(), message: `Unknown column "${cell.trim()}". Use ${names}.` });
  });
  const missing = required.filter((c) => !index.has(c));
  if (missing.length) problems.push({ line: 1, column: null, message: `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.` });
  if (problems.length) return { rows: [], problems };
  const breaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;
  let line = 1 + breaks(header.raw);
  const rows: Read<C>["rows"] = [];
  for (const { record, raw } of body) {
    const start = line;
    line += breaks(raw);
    if (record.every((f) => !f.trim())) continue;
    rows.push({ line: start, get: (c) => record[index.get(c) ?? -1]?.trim() ?? "" });
  }
  if (rows.length === 0) problems.push({ line: 2, column: null, message: "The file has a header but no rows." });
  if (rows.length > maxCsvRows) problems.push({ line: 1, column: null, message: `The file has ${rows.length} rows; import at most ${maxCsvRows} at a time.` });
  return { rows, problems };
}

/** A day as written: 2026-03-01 or 01.03.2026. */
function dayOf(cell: string): string | null {
  for (const format of ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"]) {
    const d = DateTime.fromFormat(cell, format, { zone: "UTC" });
    if (d.isValid) return d.toISODate();
  }
  return null;
}

/** An instant as written: ISO 8601 (with or without an offset), "2026-03-01 14:30", "01.03.2026 14:30", or a day alone (its start). No offset: the brand's zone. */
export function instantOf(cell: string, zone: string): string | null {
  const iso = DateTime.fromISO(cell.replace(" ", "T"), { zone, setZone: true });
  if (iso.isValid && /^\d{4}-\d{2}-\d{2}/.test(cell)) return iso.toUTC().toISO();
  for (const format of ["dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy", "d.M.yyyy HH:mm", "d.M.yyyy"]) {
    const d = DateTime.fromFormat(cell, format, { zone });
    if (d.isValid) return d.toUTC().toISO();
  }
  return null;
}

function capped(problems: CsvProblem[]): { problems: CsvProblem[]; problemCount: number } {
  return { problems: problems.slice(0, maxProblems), problemCount: problems.length };
}

function currencyProblem(cell: string, currency: string): string | null {
  if (!cell) return null;
  const c = cell.toUpperCase();
  if (!currencyPattern.test(c)) return `"${cell}" is not a currency code: write three letters, e.g. ${currency}.`;
  if (c !== currency) return `${c} is not the campaign's currency (${currency}): Chorus does not convert currencies. Convert the amount or leave the column empty.`;
  return null;
}

/** Spend rows: date, amount (required), currency (must be the campaign's), channel, note. */
export function parseSpendCsv(input: string, opts: { currency: string }): { rows: SpendRow[]; problems: CsvProblem[]; problemCount: number } {
  const read = readCsv<SpendColumn>(input, spendHeaders, ["date", "amount"], "date, amount, currency, channel, note");
  const problems = [...read.problems];
  const rows: SpendRow[] = [];
  for (const r of read.rows) {
    const problem = (column: string, message: string) => problems.push({ line: r.line, column, message });
    const day = dayOf(r.get("date"));
    if (!day) problem("date", r.get("date") ? `"${r.get("date")}" is not a day: write YYYY-MM-DD or DD.MM.YYYY.` : "The date is empty.");
    const money = parseMoney(r.get("amount"));
    if ("error" in money) problem("amount", money.error);
    const currency = currencyProblem(r.get("currency"), opts.currency);
    if (currency) problem("currency", currency);
    const note = r.get("note");
    if (note.length > 300) problem("note", "A note is at most 300 characters.");
    if (day && "cents" in money) rows.push({ line: r.line, day, amountCents: money.cents, channel: r.get("channel") || null, note: note || null });
  }
  return { rows: problems.length ? [] : rows, ...capped(problems) };
}

/** Conversion rows: id (the order's number) and value required; date (now when empty), currency, utm_*, link. Ids must be unique in the file. */
export function parseConversionsCsv(input: string, opts: { currency: string; zone: string; now: Date }): { rows: ConversionRow[]; problems: CsvProblem[]; problemCount: number } {
  const read = readCsv<ConversionColumn>(input, conversionHeaders, ["id", "value"], "id, date, value, currency, utm_source, utm_medium, utm_campaign, utm_content, utm_term, link");
  const problems = [...read.problems];
  const rows: ConversionRow[] = [];
  const seen = new Map<string, number>();
  for (const r of read.rows) {
    const problem = (column: string, message: string) => problems.push({ line: r.line, column, message });
    const externalId = r.get("id");
    if (!externalId) problem("id", "The id is empty: give each conversion its order number, so it is never counted twice.");
    else if (externalId.length > 200) problem("id", "An id is at most 200 characters.");
    else if (seen.has(externalId)) problem("id", `${externalId} is already on line ${seen.get(externalId)}: each conversion once.`);
    else seen.set(externalId, r.line);
    const dateCell = r.get("date");
    const occurredAt = dateCell ? instantOf(dateCell, opts.zone) : opts.now.toISOString();
    if (!occurredAt) problem("date", `"${dateCell}" is not a date and time: write e.g. 2026-03-01 14:30 or 01.03.2026 14:30.`);
    else if (Date.parse(occurredAt) > opts.now.getTime() + 86_400_000) problem("date", `${dateCell} is in the future.`);
    const money = parseMoney(r.get("value"));
    if ("error" in money) problem("value", money.error);
    const currency = currencyProblem(r.get("currency"), opts.currency);
    if (currency) problem("currency", currency);
    const opt = (c: ConversionColumn) => r.get(c).slice(0, 200) || null;
    if (externalId && occurredAt && "cents" in money) {
      rows.push({
        line: r.line,
        externalId,
        occurredAt,
        valueCents: money.cents,
        utm: { source: opt("utm_source"), medium: opt("utm_medium"), campaign: opt("utm_campaign"), content: opt("utm_content"), term: opt("utm_term") },
        linkCode: opt("link"),
      });
    }
  }
  return { rows: problems.length ? [] : rows, ...capped(problems) };
}
