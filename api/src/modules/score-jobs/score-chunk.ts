import { EXTRA_ITEMS, STATEMENT_ITEMS, parseAmount, type AmountField, type DefaultModel, type StatementInput } from '@defaultrate/model';
import { checkStatement, companyKeyOf, periodEndOf } from '../portfolio/statement-rules.ts';
import type { StatementHistory } from './statement-history.ts';
import type { ColumnMap, UploadColumn } from './upload-columns.ts';
import type { UploadRow } from './upload-file.ts';

/**
 * Turns one chunk of file rows into what a bulk job writes: the companies and statements to upsert,
 * one prediction per good row, and the problems of each bad row. Pure (no I/O), so the rules are
 * the same whether a job runs once or resumes after a crash.
 */

const AMOUNT_FIELDS: readonly AmountField[] = [...STATEMENT_ITEMS, ...EXTRA_ITEMS];

export interface ChunkCompany {
  companyKey: string;
  name: string;
  externalRef: string | null;
  sector: string | null;
  country: string | null;
}

export interface ChunkStatement {
  companyKey: string;
  fiscalYear: number;
  fiscalQuarter: number | null;
  periodEnd: string;
  unit: string;
  amounts: Partial<Record<AmountField, number>>;
}

export interface ChunkPrediction {
  /** The row number in the file; with the job id, the idempotency key of the write. */
  jobRow: number;
  companyKey: string;
  fiscalYear: number;
  fiscalQuarter: number | null;
  periodEnd: string;
  pd: number;
  pdLow: number;
  pdHigh: number;
  band: string;
  rating: string;
  modelVersion: string;
}

export interface ChunkRowError {
  rowNumber: number;
  column: string | null;
  reason: string;
}

export interface ScoredChunk {
  companies: ChunkCompany[];
  statements: ChunkStatement[];
  predictions: ChunkPrediction[];
  errors: ChunkRowError[];
  succeededRows: number;
  failedRows: number;
}

interface ParsedRow {
  rowNumber: number;
  company: ChunkCompany | null;
  input: StatementInput;
  amounts: Partial<Record<AmountField, number>>;
}

function textOf(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

function parseRow(row: UploadRow, columns: readonly (UploadColumn | undefined)[], isDecimalComma: boolean): ParsedRow {
  const cells: Partial<Record<UploadColumn, string | number>> = {};
  columns.forEach((column, i) => {
    const value = row.values[i];
    if (column !== undefined && value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '')) cells[column] = typeof value === 'string' ? value.trim() : value;
  });
  const name = textOf(cells.company);
  const externalRef = textOf(cells.externalRef);
  const company = name || externalRef ? { companyKey: companyKeyOf(name || externalRef, externalRef || null), name: name || externalRef, externalRef: externalRef || null, sector: textOf(cells.sector) || null, country: textOf(cells.country) || null } : null;
  const input: Record<string, unknown> = { company: company?.companyKey ?? '', fiscalYear: cells.fiscalYear };
  if (cells.fiscalQuarter !== undefined) input.fiscalQuarter = cells.fiscalQuarter;
  if (cells.unit !== undefined) input.unit = textOf(cells.unit).toLowerCase();
  const amounts: Partial<Record<AmountField, number>> = {};
  for (const field of AMOUNT_FIELDS) {
    const raw = cells[field];
    if (raw === undefined) continue;
    const parsed = parseAmount(raw, isDecimalComma);
    if (parsed === 'invalid') {
      // Left as text so the statement rules report it as "not a number" on this row.
      input[field] = raw;
    } else if (!Number.isNaN(parsed)) {
      input[field] = parsed;
      amounts[field] = parsed;
    }
  }
  return { rowNumber: row.rowNumber, company, input: input as StatementInput, amounts };
}

/**
 * Scores a chunk. `history` holds the good statements of earlier chunks (previous years and
 * quarters, for year-over-year features and TTM); this chunk's good statements are added to it.
 */
export function scoreChunk(
  model: DefaultModel,
  rows: readonly UploadRow[],
  columnMap: Pick<ColumnMap, 'columns' | 'headerOf'>,
  options: { isDecimalComma: boolean; history?: StatementHistory; today?: Date },
): ScoredChunk {
  const columnName = (field: string): string | null => (field === '' ? null : (columnMap.headerOf[field as UploadColumn] ?? field));
  const errors: ChunkRowError[] = [];
  const failed = new Set<number>();
  const addErrors = (rowNumber: number, fieldErrors: { field: string; reason: string }[]): void => {
    // One entry per row and column: several problems with the same cell are joined.
    const byColumn = new Map<string | null, string[]>();
    for (const e of fieldErrors) {
      const column = columnName(e.field);
      byColumn.set(column, [...(byColumn.get(column) ?? []), e.reason]);
    }
    for (const [column, reasons] of byColumn) errors.push({ rowNumber, column, reason: reasons.join('; ') });
    failed.add(rowNumber);
  };

  const candidates: ParsedRow[] = [];
  for (const row of rows) {
    const parsed = parseRow(row, columnMap.columns, options.isDecimalComma);
    const rowErrors = parsed.company ? [] : [{ field: columnMap.headerOf.company ? 'company' : 'externalRef', reason: 'required: a company name or an external reference' }];
    rowErrors.push(...checkStatement(parsed.input, options.today));
    if (rowErrors.length > 0) addErrors(parsed.rowNumber, rowErrors);
    else candidates.push(parsed);
  }

  // The model looks context up by company only: only this chunk's companies' history matters.
  const chunkCompanies = new Set(candidates.map((c) => c.input.company).filter((c): c is string => typeof c === 'string'));
  const results = model.score(
    candidates.map((c) => c.input),
    { previous: options.history?.contextFor(chunkCompanies) },
  );
  const companies = new Map<string, ChunkCompany>();
  const statements = new Map<string, ChunkStatement>();
  const predictions: ChunkPrediction[] = [];
  results.forEach((result, i) => {
    const row = candidates[i];
    if (!result.ok) {
      addErrors(row.rowNumber, result.errors);
      return;
    }
    const company = row.company as ChunkCompany;
    const fiscalQuarter = result.fiscalQuarter ?? null;
    const periodEnd = periodEndOf(result.fiscalYear, fiscalQuarter);
    // Within a file the later row wins for the company's details and for the statement of a
    // period; every row still gets its own prediction.
    const earlier = companies.get(company.companyKey);
    companies.set(company.companyKey, { ...company, sector: company.sector ?? earlier?.sector ?? null, country: company.country ?? earlier?.country ?? null });
    statements.set(`${company.companyKey}\u0000${result.fiscalYear}\u0000${fiscalQuarter ?? 0}`, {
      companyKey: company.companyKey,
      fiscalYear: result.fiscalYear,
      fiscalQuarter,
      periodEnd,
      unit: row.input.unit ?? 'millions',
      amounts: row.amounts,
    });
    predictions.push({
      jobRow: row.rowNumber,
      companyKey: company.companyKey,
      fiscalYear: result.fiscalYear,
      fiscalQuarter,
      periodEnd,
      pd: result.pd,
      pdLow: result.pdLow,
      pdHigh: result.pdHigh,
      band: result.band,
      rating: result.rating,
      modelVersion: result.modelVersion,
    });
  });
  // Every row that passed the checks is context for later ones, also those refused only for lack of
  // context (the first quarters of a company, which later quarters' TTM needs).
  options.history?.add(candidates.map((c) => c.input));
  return {
    companies: [...companies.values()].sort((a, b) => (a.companyKey < b.companyKey ? -1 : a.companyKey > b.companyKey ? 1 : 0)),
    statements: [...statements.values()],
    predictions,
    errors,
    succeededRows: predictions.length,
    failedRows: failed.size,
  };
}
