import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxEstimatedDataRows } from './xlsx-dimension.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-xlsx-dimension-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function workbookFile(name: string, sheets: (string | number)[][][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  sheets.forEach((rows, i) => {
    const sheet = workbook.addWorksheet(`Sheet ${i + 1}`);
    for (const row of rows) sheet.addRow(row);
  });
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

describe('xlsxEstimatedDataRows', () => {
  it("reads the first worksheet's dimension: data rows below the header, whatever the later sheets hold", async () => {
    const rows = [['Company', 'Fiscal Year'], ...Array.from({ length: 20_000 }, (_, i) => [`Company ${i}`, 2023])];
    expect(await xlsxEstimatedDataRows(await workbookFile('big.xlsx', [rows, [['notes'], ['a'], ['b']]]))).toBe(20_000);
    expect(await xlsxEstimatedDataRows(await workbookFile('small.xlsx', [[['Company'], ['One'], ['Two'], ['Three']]]))).toBe(3);
  });

  it("is null for a sheet without a dimension element (ExcelJS's streaming writer leaves it out)", async () => {
    const file = path.join(dir, 'streamed.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const sheet = writer.addWorksheet('Data');
    sheet.addRow(['Company', 'Fiscal Year']).commit();
    for (let i = 0; i < 500; i++) sheet.addRow([`Company ${i}`, 2023]).commit();
    sheet.commit();
    await writer.commit();
    expect(await xlsxEstimatedDataRows(file)).toBeNull();
  });

  it('is null for a header alone, a damaged file and a zip without worksheets', async () => {
    expect(await xlsxEstimatedDataRows(await workbookFile('header.xlsx', [[['Company', 'Fiscal Year']]]))).toBeNull();
    const damaged = path.join(dir, 'damaged.xlsx');
    fs.writeFileSync(damaged, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]));
    expect(await xlsxEstimatedDataRows(damaged)).toBeNull();
    // A real workbook cut in half: its central directory (at the end) is gone.
    const whole = fs.readFileSync(await workbookFile('whole.xlsx', [[['Company'], ['One']]]));
    const cut = path.join(dir, 'cut.xlsx');
    fs.writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    expect(await xlsxEstimatedDataRows(cut)).toBeNull();
  });
});
