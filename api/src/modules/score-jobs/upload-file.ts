import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse as parseCsvStream } from 'csv-parse';
import ExcelJS from 'exceljs';
import { xlsxEstimatedDataRows } from './xlsx-dimension.ts';
import { UploadInvalid } from '../../lib/problem.ts';
import { mapUploadColumns, type ColumnMap } from './upload-columns.ts';

/**
 * Reading a stored bulk-scoring file: checks made once at upload (format, encoding, delimiter,
 * header) and the row stream the worker consumes. Files are always streamed from disk, so a
 * million-row upload costs memory for one chunk, not for the file.
 */

export const UPLOAD_FORMATS = ['csv', 'xlsx'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

/** Text encodings we read; anything that is not valid UTF-8 (or UTF-16) is read as Windows-1252. */
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** How to read a file, decided at upload and stored with the job so every reader agrees. */
export interface UploadLayout {
  format: UploadFormat;
  encoding?: TextEncoding;
  delimiter?: CsvDelimiter;
  /** Amounts use a decimal comma (`;`-delimited files, as the model's CSV reader assumes). */
  isDecimalComma: boolean;
  header: string[];
}

/** One data row; `rowNumber` is the row a spreadsheet shows (the header is row 1). */
export interface UploadRow {
  rowNumber: number;
  values: (string | number | null)[];
}

const SAMPLE_BYTES = 64 * 1024;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const invalid = (detail: string, extra: Record<string, unknown> = {}) => new UploadInvalid(detail, { errors: [{ pointer: '/body/file', detail }], ...extra });

/** The format a file name announces, or a problem naming what is accepted. */
export function formatOfFileName(fileName: string): UploadFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'xlsx') return extension;
  throw invalid(`"${fileName}" is not a .csv or .xlsx file. Save the spreadsheet as CSV (comma, semicolon, tab or pipe separated) or as an Excel .xlsx workbook.`);
}

async function readSample(path: string): Promise<Buffer> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** True when every byte sequence of `sample` is UTF-8 (a character cut at the sample's end is allowed). */
function isUtf8(sample: Buffer, isWholeFile: boolean): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= (isWholeFile ? 0 : 3); cut++) {
    try {
      decoder.decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      // A multi-byte character may straddle the end of the sample: try again without its first bytes.
    }
  }
  return false;
}

/**
 * The encoding of a text file: a byte-order mark decides; UTF-16 without one shows as NUL bytes in
 * every other position; otherwise UTF-8 if the bytes are valid UTF-8, else Windows-1252 (what Excel
 * writes for "CSV" on Western-European Windows). NUL bytes in any other pattern mean a binary file.
 */
export function detectEncoding(sample: Buffer, isWholeFile: boolean): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenNuls++;
    if (sample[2 * i + 1] === 0) oddNuls++;
  }
  if (pairs > 0 && oddNuls > pairs * 0.3 && evenNuls < pairs * 0.05) return 'utf-16le';
  if (pairs > 0 && evenNuls > pairs * 0.3 && oddNuls < pairs * 0.05) return 'utf-16be';
  if (evenNuls + oddNuls > 0) {
    throw invalid('The file is not text in an encoding we can detect (UTF-8, UTF-16 or Windows-1252): it contains binary data. Export it again as CSV UTF-8.');
  }
  return isUtf8(sample, isWholeFile) ? 'utf-8' : 'windows-1252';
}

/** Splits off the first record's text (up to the first line break outside quotes). */
function firstRecordOf(text: string): string {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) return text.slice(0, i);
  }
  return text;
}

/** The delimiter used most in the header line, outside quotes (comma when there is none). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (const ch of headerLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch as CsvDelimiter)) counts.set(ch as CsvDelimiter, (counts.get(ch as CsvDelimiter) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

/** A byte stream decoded to text, in chunks, so a character split between reads stays whole. */
function decodingStream(encoding: TextEncoding): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

function csvRows(path: string, layout: UploadLayout): AsyncIterable<{ record: string[]; info: { records: number; empty_lines: number } }> {
  const parser = parseCsvStream({
    delimiter: layout.delimiter ?? ',',
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // Amounts with a thousands separator stay in quotes in many exports; quotes are a CSV feature, not data.
    relax_quotes: true,
  });
  const source = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(decodingStream(layout.encoding ?? 'utf-8')).pipe(parser);
  return parser as AsyncIterable<{ record: string[]; info: { records: number; empty_lines: number } }>;
}

/** Plain value of an exceljs cell: formulas give their cached result, rich text its text. */
function cellValueOf(value: ExcelJS.CellValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const v = value as { result?: ExcelJS.CellValue; richText?: { text: string }[]; text?: string; error?: string };
  if ('result' in v) return cellValueOf(v.result as ExcelJS.CellValue);
  if (v.richText) return v.richText.map((r) => r.text).join('');
  if (typeof v.text === 'string') return v.text;
  if (v.error) return v.error;
  return null;
}

async function* xlsxRows(path: string): AsyncGenerator<UploadRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit' });
  // Only the first worksheet is read: a workbook's other sheets are notes, pivots or lookups.
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      const raw = row.values as ExcelJS.CellValue[];
      const values: (string | number | null)[] = [];
      for (let i = 1; i < raw.length; i++) values.push(cellValueOf(raw[i]));
      if (values.every((v) => v === null || v === '')) continue;
      yield { rowNumber: row.number, values };
    }
    return;
  }
}

/**
 * Every row of the file, header included, with its spreadsheet row number. Blank lines are skipped
 * but counted, so row numbers match what a spreadsheet program shows.
 */
export async function* readRows(path: string, layout: Pick<UploadLayout, 'format' | 'encoding' | 'delimiter'>): AsyncGenerator<UploadRow> {
  if (layout.format === 'xlsx') {
    yield* xlsxRows(path);
    return;
  }
  for await (const { record, info } of csvRows(path, layout as UploadLayout)) {
    yield { rowNumber: info.records + info.empty_lines, values: record };
  }
}

/** Data rows after the header, each at most once, skipping the first `skip` (a resumed job's done rows). */
export async function* readDataRows(path: string, layout: UploadLayout, skip = 0): AsyncGenerator<UploadRow> {
  let index = -1;
  for await (const row of readRows(path, layout)) {
    index++;
    if (index === 0 || index <= skip) continue;
    yield row;
  }
}

/** Counts line feeds: an upper bound of the data rows of a CSV, found at disk speed. */
async function countLines(path: string, encoding: TextEncoding): Promise<number> {
  let lines = 0;
  let last = -1;
  const lf = 0x0a;
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    if (encoding.startsWith('utf-16')) {
      for (let i = 0; i + 1 < chunk.length; i += 2) if ((encoding === 'utf-16le' ? chunk[i] : chunk[i + 1]) === 0x0a && (encoding === 'utf-16le' ? chunk[i + 1] : chunk[i]) === 0) lines++;
    } else {
      for (let i = chunk.indexOf(lf); i !== -1; i = chunk.indexOf(lf, i + 1)) lines++;
    }
    if (chunk.length > 0) last = chunk[chunk.length - 1];
  }
  return lines + (last === 0x0a || last === -1 ? 0 : 1);
}

/** What the upload checks found: how to read the file, and the data rows expected (null when unknown). */
export interface InspectedUpload {
  layout: UploadLayout;
  columns: ColumnMap;
  estimatedRows: number | null;
}

/**
 * Checks a stored upload before a job is created, so that a file we cannot read at all is refused
 * with every reason at once (422), not queued to fail later: the content must match the extension,
 * the text encoding must be detectable, the header must name known columns and the required ones,
 * and a CSV must not have more rows than allowed.
 */
export async function inspectUpload(path: string, fileName: string, options: { maxRows: number }): Promise<InspectedUpload> {
  const format = formatOfFileName(fileName);
  const sample = await readSample(path);
  const stat = await fs.promises.stat(path);
  if (sample.length === 0) throw invalid('The file is empty.');
  const isZip = sample.subarray(0, 4).equals(ZIP_MAGIC);
  if (format === 'xlsx' && !isZip) throw invalid(`"${fileName}" is named .xlsx but is not an Excel workbook. Save it again as an Excel workbook (.xlsx), or upload it as .csv.`);
  if (format === 'csv' && isZip) throw invalid(`"${fileName}" is named .csv but is a zip archive (probably an Excel workbook). Rename it to .xlsx or export it as CSV.`);

  let layout: UploadLayout;
  if (format === 'xlsx') {
    let header: string[] | undefined;
    try {
      for await (const row of readRows(path, { format })) {
        header = row.values.map((v) => (v === null ? '' : String(v)));
        break;
      }
    } catch {
      throw invalid(`"${fileName}" could not be read as an Excel workbook; it may be damaged or password-protected.`);
    }
    layout = { format, isDecimalComma: false, header: header ?? [] };
  } else {
    const encoding = detectEncoding(sample, stat.size <= sample.length);
    const text = new TextDecoder(encoding).decode(sample);
    const delimiter = detectDelimiter(firstRecordOf(text));
    let header: string[] = [];
    for await (const row of readRows(path, { format, encoding, delimiter })) {
      header = row.values.map((v) => String(v ?? ''));
      break;
    }
    layout = { format, encoding, delimiter, isDecimalComma: delimiter === ';', header };
  }
  if (layout.header.length === 0) throw invalid('The file has no header row. The first row must name the columns; download the template to see them.');

  const columns = mapUploadColumns(layout.header);
  if (columns.problems.length > 0) {
    throw new UploadInvalid(`The header row cannot be used: ${columns.problems.map((p) => p.detail).join('; ')}.`, {
      errors: columns.problems,
      unknownColumns: columns.unknownColumns,
    });
  }

  let estimatedRows: number | null = null;
  if (layout.format === 'csv' && layout.encoding) {
    estimatedRows = Math.max(0, (await countLines(path, layout.encoding)) - 1);
    // Line feeds over-count records with line breaks inside quotes; count exactly only when it matters.
    if (estimatedRows > options.maxRows) {
      let rows = 0;
      for await (const _row of readDataRows(path, layout)) if (++rows > options.maxRows) break;
      if (rows > options.maxRows) throw invalid(`The file has more than ${options.maxRows} data rows, the most one job accepts. Split it into several files.`);
      estimatedRows = rows;
    }
    if (estimatedRows === 0) throw invalid('The file has a header row but no data rows.');
  } else if (layout.format === 'xlsx') {
    // Only an estimate for progress: a workbook is not refused on it (formatted blank rows count).
    estimatedRows = await xlsxEstimatedDataRows(path);
  }
  return { layout, columns, estimatedRows };
}
