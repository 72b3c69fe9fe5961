import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture, loginAs, type TenantFixture } from '../../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { upload } from './score-job-helpers.ts';

let t: TestApp;
let f: TenantFixture;
let token: string;
let uploadDir: string;

beforeAll(async () => {
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-upload-checks-'));
  t = await createTestApp({ UPLOAD_DIR: uploadDir, UPLOAD_MAX_BYTES: '16384', UPLOAD_MAX_ROWS: '3' });
  f = await createTenantFixture(t);
  token = (await loginAs(t, f.users.orgMember)).accessToken;
});

afterAll(async () => {
  await f?.cleanup();
  await t?.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const GOOD = 'company,fiscalYear,totalAssets,totalLiabilities\nAcme,2023,100,50\n';

async function jobsOfTenant(): Promise<{ total_rows: number | null; options: { layout: { encoding: string; delimiter: string } } }[]> {
  return t.owner('score_jobs').where({ organization_id: f.org.id }).orderBy('created_at', 'desc');
}

describe('POST /v1/score-jobs upfront checks', () => {
  it('lists every unknown column and every missing required column in one 422', async () => {
    const res = await upload(t, token, 'cols.csv', 'Name,Shoe Size,Favourite Colour,Net Sales\nAcme,42,blue,10\n');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/upload-invalid', unknownColumns: ['Shoe Size', 'Favourite Colour'] });
    expect(res.body.detail).toMatch(/unknown columns: Shoe Size, Favourite Colour/);
    expect(res.body.detail).toMatch(/missing required columns: fiscalYear, totalAssets/);
  });

  it('matches synonyms and spellings of headers (Total Assets, FY, Company Name, LEI)', async () => {
    const res = await upload(t, token, 'synonyms.csv', 'Company Name,LEI,FY,Total Assets,total_liabilities,X6\nAcme,L-1,2023,100,50,3\n');
    expect(res.status, res.text).toBe(202);
  });

  it('detects semicolon, tab and pipe delimiters, and reads decimal commas in semicolon files', async () => {
    for (const [delimiter, name] of [[';', 'semi'], ['\t', 'tab'], ['|', 'pipe']] as const) {
      const amount = delimiter === ';' ? '1.234,5' : '1234.5';
      const res = await upload(t, token, `${name}.csv`, `company${delimiter}fiscalYear${delimiter}totalAssets\nAcme${delimiter}2023${delimiter}${amount}\n`);
      expect(res.status, `${name}: ${res.text}`).toBe(202);
      const [job] = await jobsOfTenant();
      expect(job.options.layout.delimiter).toBe(delimiter);
    }
  });

  it('reads UTF-16 (with a byte-order mark) and UTF-8 with a BOM, and falls back to Windows-1252 for other 8-bit text', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]);
    expect((await upload(t, token, 'utf16.csv', utf16)).status).toBe(202);
    expect((await jobsOfTenant())[0].options.layout.encoding).toBe('utf-16le');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD, 'utf8')]);
    expect((await upload(t, token, 'bom.csv', bom)).status).toBe(202);
    expect((await jobsOfTenant())[0].options.layout.encoding).toBe('utf-8');
    const latin1 = Buffer.from('company,fiscalYear,totalAssets\nSoci\xe9t\xe9 G\xe9n\xe9rale,2023,100\n', 'latin1');
    expect((await upload(t, token, 'latin1.csv', latin1)).status).toBe(202);
    expect((await jobsOfTenant())[0].options.layout.encoding).toBe('windows-1252');
  });

  it('refuses binary content it cannot read as text, naming the encodings it understands', async () => {
    const binary = Buffer.from([0x63, 0x6f, 0x00, 0x6d, 0x01, 0x00, 0x00, 0x9f, 0x00, 0x10, 0x0a, 0x33, 0x00, 0x00, 0x41]);
    const res = await upload(t, token, 'binary.csv', binary);
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/UTF-8, UTF-16 or Windows-1252/);
  });

  it('refuses other extensions and content that does not match the extension', async () => {
    const txt = await upload(t, token, 'data.txt', GOOD);
    expect(txt.status).toBe(422);
    expect(txt.body.detail).toMatch(/not a \.csv or \.xlsx/);
    const fakeXlsx = await upload(t, token, 'fake.xlsx', GOOD);
    expect(fakeXlsx.status).toBe(422);
    expect(fakeXlsx.body.detail).toMatch(/not an Excel workbook/);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('S').addRow(['company', 'fiscalYear', 'totalAssets']);
    const zipAsCsv = await upload(t, token, 'book.csv', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(zipAsCsv.status).toBe(422);
    expect(zipAsCsv.body.detail).toMatch(/zip archive/);
  });

  it('refuses more data rows than UPLOAD_MAX_ROWS before queueing anything', async () => {
    const before = (await jobsOfTenant()).length;
    const res = await upload(t, token, 'many.csv', 'company,fiscalYear,totalAssets\nA,2023,1\nB,2023,1\nC,2023,1\nD,2023,1\n');
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/more than 3 data rows/);
    expect((await jobsOfTenant()).length).toBe(before);
  });

  it('answers 413 for a file above UPLOAD_MAX_BYTES and leaves nothing in the upload folder', async () => {
    const big = 'company,fiscalYear,totalAssets\n' + 'A,2023,1\n'.repeat(3000);
    const res = await upload(t, token, 'big.csv', big);
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
    await new Promise((r) => setTimeout(r, 100));
    const left = fs.readdirSync(uploadDir).filter((name) => !/^[0-9a-f-]{36}\.(csv|xlsx)$/.test(name));
    expect(left).toEqual([]);
  });

  it('asks for the file when the multipart body has none, and refuses anonymous uploads before storing them', async () => {
    const none = await t.http.post('/v1/score-jobs').set('Authorization', `Bearer ${token}`).field('scope', 'organization');
    expect(none.status).toBe(400);
    const anonymous = await t.http.post('/v1/score-jobs').attach('file', Buffer.from(GOOD), 'anon.csv');
    expect(anonymous.status).toBe(401);
  });

  it('refuses a scope the caller may not write to', async () => {
    const res = await upload(t, token, 'global.csv', GOOD, { scope: 'global' });
    expect(res.status).toBe(403);
  });
});

describe('GET /v1/score-jobs/template.csv and template.xlsx', () => {
  it('offers the header row and an example row that upload as a valid file', async () => {
    const csv = await t.http.get('/v1/score-jobs/template.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment/);
    const [header, example] = csv.text.trim().split('\r\n');
    expect(header.split(',').slice(0, 8)).toEqual(['company', 'externalRef', 'sector', 'country', 'fiscalYear', 'fiscalQuarter', 'unit', 'currentAssets']);
    expect(example).toMatch(/^Example Manufacturing Ltd,/);
    expect((await upload(t, token, 'template.csv', csv.text)).status).toBe(202);

    const xlsx = await t.http.get('/v1/score-jobs/template.xlsx').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    expect(book.worksheets[0].getRow(1).getCell(1).value).toBe('company');
    expect((await upload(t, token, 'template.xlsx', xlsx.body as Buffer)).status).toBe(202);
  });
});
