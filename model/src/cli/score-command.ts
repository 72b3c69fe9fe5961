import { readFileSync, writeFileSync } from 'node:fs';
import { formatCsvField } from '../data/csv.ts';
import { DEFAULT_ARTIFACT_PATH, loadDefaultModel } from '../data/model-artifact.ts';
import { readStatementsCsv } from '../data/statement-csv.ts';

const OUTPUT_COLUMNS = ['company', 'fiscalYear', 'fiscalQuarter', 'pd', 'band', 'rating', 'pdLow', 'pdHigh', 'error'] as const;

/**
 * `npm run model -- score --in statements.csv --out scores.csv`: scores every row it can and
 * writes the reason in `error` for the rows it cannot, keeping input order.
 */
export function runScore(flags: Map<string, string>, log: (line: string) => void): void {
  const inPath = flags.get('in');
  const outPath = flags.get('out');
  if (!inPath || !outPath) throw new RangeError('score needs --in <statements.csv> and --out <scores.csv>');
  const model = loadDefaultModel(flags.get('artifact') ?? DEFAULT_ARTIFACT_PATH);
  const csv = readStatementsCsv(readFileSync(inPath, 'utf8'));
  if (csv.unknownColumns.length > 0) log(`ignored columns: ${csv.unknownColumns.join(', ')}`);
  const inputs = csv.rows.map((r) => r.input);
  const results = model.score(inputs, { decimalComma: csv.rows.map((r) => r.isDecimalComma) });
  const lines = [OUTPUT_COLUMNS.join(',')];
  let failed = 0;
  results.forEach((r, i) => {
    const input = inputs[i] as unknown as Record<string, string | undefined>;
    const echo = [input.company, input.fiscalYear, input.fiscalQuarter];
    const cells = r.ok
      ? [...echo, r.pd.toPrecision(6), r.band, r.rating, r.pdLow.toPrecision(6), r.pdHigh.toPrecision(6), '']
      : [...echo, '', '', '', '', '', `line ${csv.rows[i].line}: ${r.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`];
    if (!r.ok) failed++;
    lines.push(cells.map((c) => formatCsvField(c)).join(','));
  });
  writeFileSync(outPath, `${lines.join('\n')}\n`);
  log(`scored ${results.length - failed} of ${results.length} rows with ${model.version}; ${failed} rows have an error; wrote ${outPath}`);
}
