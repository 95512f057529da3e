import { describe, expect, it } from "vitest";
import { detectDelimiter, parseImportCsv } from "./csv-import.js";

const opts = { zone: "Europe/Moscow", now: new Date("2026-01-01T00:00:00Z") };

describe("parseImportCsv", () => {
  it("reads Excel's CSV: BOM, semicolons, CRLF, quoted multi-line Cyrillic text", () => {
    const csv = '\uFEFFДата;Время;Каналы;Текст;Рубрика\r\n2026-02-01;09:30;@north;"Привет,\r\nмир; «кофе»";Продающий\r\n\r\n2026-02-02;18:00;north, south;"Он сказал ""да""";\r\n';
    const { rows, problems } = parseImportCsv(csv, opts);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({ line: 2, at: "2026-02-01T06:30:00.000Z", channels: ["@north"], text: "Привет,\nмир; «кофе»", rubric: "Продающий" }),
      expect.objectContaining({ line: 5, channels: ["north", "south"], text: 'Он сказал "да"', rubric: null }),
    ]);
  });

  it("reads commas and LF, channels separated by ; inside a comma file", () => {
    const csv = 'date,time,channels,text,media\n2026-03-01,10:00,a;b,"x, y",photo.jpg; id2\n';
    expect(detectDelimiter(csv)).toBe(",");
    const { rows, problems } = parseImportCsv(csv, opts);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ line: 2, channels: ["a", "b"], text: "x, y", media: ["photo.jpg", "id2"] });
  });

  it("lists every problem by line: bad date, bad time, past time, DST gap, no channels", () => {
    const csv = [
      "date;time;channels;text",
      "2026-13-01;10:00;a;one",
      "2026-02-01;25:00;a;two",
      "2025-06-01;10:00;a;three",
      '2026-03-29;02:30;a;"four\nlines"',
      "2026-02-01;10:00;;five",
    ].join("\n");
    const { rows, problems } = parseImportCsv(csv, { ...opts, zone: "Europe/Berlin" });
    expect(rows).toHaveLength(5);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, "date"],
      [3, "time"],
      [4, "time"],
      [5, "time"],
      [7, "channels"],
    ]);
    expect(problems[3]?.message).toMatch(/does not exist in Europe\/Berlin/);
  });

  it("names missing and unknown columns, and reports broken quoting", () => {
    expect(parseImportCsv("date;text\n2026-01-02;x", opts).problems[0]?.message).toMatch(/Missing columns: time, channels/);
    expect(parseImportCsv("date;time;channels;text;colour\n", opts).problems[0]).toMatchObject({ line: 1, column: "colour" });
    expect(parseImportCsv('date;time;channels;text\n2026-02-01;10:00;a;"open', opts).problems[0]?.message).toMatch(/not valid CSV/);
    expect(parseImportCsv("", opts).problems[0]?.message).toMatch(/empty/);
  });
});
