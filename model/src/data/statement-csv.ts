import { parseCsv, type CsvOptions } from './csv.ts';
import { matchHeaders, type StatementColumn } from './header.ts';
import type { StatementInput } from './statement.ts';

/** One data row of a statement CSV, with its physical line for error reports. */
export interface StatementCsvRow {
  line: number;
  input: StatementInput;
  /** True when the file uses `;` as delimiter, where amounts are read with a decimal comma. */
  isDecimalComma: boolean;
}

/** Result of {@link readStatementsCsv}. */
export interface StatementCsv {
  rows: StatementCsvRow[];
  /** Headers that matched no statement column (ignored). */
  unknownColumns: string[];
  /** The input header and the canonical column each header matched (for echoing columns back). */
  header: string[];
  columns: (StatementColumn | undefined)[];
}

/**
 * Reads statements from CSV text with forgiving headers (`Total Assets`, `total_assets`,
 * `totalAssets`, `X10`). Values stay as text; {@link normaliseStatement} parses and validates them,
 * so one bad cell is reported on its row instead of failing the file.
 */
export function readStatementsCsv(text: string, options: CsvOptions = {}): StatementCsv {
  const table = parseCsv(text, options);
  const match = matchHeaders(table.header);
  const isDecimalComma = table.delimiter === ';';
  const rows = table.records.map(({ line, fields }) => {
    const input: Record<string, string> = {};
    match.columns.forEach((column, i) => {
      if (column !== undefined && fields[i] !== undefined) input[column] = fields[i].trim();
    });
    return { line, input: input as unknown as StatementInput, isDecimalComma };
  });
  return { rows, unknownColumns: match.unknown, header: table.header, columns: match.columns };
}
