import { describe, expect, it } from "vitest";
import { parseConversionsCsv, parseSpendCsv } from "./campaign-csv.js";

const now = new Date("2026-03-16T09:30:00Z");

describe("spend CSV", () => {
  it("reads Russian headers with ';' and decimal commas", () => {
    const csv = "\uFEFFДата;Сумма;Валюта;Канал;Статья\r\n01.03.2026;1 500,50;RUB;vk;Таргет ВК\r\n2026-03-02;2000;;;\r\n";
    const { rows, problems } = parseSpendCsv(csv, { currency: "RUB" });
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, day: "2026-03-01", amountCents: 150050, channel: "vk", note: "Таргет ВК" },
      { line: 3, day: "2026-03-02", amountCents: 200000, channel: null, note: null },
    ]);
  });

  it("lists every problem by line and keeps no row when there is one", () => {
    const csv = 'date,amount,currency\n2026-03-01,100,RUB\n2026-13-01,-5,USD\n"2026-03-03",abc,\n';
    const { rows, problems } = parseSpendCsv(csv, { currency: "RUB" });
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, "date"],
      [3, "amount"],
      [3, "currency"],
      [4, "amount"],
    ]);
  });

  it("names missing and unknown columns on line 1", () => {
    expect(parseSpendCsv("day,price\n2026-03-01,1\n", { currency: "RUB" }).problems.map((p) => p.line)).toEqual([1, 1]);
    expect(parseSpendCsv("", { currency: "RUB" }).problems[0]?.message).toMatch(/empty/);
  });
});

describe("conversions CSV", () => {
  it("reads orders with UTM tags, local times in the brand's zone, and a quoted multi-line cell", () => {
    const csv = 'id,date,value,utm_campaign,utm_source\norder-1,2026-03-10 14:30,"4 990,00",vesenniy-raf,vk\norder-2,,100,"multi\nline",\n';
    const { rows, problems } = parseConversionsCsv(csv, { currency: "RUB", zone: "Europe/Moscow", now });
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ line: 2, externalId: "order-1", occurredAt: "2026-03-10T11:30:00.000Z", valueCents: 499000, utm: { campaign: "vesenniy-raf", source: "vk" } });
    expect(rows[1]).toMatchObject({ line: 3, externalId: "order-2", occurredAt: now.toISOString(), valueCents: 10000 });
  });

  it("refuses an id twice in the file, a future date and another currency", () => {
    const csv = "id;date;value;currency\nA;2026-03-01;1;RUB\nA;2026-03-02;1;RUB\nB;2027-01-01;1;RUB\nC;2026-03-01;1;EUR\n;2026-03-01;1;\n";
    const { rows, problems } = parseConversionsCsv(csv, { currency: "RUB", zone: "UTC", now });
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, "id"],
      [4, "date"],
      [5, "currency"],
      [6, "id"],
    ]);
  });
});
