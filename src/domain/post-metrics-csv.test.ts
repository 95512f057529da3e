import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeCsv, detectDelimiter, formatOf, parseCount, parseFieldMap, parsePaid, parsePostMetricsCsv, postKeyOf } from "./post-metrics-csv.js";

const fixture = (name: string) => fs.readFileSync(new URL(`../../test/fixtures/post-metrics/${name}`, import.meta.url));
const now = new Date("2026-04-01T00:00:00Z");
const read = (csv: string | Uint8Array, opts: { zone?: string; map?: Record<string, string>; maxProblems?: number } = {}) =>
  parsePostMetricsCsv(csv, { zone: opts.zone ?? "Europe/Moscow", now, ...(opts.map ? { map: opts.map } : {}), ...(opts.maxProblems ? { maxProblems: opts.maxProblems } : {}) });
/** Problems as "line column: message" for compact assertions. */
const problemsOf = (csv: string, opts: Parameters<typeof read>[1] = {}) => read(csv, opts).problems.map((p) => `${p.line} ${p.column ?? "-"}: ${p.message}`);

describe("the exports' headers", () => {
  it("reads a Meta Business Suite posts export (BOM, CRLF, MM/DD/YYYY, caption in Title or Description)", () => {
    const file = read(fixture("meta-business-suite-posts.csv"));
    expect(file.problems).toEqual([]);
    expect(file.kind).toBe("meta");
    expect(file.rows).toHaveLength(8);
    expect(Object.fromEntries(file.columns.filter((c) => c.field !== "text").map((c) => [c.field, c.header]))).toEqual({
      published_at: "Publish time",
      external_id: "Post ID",
      url: "Permalink",
      format: "Post type",
      reach: "Reach",
      views: "Views",
      likes: "Reactions",
      comments: "Comments",
      reposts: "Shares",
      clicks: "Link clicks",
    });
    const [first, reel, link] = file.rows;
    expect(first).toMatchObject({
      line: 2,
      externalId: "104523987654321_1221548933120041",
      postKey: "104523987654321_1221548933120041",
      format: "image",
      // 09:15 in Moscow (UTC+3)
      publishedAt: "2026-02-02T06:15:00.000Z",
      reach: 2980,
      views: 4210,
      impressions: null,
      likes: 154,
      comments: 21,
      reposts: 12,
      clicks: null,
      paid: false,
    });
    expect(first?.text).toMatch(/^New winter blend/);
    // The longer of Title and Description is the caption.
    expect(reel).toMatchObject({ line: 3, format: "video", text: expect.stringMatching(/^Our barista Anna/) });
    expect(link).toMatchObject({ line: 4, format: "link", clicks: 143, text: expect.stringContaining("\nThe full schedule") });
    // The multi-line description moves the next post to line 6.
    expect(file.rows[3]).toMatchObject({ line: 6, format: "text" });
    expect(file.rows[6]?.text).toBe("A quiet morning at the Embankment shop.");
  });

  it("reads the older Facebook Insights export, skipping its line of descriptions", () => {
    const file = read(fixture("facebook-insights-legacy.csv"));
    expect(file.problems).toEqual([]);
    expect(file.kind).toBe("facebook-insights");
    expect(file.warnings).toEqual([expect.stringMatching(/^Line 2 describes the columns/)]);
    expect(file.rows.map((r) => r.line)).toEqual([3, 4, 5, 6, 7]);
    const [opening, , film] = file.rows;
    expect(opening).toMatchObject({
      text: expect.stringMatching(/^We are opening/),
      format: "image",
      // 6:30 PM in Moscow (UTC+3 since 2014)
      publishedAt: "2015-11-06T15:30:00.000Z",
      reach: 5240,
      impressions: 7712,
      // Stories (counts) before Talking About This (people).
      likes: 268,
      comments: 27,
      reposts: 19,
      clicks: 0,
      paid: false,
    });
    // Paid reach > 0 makes a post paid when there is no paid column.
    expect(film).toMatchObject({ format: "video", paid: true, publishedAt: "2015-11-12T17:00:00.000Z" });
    expect(file.rows[4]).toMatchObject({ format: "link", clicks: 236, paid: true });
    expect(file.gives).toEqual({ format: true, paid: true });
  });

  it("reads VK post statistics (semicolons, Russian headers, spaces between thousands)", () => {
    const file = read(fixture("vk-post-stats.csv"));
    expect(file.problems).toEqual([]);
    expect(file.kind).toBe("vk");
    expect(file.rows).toHaveLength(6);
    expect(file.rows[0]).toMatchObject({
      externalId: "-218765432_1501",
      url: "https://vk.com/wall-218765432_1501",
      publishedAt: "2026-03-01T06:00:00.000Z",
      format: "image",
      reach: 12480,
      views: 15902,
      likes: 642,
      comments: 38,
      reposts: 71,
      saves: 55,
      clicks: null,
      followers: 48310,
      paid: false,
    });
    expect(file.rows[1]?.format).toBe("video");
    expect(file.rows[3]).toMatchObject({ paid: true, clicks: 1024, text: expect.stringContaining("Условия") });
    // "Охват подписчиков" and "Виральный охват" are parts of reach, not reach.
    expect(file.columns.find((c) => c.field === "reach")?.header).toBe("Охват");
  });

  it("reads Chorus's own columns, with the date and time in two columns", () => {
    const csv = "date\ttime\ttype\treach\tlikes\tcomments\tshares\tsaves\tfollowers\tpaid\trubric\n2026-03-10\t14:05\tcarousel\t1000\t50\t5\t3\t7\t12000\tyes\tNews\n";
    const file = read(csv);
    expect(file.problems).toEqual([]);
    expect(file.kind).toBe("chorus");
    expect(file.rows[0]).toMatchObject({ publishedAt: "2026-03-10T11:05:00.000Z", format: "carousel", reach: 1000, reposts: 3, saves: 7, followers: 12000, paid: true, rubric: "News" });
  });
});

describe("delimiters and lines", () => {
  it("detects comma, semicolon and tab in the header", () => {
    expect(detectDelimiter("a,b,c")).toBe(",");
    expect(detectDelimiter("a;b;c")).toBe(";");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter('"Reactions, Comments and Shares";Reach;Likes')).toBe(";");
    expect(detectDelimiter("published_at")).toBeNull();
  });

  it('follows Excel\'s "sep=" line and counts it', () => {
    const file = read('sep=;\npublished_at;reach;"text, with a comma"\n2026-03-01 10:00;100;x\n2026-03-02 10:00;-1;y\n');
    expect(file.rows).toHaveLength(1);
    expect(file.problems).toEqual([{ line: 4, column: "reach", message: expect.stringMatching(/negative/) }]);
  });

  it("refuses a header that is one column holding delimiters (the whole line quoted)", () => {
    expect(problemsOf('"published_at;reach;likes"\n"2026-03-01 10:00;100;5"\n')).toEqual([expect.stringMatching(/^1 published_at;reach;likes: The header is one column that contains ";"/)]);
  });

  it("reports rows written with another delimiter than the header, and unquoted delimiters", () => {
    expect(problemsOf("published_at;reach;likes\n2026-03-01 10:00,100,5\n2026-03-02 10:00;100;5\n2026-03-03 10:00;100;5;7\n")).toEqual([
      expect.stringMatching(/^2 -: The line is one cell where the header names 3 columns/),
      expect.stringMatching(/^4 -: The line has 4 cells where the header names 3 columns/),
    ]);
  });

  it("counts the lines of quoted multi-line cells and skips blank lines", () => {
    const csv = 'published_at,text,reach\n2026-03-01 10:00,"one\ntwo\nthree",10\n\n2026-03-02 10:00,x,-4\n';
    expect(problemsOf(csv)).toEqual([expect.stringMatching(/^6 reach: -4 is negative/)]);
  });

  it("explains broken quoting with its line", () => {
    expect(problemsOf('published_at,text,reach\n2026-03-01 10:00,"fine",1\n2026-03-02 10:00,"broken"x,2\n')).toEqual([
      '3 -: The file is not valid CSV: Invalid Closing Quote: got "x" instead of delimiter, record delimiter, trimable character (if activated) or comment. Quote a cell that contains quotes, and double the quotes inside it.',
    ]);
    expect(problemsOf('published_at,text,reach\n2026-03-01 10:00,"fine",1\n2026-03-02 10:00,"never closed,2\n2026-03-03 10:00,x,3\n')).toEqual([expect.stringMatching(/^3 -: A quote opens a cell here and is never closed/)]);
  });
});

describe("required columns", () => {
  it("needs a publication time", () => {
    expect(problemsOf("reach,likes\n10,1\n")).toEqual([expect.stringMatching(/^1 -: No column with the publication time.*Columns in the file: reach, likes\.$/)]);
  });

  it("needs at least one metric", () => {
    expect(problemsOf("published_at,text,followers\n2026-03-01 10:00,x,100\n")).toEqual([expect.stringMatching(/^1 -: No metric columns/)]);
  });

  it("reports an empty file and a file without rows", () => {
    expect(problemsOf("")).toEqual([expect.stringMatching(/^1 -: The file is empty/)]);
    expect(problemsOf("published_at,reach\n\n")).toEqual([expect.stringMatching(/^2 -: The file has a header but no rows/)]);
  });
});

describe("numbers", () => {
  it("accepts whole counts, thousands separators and Excel's 12.0; blank is unknown", () => {
    expect(parseCount("1234")).toEqual({ value: 1234 });
    expect(parseCount("12 480")).toEqual({ value: 12480 });
    expect(parseCount("12\u00a0480")).toEqual({ value: 12480 });
    expect(parseCount("1,234,567")).toEqual({ value: 1234567 });
    expect(parseCount("1.234")).toEqual({ value: 1234 });
    expect(parseCount("12.0")).toEqual({ value: 12 });
    expect(parseCount("")).toEqual({ value: null });
    expect(parseCount("—")).toEqual({ value: null });
  });

  it("refuses negative, fractional, non-numeric and too large counts", () => {
    expect(parseCount("-3")).toEqual({ error: expect.stringMatching(/negative/) });
    expect(parseCount("12.5")).toEqual({ error: expect.stringMatching(/not a whole number/) });
    expect(parseCount("12%")).toEqual({ error: expect.stringMatching(/not a number/) });
    expect(parseCount("3000000000")).toEqual({ error: expect.stringMatching(/too large/) });
  });

  it("reports impossible figures with line and column: the bad sample file", () => {
    const file = read(fixture("bad-post-metrics.csv"));
    expect(file.rows.map((r) => r.line)).toEqual([2]);
    expect(file.problems.map((p) => [p.line, p.column])).toEqual([
      [3, "reach"],
      [4, "published_at"],
      [5, "likes"],
      [6, "comments"],
      [7, "external_id"],
      [8, "published_at"],
      [9, null],
    ]);
    expect(file.problems.map((p) => p.message)).toEqual([
      "-5 is negative: a count cannot be.",
      '"31.02.2026 12:00": there is no 31 February 2026.',
      "Likes 9000 is more than 100 × the post's audience (80, the largest of reach, impressions and views): impossible — check the columns.",
      '12.5 is not a whole number: counts are whole (a decimal comma in a ","-separated file splits the value).',
      'The same post as line 2 (the same id "p-1"): a post is listed once.',
      '"2099-01-01 10:00" is in the future: only published posts have statistics.',
      'The line has 9 cells where the header names 8 columns: a value contains the delimiter "," without quotes.',
    ]);
  });

  it("refuses reach above impressions", () => {
    expect(problemsOf("published_at,reach,impressions\n2026-03-01 10:00,500,400\n")).toEqual([expect.stringMatching(/^2 reach: Reach 500 is more than impressions 400/)]);
  });

  it("does not judge interactions against an audience of 0 or unknown", () => {
    expect(read("published_at,reach,likes\n2026-03-01 10:00,0,12\n2026-03-02 10:00,,12\n").problems).toEqual([]);
  });

  it("refuses ids a spreadsheet rounded into a number, and addresses that are not web addresses", () => {
    expect(problemsOf("published_at,post id,permalink,reach\n2026-03-01 10:00,1.04524E+29,https://fb.example/1,10\n2026-03-02 10:00,77,javascript:alert(1),10\n")).toEqual([
      expect.stringMatching(/^2 post id: "1.04524E\+29" is an id a spreadsheet turned into a rounded number/),
      expect.stringMatching(/^3 permalink: "javascript:alert\(1\)" is not a web address/),
    ]);
  });

  it("caps the listed problems and counts them all", () => {
    const csv = `published_at,reach\n${Array.from({ length: 30 }, (_, i) => `2026-03-01 10:${String(i).padStart(2, "0")},-1`).join("\n")}\n`;
    const file = read(csv, { maxProblems: 5 });
    expect(file.problems).toHaveLength(5);
    expect(file.problemCount).toBe(30);
  });
});

describe("dates and time zones", () => {
  const when = (cell: string, zone = "Europe/Moscow") => {
    const file = read(`published_at,reach\n"${cell}",10\n`, { zone });
    return file.rows[0]?.publishedAt ?? file.problems[0]?.message;
  };

  it("accepts ISO 8601, DD.MM.YYYY, MM/DD/YYYY with AM/PM and YYYY-MM-DD HH:mm", () => {
    expect(when("2026-03-01T09:30")).toBe("2026-03-01T06:30:00.000Z");
    expect(when("2026-03-01T09:30:15+05:00")).toBe("2026-03-01T04:30:15.000Z");
    expect(when("2026-03-01T09:30:00.123Z")).toBe("2026-03-01T09:30:00.000Z");
    expect(when("2026-03-01 09:30")).toBe("2026-03-01T06:30:00.000Z");
    expect(when("01.03.2026 09:30")).toBe("2026-03-01T06:30:00.000Z");
    expect(when("1.3.2026")).toBe("2026-02-28T21:00:00.000Z");
    expect(when("03/01/2026 9:30 PM")).toBe("2026-03-01T18:30:00.000Z");
    expect(when("03/01/2026 12:05 AM")).toBe("2026-02-28T21:05:00.000Z");
    expect(when("03/01/2026 21:30")).toBe("2026-03-01T18:30:00.000Z");
  });

  it("reads times without an offset in the zone given, and offsets as written", () => {
    expect(when("2026-03-01 09:30", "America/Los_Angeles")).toBe("2026-03-01T17:30:00.000Z");
    expect(when("2025-07-01 09:30", "America/Los_Angeles")).toBe("2025-07-01T16:30:00.000Z");
    expect(when("2026-03-01T09:30Z", "America/Los_Angeles")).toBe("2026-03-01T09:30:00.000Z");
    expect(read("published_at,reach\n2026-03-01 10:00,1\n", { zone: "Mars/Olympus" }).problems[0]?.message).toMatch(/not a time zone/);
  });

  it("refuses a time the clocks skip, and reads a repeated hour as the second (after the clocks go back)", () => {
    expect(when("2026-03-29 02:30", "Europe/Berlin")).toMatch(/does not exist in Europe\/Berlin: the clocks go forward/);
    expect(when("2026-03-29 03:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00.000Z");
    expect(when("2025-10-26 02:30", "Europe/Berlin")).toBe("2025-10-26T01:30:00.000Z");
  });

  it("refuses impossible and unreadable dates", () => {
    expect(when("2026-02-29 10:00")).toBe('"2026-02-29 10:00": there is no 29 February 2026.');
    expect(when("2028-02-29 10:00")).toMatch(/future/);
    expect(when("13/01/2026 10:00")).toMatch(/there is no month 13/);
    expect(when("01.03.2026 25:00")).toMatch(/time of day is impossible/);
    expect(when("03/01/2026 13:00 PM")).toMatch(/time of day is impossible/);
    expect(when("yesterday")).toMatch(/is not a date and time: write ISO 8601/);
    expect(when("01.03.1999 10:00")).toMatch(/before 2000/);
    expect(when("")).toBe("The publication time is empty.");
  });

  it("combines a date and a time column, and warns about dates without a time", () => {
    const file = read("дата;время;охват\n01.03.2026;09:30;100\n02.03.2026;;100\n03.03.2026;9:70;100\n");
    expect(file.rows.map((r) => r.publishedAt)).toEqual(["2026-03-01T06:30:00.000Z", "2026-03-01T21:00:00.000Z"]);
    expect(file.problems).toEqual([{ line: 4, column: "время", message: expect.stringMatching(/not a time of day/) }]);
    expect(read("дата;время;охват\n01.03.2026;09:30;100\n02.03.2026;;100\n").warnings).toEqual([expect.stringMatching(/^1 row has a date without a time of day: stored at 00:00 \(Europe\/Moscow\)/)]);
  });
});

describe("duplicates and keys", () => {
  it("keys a post by its id, else its address, else a hash of its time and text", () => {
    const at = "2026-03-01T06:30:00.000Z";
    expect(postKeyOf({ externalId: "42", url: "https://x.example/1", publishedAt: at, text: "a" })).toBe("42");
    expect(postKeyOf({ externalId: null, url: "https://x.example/1", publishedAt: at, text: "a" })).toBe("https://x.example/1");
    const hashed = postKeyOf({ externalId: null, url: null, publishedAt: at, text: "a" });
    expect(hashed).toMatch(/^sha1:[0-9a-f]{40}$/);
    expect(postKeyOf({ externalId: null, url: null, publishedAt: at, text: "a" })).toBe(hashed);
    expect(postKeyOf({ externalId: null, url: null, publishedAt: at, text: "b" })).not.toBe(hashed);
  });

  it("reports a repeated address, and a repeated time and text, with the first line", () => {
    const csv = "published_at,url,text,reach\n2026-03-01 10:00,https://x.example/1,a,1\n2026-03-02 10:00,https://x.example/1,b,1\n2026-03-03 10:00,,same,1\n2026-03-03 10:00,,same,2\n";
    expect(problemsOf(csv)).toEqual([
      "3 url: The same post as line 2 (the same address https://x.example/1): a post is listed once.",
      "5 published_at: The same post as line 4 (the same time and text): a post is listed once.",
    ]);
  });
});

describe("--map", () => {
  it("parses field=Header pairs, with synonyms, and explains bad ones", () => {
    expect(parseFieldMap(["reach=Охват подписчиков", "shares = Поделились", "Type=Вид"])).toEqual({ map: { reach: "Охват подписчиков", reposts: "Поделились", format: "Вид" }, errors: [] });
    expect(parseFieldMap(["reach", "rech=X", "=X"]).errors).toEqual([
      '"reach" is not field=Header (e.g. reach=Охват).',
      expect.stringMatching(/^"rech" is not a field Chorus imports: use one of published_at, date/),
      '"=X" is not field=Header (e.g. reach=Охват).',
    ]);
  });

  it("reads other headers, overriding the recognised ones", () => {
    const csv = "Когда;Увидели;Охват;Сердечки\n01.03.2026 10:00;500;900;40\n";
    const file = read(csv, { map: { published_at: "когда", reach: "Увидели", likes: "Сердечки" } });
    expect(file.problems).toEqual([]);
    expect(file.kind).toBe("custom");
    expect(file.rows[0]).toMatchObject({ reach: 500, likes: 40, publishedAt: "2026-03-01T07:00:00.000Z" });
  });

  it("names a mapped header the file does not have", () => {
    expect(problemsOf("published_at,reach\n2026-03-01 10:00,1\n", { map: { likes: "Нравится" } })).toEqual(['1 Нравится: --map likes=Нравится: the file has no column "Нравится". Its columns: "published_at", "reach".']);
  });
});

describe("values", () => {
  it("maps the exports' post types to Chorus's formats", () => {
    expect(["Photos", "Photo", "Reels", "SharedVideo", "Links", "Status", "Text", "Фото", "Клип", "Видео", "Ссылка", "Карусель", "Album", ""].map(formatOf)).toEqual([
      "image",
      "image",
      "video",
      "video",
      "link",
      "text",
      "text",
      "image",
      "video",
      "video",
      "link",
      "carousel",
      "carousel",
      "text",
    ]);
    expect(formatOf("Event")).toBeNull();
    const file = read("published_at,type,reach\n2026-03-01 10:00,Event,1\n2026-03-02 10:00,Event,1\n");
    expect(file.rows.map((r) => r.format)).toEqual(["text", "text"]);
    expect(file.warnings).toEqual(['Post type "Event" (2 rows) is not one Chorus knows: stored as text.']);
  });

  it("reads paid flags in English and Russian", () => {
    expect(["1", "yes", "Paid", "да", "0", "no", "organic", "нет", ""].map((v) => ("value" in parsePaid(v) ? (parsePaid(v) as { value: unknown }).value : "error"))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      null,
    ]);
    expect(problemsOf("published_at,paid,reach\n2026-03-01 10:00,maybe,1\n")).toEqual([expect.stringMatching(/^2 paid: "maybe" is not yes or no/)]);
  });

  it("decodes UTF-16 with a BOM and refuses text that is not UTF-8", () => {
    const text = "published_at\treach\n2026-03-01 10:00\t5\n";
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(read(utf16).rows[0]?.reach).toBe(5);
    const cp1251 = Buffer.from([0xee, 0xf5, 0xe2, 0xe0, 0xf2, 0x0a]); // "охват" in Windows-1251
    expect(decodeCsv(cp1251)).toEqual({ problem: expect.stringMatching(/not UTF-8/) });
    expect(problemsOf(cp1251 as unknown as string)).toEqual([expect.stringMatching(/^1 -: The file is not UTF-8/)]);
  });
});
