import { describe, expect, it } from 'vitest';
import { detectDelimiter, formatCsvField, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with escaped quotes, embedded delimiters and line breaks', () => {
    const table = parseCsv('name,note\n"Acme, Inc.","said ""hi""\nthen left"\nBeta,plain\n');
    expect(table.header).toEqual(['name', 'note']);
    expect(table.records.map((r) => r.fields)).toEqual([
      ['Acme, Inc.', 'said "hi"\nthen left'],
      ['Beta', 'plain'],
    ]);
    expect(table.records[1].line).toBe(4);
  });

  it('drops a UTF-8 BOM, accepts CRLF and skips blank lines', () => {
    const table = parseCsv('\uFEFFa,b\r\n1,2\r\n\r\n3,4');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.records.map((r) => r.fields)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('detects semicolon-delimited files', () => {
    expect(detectDelimiter('a;b;"c,d"\n1;2;3')).toBe(';');
    expect(parseCsv('a;b\n1,5;2').records[0].fields).toEqual(['1,5', '2']);
  });

  it('quotes output fields only when needed', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('say "x"')).toBe('"say ""x"""');
    expect(formatCsvField(Number.NaN)).toBe('');
  });
});
