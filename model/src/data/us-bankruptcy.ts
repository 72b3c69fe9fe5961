import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './csv.ts';
import { STATEMENT_ITEMS, statementOf, type StatementItem, type Statement } from './statement.ts';

/** The repository root (`/work/main`), from this file's location. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** File name of the training part of the US bankruptcy data. */
export const US_BANKRUPTCY_FILE = 'us-bankruptcy/train_1999_2014.csv';

/**
 * The data directory: `DEFAULTRATE_DATA_DIR` when set, else `../shared/data`; a relative path is
 * resolved against the repository root, so the `shared` folder beside the repo is found from any cwd.
 */
export function resolveDataDir(envValue: string | undefined = process.env.DEFAULTRATE_DATA_DIR): string {
  const dir = envValue && envValue.trim() !== '' ? envValue : '../shared/data';
  return isAbsolute(dir) ? dir : resolve(REPO_ROOT, dir);
}

/** A firm-year of the US data with its label. */
export interface LabelledStatement {
  statement: Statement;
  /** `bankrupt_next_year`: 1 for the last row of a company that filed for bankruptcy. */
  label: 0 | 1;
}

/** The loaded data set with a fingerprint for the artifact's training metadata. */
export interface UsBankruptcyData {
  rows: LabelledStatement[];
  path: string;
  sha256: string;
}

/**
 * Loads `train_1999_2014.csv`. The target is `bankrupt_next_year`; `status_label` is a
 * company-level flag (every year of a company that ever failed) and is deliberately not read.
 */
export function loadUsBankruptcy(dataDir: string = resolveDataDir()): UsBankruptcyData {
  const path = resolve(dataDir, US_BANKRUPTCY_FILE);
  const text = readFileSync(path, 'utf8');
  const table = parseCsv(text, { delimiter: ',' });
  const col = (name: string): number => {
    const i = table.header.indexOf(name);
    if (i < 0) throw new RangeError(`column ${name} is missing from ${path}`);
    return i;
  };
  const companyCol = col('company_name');
  const yearCol = col('year');
  const labelCol = col('bankrupt_next_year');
  const itemCols = STATEMENT_ITEMS.map((_, i) => col(`X${i + 1}`));
  const rows: LabelledStatement[] = table.records.map(({ fields, line }) => {
    const amounts: Partial<Record<StatementItem, number>> = {};
    STATEMENT_ITEMS.forEach((item, i) => {
      const text = fields[itemCols[i]];
      amounts[item] = text === undefined || text === '' ? Number.NaN : Number(text);
    });
    const label = fields[labelCol];
    if (label !== '0' && label !== '1') throw new RangeError(`bankrupt_next_year must be 0 or 1 on line ${line}, got ${JSON.stringify(label)}`);
    return { statement: statementOf(fields[companyCol], Number(fields[yearCol]), amounts), label: label === '1' ? 1 : 0 };
  });
  return { rows, path, sha256: createHash('sha256').update(text).digest('hex') };
}
