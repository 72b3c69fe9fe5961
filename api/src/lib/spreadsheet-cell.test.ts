import { describe, expect, it } from 'vitest';
import { csvLine, escapeCellText, safeCellValue } from './spreadsheet-cell.ts';

describe('spreadsheet cell escaping', () => {
  it('neutralises text that a spreadsheet would run as a formula', () => {
    for (const text of ['=HYPERLINK("http://x")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(escapeCellText(text)).toBe(`'${text}`);
    }
    expect(escapeCellText('Acme = good')).toBe('Acme = good');
  });

  it('keeps numbers as numbers, including negative ones', () => {
    expect(safeCellValue(-0.25)).toBe(-0.25);
    expect(safeCellValue('-0.25')).toBe("'-0.25");
    expect(safeCellValue(null)).toBeNull();
  });

  it('quotes CSV fields after escaping', () => {
    expect(csvLine(['=cmd|"/c calc"!A1', 'a,b', 3])).toBe(`"'=cmd|""/c calc""!A1","a,b",3\r\n`);
  });
});
