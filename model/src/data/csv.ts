/** A delimiter the CSV reader understands. */
export type CsvDelimiter = ',' | ';';

/** Options for {@link parseCsv}. */
export interface CsvOptions {
  /** Field delimiter; detected from the header line when omitted. */
  delimiter?: CsvDelimiter;
}

/** A parsed CSV document: the header and the data records, all as raw text. */
export interface CsvTable {
  delimiter: CsvDelimiter;
  header: string[];
  /** Data records; `line` is the 1-based physical line the record starts on (header = line 1). */
  records: { line: number; fields: string[] }[];
}

/**
 * Parses RFC 4180 CSV text: quoted fields with `""` escapes and embedded line breaks, CRLF or LF,
 * an optional UTF-8 BOM, and `,` or `;` as delimiter. Blank lines are skipped.
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = options.delimiter ?? detectDelimiter(source);
  if (delimiter !== ',' && delimiter !== ';') {
    throw new RangeError(`delimiter must be ',' or ';', got ${JSON.stringify(delimiter)}`);
  }
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let isFieldQuoted = false;
  const endRecord = (): void => {
    fields.push(field);
    // A blank physical line yields one empty unquoted field; it is not a record.
    if (!(fields.length === 1 && fields[0] === '' && !isFieldQuoted)) rows.push({ line: recordLine, fields });
    fields = [];
    field = '';
    isFieldQuoted = false;
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (inQuotes) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
      isFieldQuoted = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      isFieldQuoted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
  }
  if (field !== '' || fields.length > 0 || isFieldQuoted) endRecord();
  const [head, ...records] = rows;
  return { delimiter, header: head ? head.fields.map((h) => h.trim()) : [], records };
}

/** Picks `;` when the first line has more semicolons than commas outside quotes, else `,`. */
export function detectDelimiter(text: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && ch === ',') commas++;
    else if (!inQuotes && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** Quotes a value for CSV output when it contains the delimiter, a quote or a line break. */
export function formatCsvField(value: string | number | undefined | null, delimiter: CsvDelimiter = ','): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}
