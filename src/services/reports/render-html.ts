/**
 * A report as one self-contained HTML document: A4 pages of fixed size (a cover, then one page per
 * section), inline CSS, charts as inline SVG, the agency's logo as a data URI and its colours.
 * Printing it gives exactly these pages (`@page` A4 without margins; each `.page` box breaks after
 * itself), so the PDF, the browser preview and the page screenshots agree.
 *
 * Every value from outside — post texts, channel, brand and agency names, report names — goes
 * through the escaping `html` template; nothing is inserted raw. Colours are validated #rrggbb.
 */
import type { SectionKind } from "../../domain/report-definition.js";
import { html, type SafeHtml } from "../notify/email.js";
import type { Fmt } from "./format.js";
import type { SectionOutput } from "./section-kit.js";
import { fill, type ReportStrings } from "./strings.js";

export type ReportDocument = {
  name: string;
  language: string;
  periodKind: "weekly" | "monthly";
  branding: { agencyName: string | null; primaryColor: string; accentColor: string; logoDataUri: string | null };
  brand: { name: string; timezone: string };
  period: { from: string; to: string };
  generatedAt: Date;
  sections: { kind: SectionKind; output: SectionOutput }[];
};

const hex = (c: string, fallback: string) => (/^#[0-9a-fA-F]{6}$/.test(c) ? c : fallback);
/** Only image data URIs may be a logo's src (they come from our own storage, but the rule is cheap). */
const logoSrc = (uri: string | null) => (uri && /^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]+$/.test(uri) ? uri : null);

function css(primary: string, accent: string): SafeHtml {
  const raw = `
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #e9ecf1; }
body { font-family: "Helvetica Neue", "Liberation Sans", Arial, "DejaVu Sans", sans-serif; color: #101828; font-size: 10.5pt; line-height: 1.4; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { width: 210mm; height: 297mm; margin: 0 auto 8mm; background: #fff; position: relative; overflow: hidden; display: flex; flex-direction: column; padding: 14mm 15mm 11mm; break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
@media print { html, body { background: #fff; } .page { margin: 0; } }
.topbar { position: absolute; left: 0; right: 0; top: 0; height: 4mm; background: ${primary}; }
.topbar i { position: absolute; right: 0; top: 0; bottom: 0; width: 34%; background: ${accent}; }
.head { display: flex; justify-content: space-between; align-items: center; padding-bottom: 3mm; border-bottom: 1px solid #e4e7ec; margin-bottom: 5mm; font-size: 8.5pt; color: #475467; }
.head .who { display: flex; align-items: center; gap: 3mm; font-weight: 600; color: ${primary}; }
.head img { max-height: 9mm; max-width: 38mm; object-fit: contain; }
.head .when { text-align: right; }
h2 { font-size: 20pt; margin: 0 0 1.5mm; color: ${primary}; letter-spacing: -0.01em; }
h2::after { content: ""; display: block; width: 16mm; height: 1.2mm; background: ${accent}; margin-top: 2.5mm; border-radius: 1mm; }
.lead { color: #475467; margin: 0 0 4.5mm; max-width: 160mm; }
h3 { font-size: 10.5pt; margin: 5mm 0 2mm; color: #344054; text-transform: none; }
.body { flex: 1; overflow: hidden; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; }
.kpi { border: 1px solid #e4e7ec; border-radius: 2.5mm; padding: 2.6mm 3mm; border-top: 1mm solid ${primary}; background: #fcfcfd; }
.kpi-label { font-size: 8pt; color: #475467; text-transform: uppercase; letter-spacing: 0.03em; font-weight: 600; }
.kpi-value { font-size: 16pt; font-weight: 700; margin: 0.8mm 0 0.3mm; color: #101828; white-space: nowrap; }
.kpi-change { font-size: 8pt; color: #667085; }
.kpi-change span { color: #98a2b3; }
.kpi-change.good { color: #067647; } .kpi-change.bad { color: #b42318; }
.kpi-sub { font-size: 7.5pt; color: #667085; margin-top: 0.8mm; }
.kpi-goal { margin-top: 1.8mm; font-size: 7.5pt; color: #475467; }
.kpi-goal .bar { height: 1.6mm; background: #eaecf0; border-radius: 1mm; overflow: hidden; margin-bottom: 1mm; }
.kpi-goal .bar div { height: 100%; background: ${accent}; }
sup.fn { font-size: 6.5pt; color: ${accent}; font-weight: 700; margin-left: 0.4mm; }
table.data { width: 100%; border-collapse: collapse; font-size: 8.6pt; }
table.data th { text-align: left; font-size: 7.2pt; text-transform: uppercase; letter-spacing: 0.03em; color: #475467; border-bottom: 1.5px solid ${primary}; padding: 1.3mm 1.5mm; font-weight: 600; }
table.data td { border-bottom: 1px solid #eaecf0; padding: 1.05mm 1.5mm; vertical-align: top; }
table.tight td { padding: 0.8mm 1.5mm; }
table.data tr:nth-child(even) td { background: #f9fafb; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: #667085; } .small { font-size: 8pt; }
.gap { height: 5mm; }
.empty { color: #667085; font-style: italic; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
.chart { display: block; margin: 1mm 0; }
.chart-key { font-size: 8pt; color: #475467; margin: 0.5mm 0 0; }
.chart-key i { display: inline-block; width: 2.6mm; height: 2.6mm; border-radius: 0.6mm; margin: 0 1.2mm 0 2mm; vertical-align: -0.3mm; }
.chart-key i:first-child { margin-left: 0; }
.er-reach b { color: ${primary}; } .er-followers b { color: ${accent}; }
ol.posts { list-style: none; margin: 0; padding: 0; }
.post { display: flex; gap: 4mm; padding: 3.2mm 0; border-bottom: 1px solid #eaecf0; }
.posts.compact .post { padding: 2mm 0; }
.rank { flex: none; width: 8mm; height: 8mm; border-radius: 50%; color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center; font-size: 10pt; }
.post-main { flex: 1; min-width: 0; }
.post-meta { font-size: 8pt; color: #667085; }
.post-meta b { color: #344054; }
.post-text { margin: 1mm 0 1.5mm; overflow-wrap: anywhere; }
.post-figures { display: flex; flex-wrap: wrap; gap: 1mm 5mm; font-size: 8.2pt; color: #344054; }
.note { border: 1px dashed #d0d5dd; background: #f9fafb; border-radius: 2.5mm; padding: 8mm; color: #475467; text-align: center; margin-top: 10mm; }
.legend { border-top: 1px solid #e4e7ec; padding-top: 2.5mm; margin-top: 3mm; font-size: 7.3pt; color: #475467; }
.legend b { color: #344054; }
.legend ol { margin: 1mm 0 0; padding: 0; list-style: none; columns: 2; column-gap: 6mm; }
.legend li { break-inside: avoid; margin-bottom: 0.8mm; }
.legend li sup { color: ${accent}; font-weight: 700; margin-right: 1mm; }
.foot { display: flex; justify-content: space-between; font-size: 7.5pt; color: #98a2b3; padding-top: 3mm; }
.cover { padding: 0; }
.cover .band { background: linear-gradient(135deg, ${primary} 0%, ${primary} 62%, ${accent} 140%); color: #fff; padding: 22mm 18mm 16mm; height: 168mm; display: flex; flex-direction: column; position: relative; }
.cover .band::after { content: ""; position: absolute; right: -30mm; bottom: -30mm; width: 110mm; height: 110mm; border-radius: 50%; border: 14mm solid rgba(255,255,255,0.07); }
.cover .logo { background: #fff; border-radius: 3mm; padding: 4mm 5mm; display: inline-flex; align-self: flex-start; align-items: center; min-height: 16mm; }
.cover .logo img { max-height: 18mm; max-width: 60mm; object-fit: contain; }
.cover .logo span { color: ${primary}; font-weight: 700; font-size: 13pt; }
.cover .kind { margin-top: auto; text-transform: uppercase; letter-spacing: 0.14em; font-size: 9pt; opacity: 0.85; }
.cover h1 { font-size: 30pt; line-height: 1.12; margin: 3mm 0 4mm; max-width: 160mm; overflow-wrap: anywhere; }
.cover .brand { font-size: 15pt; opacity: 0.95; }
.cover .accent { width: 22mm; height: 1.6mm; background: ${accent}; border-radius: 1mm; margin-top: 6mm; }
.cover .facts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6mm; padding: 10mm 18mm 0; }
.cover .facts div { border-left: 1mm solid ${accent}; padding-left: 3mm; }
.cover .facts small { display: block; text-transform: uppercase; font-size: 7.5pt; letter-spacing: 0.06em; color: #667085; }
.cover .facts b { font-size: 11pt; color: #101828; }
.cover .toc { padding: 9mm 18mm 0; }
.cover .toc h3 { margin: 0 0 3mm; color: ${primary}; text-transform: uppercase; letter-spacing: 0.08em; font-size: 8.5pt; }
.cover .toc ol { margin: 0; padding: 0; list-style: none; columns: 2; column-gap: 10mm; }
.cover .toc li { display: flex; justify-content: space-between; border-bottom: 1px dotted #d0d5dd; padding: 1.6mm 0; font-size: 9.5pt; break-inside: avoid; }
.cover .toc li span { color: #98a2b3; }
.cover .foot { position: absolute; left: 18mm; right: 18mm; bottom: 10mm; }
`;
  return html([`<style>${raw}</style>`] as unknown as TemplateStringsArray);
}

export function renderReportHtml(doc: ReportDocument, t: ReportStrings, fmt: Fmt): string {
  const primary = hex(doc.branding.primaryColor, "#1f3a5f");
  const accent = hex(doc.branding.accentColor, "#e07a2e");
  const logo = logoSrc(doc.branding.logoDataUri);
  const agency = doc.branding.agencyName?.trim() || null;
  const period = fmt.period(doc.period.from, doc.period.to);
  const total = doc.sections.length + 1;
  const kind = doc.periodKind === "weekly" ? t.cover.weekly : t.cover.monthly;
  const generated = fmt.dateTime(doc.generatedAt.toISOString(), doc.brand.timezone);
  const foot = (n: number) => html`<div class="foot"><span>${agency ?? doc.brand.name} · ${doc.name}</span><span>${fill(t.page, { n, total })}</span></div>`;

  const cover = html`<section class="page cover">
<div class="band">
<div class="logo">${logo ? html`<img src="${logo}" alt="">` : html`<span>${agency ?? doc.brand.name}</span>`}</div>
<div class="kind">${kind}</div>
<h1>${doc.name}</h1>
<div class="brand">${doc.brand.name}</div>
<div class="accent"></div>
</div>
<div class="facts">
<div><small>${t.cover.period}</small><b>${period}</b></div>
<div><small>${t.cover.preparedFor}</small><b>${doc.brand.name}</b></div>
<div><small>${agency ? t.cover.preparedBy : t.cover.generated}</small><b>${agency ?? generated}</b></div>
</div>
<div class="toc"><h3>${t.cover.contents}</h3><ol>${doc.sections.map((s, i) => html`<li>${t.sectionTitle[s.kind]}<span>${i + 2}</span></li>`)}</ol></div>
${foot(1)}
</section>`;

  const pages = doc.sections.map(
    (s, i) => html`<section class="page" data-section="${s.kind}">
<div class="topbar"><i></i></div>
<div class="head"><div class="who">${logo ? html`<img src="${logo}" alt="">` : null}<span>${agency ?? doc.brand.name}</span></div><div class="when">${doc.brand.name}<br>${period}</div></div>
<h2>${t.sectionTitle[s.kind]}</h2>
<p class="lead">${t.sectionLead[s.kind]}</p>
<div class="body">${s.output.body}</div>
${
  s.output.legend.length
    ? html`<div class="legend"><b>${t.legend}</b><ol>${s.output.legend.map((l) => html`<li><sup>${l.mark}</sup><b>${l.label}</b> = ${l.formula}</li>`)}</ol></div>`
    : null
}
${foot(i + 2)}
</section>`,
  );

  return html`<!doctype html>
<html lang="${doc.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.name} · ${doc.brand.name} · ${period}</title>
${css(primary, accent)}
</head><body>
${cover}
${pages}
</body></html>`.html;
}
