import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';

/** What the report shows; gathered by the service, drawn here. */
export interface ReportData {
  generatedAt: Date;
  filters: string;
  companies: number;
  scoredCompanies: number;
  averagePd: number | null;
  medianPd: number | null;
  expectedLoss: { amount: number; exposure: number; companies: number; companiesWithoutInputs: number };
  bands: { band: string; companies: number }[];
  topRisks: { name: string; sector: string | null; pd: number; band: string; rating: string | null; period: string }[];
  model: { version: string; description: string | null; trainYears: string | null; validationYears: string | null; metrics: { label: string; auc: number | null; accuracyRatio: number | null; ks: number | null; brier: number | null }[] };
}

const BAND_COLOURS: Record<string, string> = { low: '#2e7d32', medium: '#f9a825', high: '#ef6c00', critical: '#c62828' };
const MARGIN = 50;

const percent = (v: number | null, digits = 2): string => (v === null ? '–' : `${(v * 100).toFixed(digits)} %`);
const amount = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
const metric = (v: number | null): string => (v === null ? '–' : v.toFixed(3));

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor('#000').text(text, MARGIN).moveDown(0.4).font('Helvetica').fontSize(10);
}

/** Horizontal bars, one per band, scaled to the largest count; drawn as vector shapes. */
function bandChart(doc: PDFKit.PDFDocument, bands: ReportData['bands']): void {
  const labelWidth = 70;
  const maxBar = doc.page.width - 2 * MARGIN - labelWidth - 60;
  const largest = Math.max(1, ...bands.map((b) => b.companies));
  let y = doc.y;
  for (const { band, companies } of bands) {
    const width = (companies / largest) * maxBar;
    doc.fillColor('#000').text(band, MARGIN, y + 3, { width: labelWidth });
    if (width > 0) doc.rect(MARGIN + labelWidth, y, width, 16).fill(BAND_COLOURS[band] ?? '#607d8b');
    doc.fillColor('#000').text(String(companies), MARGIN + labelWidth + width + 6, y + 3);
    y += 24;
  }
  doc.y = y;
  doc.x = MARGIN;
}

function table(doc: PDFKit.PDFDocument, headers: string[], widths: number[], rows: string[][]): void {
  const drawRow = (cells: string[], bold: boolean) => {
    if (doc.y > doc.page.height - MARGIN - 20) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    cells.forEach((cell, i) => {
      doc.text(cell, x, y, { width: (widths[i] ?? 60) - 4, lineBreak: false, ellipsis: true });
      x += widths[i] ?? 60;
    });
    doc.y = y + 14;
  };
  drawRow(headers, true);
  doc.moveTo(MARGIN, doc.y - 2).lineTo(MARGIN + widths.reduce((s, w) => s + w, 0), doc.y - 2).strokeColor('#999').stroke();
  for (const row of rows) drawRow(row, false);
  doc.x = MARGIN;
  doc.font('Helvetica').fontSize(10);
}

/** Draws the portfolio report into `out` and resolves when the PDF is fully written. */
export async function renderPortfolioReport(data: ReportData, out: Writable, options: { compress?: boolean } = {}): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, compress: options.compress ?? true, info: { Title: 'DefaultRate portfolio report', Creator: 'DefaultRate' } });
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
  doc.pipe(out);

  doc.font('Helvetica-Bold').fontSize(18).text('DefaultRate portfolio report');
  doc.font('Helvetica').fontSize(9).fillColor('#555').text(`Generated ${data.generatedAt.toISOString()} · ${data.filters}`).fillColor('#000');

  heading(doc, 'Summary');
  doc.text(`Companies: ${data.companies} (scored: ${data.scoredCompanies})`);
  doc.text(`Average PD: ${percent(data.averagePd)}   Median PD: ${percent(data.medianPd)}`);
  doc.text(
    `Expected loss: ${amount(data.expectedLoss.amount)} on exposure ${amount(data.expectedLoss.exposure)} ` +
      `(${data.expectedLoss.companies} companies with exposure and LGD; ${data.expectedLoss.companiesWithoutInputs} without)`,
  );

  heading(doc, 'Distribution by risk band');
  bandChart(doc, data.bands);

  heading(doc, 'Highest risks');
  if (data.topRisks.length === 0) doc.text('No scored companies.');
  else
    table(
      doc,
      ['Company', 'Sector', 'Period', 'PD', 'Band', 'Rating'],
      [170, 110, 60, 60, 55, 40],
      data.topRisks.map((r) => [r.name, r.sector ?? '', r.period, percent(r.pd), r.band, r.rating ?? '']),
    );

  heading(doc, 'Methodology');
  doc.text(
    `PDs are one-year probabilities of default from the DefaultRate model ${data.model.version}, an ensemble of gradient boosting, ` +
      'random forest and logistic regression on financial-statement ratios, calibrated on held-out years. ' +
      'Bands: low < 2 % ≤ medium < 5 % ≤ high < 15 % ≤ critical. Expected loss = exposure × LGD × PD, with the exposure and LGD supplied per company.',
  );
  if (data.model.trainYears || data.model.validationYears) doc.moveDown(0.3).text(`Training years: ${data.model.trainYears ?? '–'}; validation years: ${data.model.validationYears ?? '–'}.`);
  if (data.model.metrics.length) {
    doc.moveDown(0.5);
    table(
      doc,
      ['Validation', 'AUC', 'Accuracy ratio', 'KS', 'Brier'],
      [170, 70, 90, 70, 70],
      data.model.metrics.map((m) => [m.label, metric(m.auc), metric(m.accuracyRatio), metric(m.ks), m.brier === null ? '–' : m.brier.toFixed(5)]),
    );
  }
  doc.end();
  await finished;
}
