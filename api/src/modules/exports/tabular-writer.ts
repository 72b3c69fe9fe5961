import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine, safeCellValue } from '../../lib/spreadsheet-cell.ts';

/** The two spreadsheet formats of the exports. */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A column of an export: its header and how to read it from a row. */
export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
  /** Excel number format for numeric columns. */
  numFmt?: string;
}

/** Writes rows as they arrive; every text cell goes through the formula-injection escaping. */
export interface TabularWriter<T> {
  writeRows(rows: T[]): Promise<void>;
  end(): Promise<void>;
}

async function write(out: Writable, chunk: string): Promise<void> {
  // Honour backpressure: a slow client must slow the database reads, not fill our memory.
  if (!out.write(chunk)) await once(out, 'drain');
}

function csvWriter<T>(out: Writable, columns: Column<T>[]): TabularWriter<T> {
  // The byte-order mark makes spreadsheet programs read the file as UTF-8.
  let header: Promise<void> | null = write(out, '\uFEFF' + csvLine(columns.map((c) => c.header)));
  return {
    async writeRows(rows) {
      await header;
      header = null;
      await write(out, rows.map((row) => csvLine(columns.map((c) => c.value(row)))).join(''));
    },
    async end() {
      await header;
      out.end();
    },
  };
}

function xlsxWriter<T>(out: Writable, columns: Column<T>[], sheetName: string): TabularWriter<T> {
  // Streaming writer: each committed row is zipped and written out; only the current row is held.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.header, width: Math.max(12, c.header.length + 2), style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    async writeRows(rows) {
      for (const row of rows) sheet.addRow(columns.map((c) => safeCellValue(c.value(row)))).commit();
      // Let the zip stream flush between batches.
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

export function tabularWriter<T>(format: ExportFormat, out: Writable, columns: Column<T>[], sheetName: string): TabularWriter<T> {
  return format === 'xlsx' ? xlsxWriter(out, columns, sheetName) : csvWriter(out, columns);
}
