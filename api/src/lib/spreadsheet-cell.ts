/**
 * Spreadsheet formula injection: a cell whose text starts with = + - @ (or a tab or carriage return,
 * which some spreadsheet programs skip before reading a formula) is run as a formula when the export
 * is opened. Every text cell of a CSV or XLSX export goes through `escapeCellText`, which prefixes
 * such text with an apostrophe, the convention spreadsheets show as literal text. Numbers are written
 * as numbers and are never escaped, so a negative PD change stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCellText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A value ready for a CSV or XLSX cell: text escaped, numbers and empties as they are. */
export function safeCellValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return value.toISOString();
  return escapeCellText(String(value));
}

/** One CSV field (RFC 4180 quoting) of an already escaped value. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line from raw values: each escaped against formulas, then quoted. */
export function csvLine(values: readonly unknown[]): string {
  return values.map((v) => csvField(safeCellValue(v))).join(',') + '\r\n';
}
