import { headerKey, normaliseHeader, type StatementColumn } from '@defaultrate/model';

/**
 * The columns of a bulk-scoring file: the model's statement columns (with the model's synonyms, so
 * `Total Assets`, `total_assets` and `X10` all work) plus the caller's own company identifier.
 */
export type UploadColumn = StatementColumn | 'externalRef';

/** Header keys (see `headerKey`) that name the caller's company identifier. */
const EXTERNAL_REF_KEYS = new Set(['externalref', 'externalreference', 'externalid', 'ref', 'reference', 'lei', 'ticker', 'isin']);

/** The canonical column a header names, or undefined. */
export function uploadColumnOf(header: string): UploadColumn | undefined {
  return EXTERNAL_REF_KEYS.has(headerKey(header)) ? 'externalRef' : normaliseHeader(header);
}

/** How a header row maps onto columns; `problems` is empty when the file can be scored. */
export interface ColumnMap {
  /** For each position of the file, its column (every position has one when problems is empty). */
  columns: (UploadColumn | undefined)[];
  /** Header text as written in the file, per canonical column, for error reports. */
  headerOf: Partial<Record<UploadColumn, string>>;
  problems: { pointer: string; detail: string }[];
  unknownColumns: string[];
}

/**
 * Reads the header row and names every problem at once: unknown columns (listed, so the caller can
 * rename them), a column given twice, and the required ones missing (a company name or external
 * reference, the fiscal year, and total assets, which every ratio is scaled by).
 */
export function mapUploadColumns(header: readonly string[]): ColumnMap {
  const columns: (UploadColumn | undefined)[] = [];
  const headerOf: Partial<Record<UploadColumn, string>> = {};
  const unknownColumns: string[] = [];
  const duplicates: string[] = [];
  header.forEach((raw) => {
    const text = raw.trim();
    // Spreadsheets often leave trailing empty header cells; an empty column with no name is harmless.
    if (text === '') {
      columns.push(undefined);
      return;
    }
    const column = uploadColumnOf(text);
    if (column === undefined) {
      unknownColumns.push(text);
      columns.push(undefined);
    } else if (headerOf[column] !== undefined) {
      duplicates.push(`${text} (same as ${headerOf[column]})`);
      columns.push(undefined);
    } else {
      headerOf[column] = text;
      columns.push(column);
    }
  });
  const problems: { pointer: string; detail: string }[] = [];
  if (unknownColumns.length > 0) {
    problems.push({ pointer: '/body/file', detail: `unknown columns: ${unknownColumns.join(', ')} (download the template for the accepted names)` });
  }
  if (duplicates.length > 0) problems.push({ pointer: '/body/file', detail: `columns given twice: ${duplicates.join(', ')}` });
  const missing: string[] = [];
  if (headerOf.company === undefined && headerOf.externalRef === undefined) missing.push('company or externalRef');
  if (headerOf.fiscalYear === undefined) missing.push('fiscalYear');
  if (headerOf.totalAssets === undefined) missing.push('totalAssets');
  if (missing.length > 0) problems.push({ pointer: '/body/file', detail: `missing required columns: ${missing.join(', ')}` });
  return { columns, headerOf, problems, unknownColumns };
}
