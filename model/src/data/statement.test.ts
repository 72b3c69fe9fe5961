import { describe, expect, it } from 'vitest';
import { normaliseStatement, parseAmount } from './statement.ts';
import { readStatementsCsv } from './statement-csv.ts';

describe('normaliseStatement', () => {
  it('converts thousands and units to millions and keeps missing amounts as NaN', () => {
    const k = normaliseStatement({ fiscalYear: 2020, unit: 'thousands', totalAssets: 5000, netIncome: -250 });
    expect(k.ok && k.statement.amounts.totalAssets).toBe(5);
    expect(k.ok && k.statement.amounts.netIncome).toBe(-0.25);
    expect(k.ok && Number.isNaN(k.statement.amounts.ebit)).toBe(true);
    const u = normaliseStatement({ fiscalYear: 2020, unit: 'units', totalAssets: 3_000_000 });
    expect(u.ok && u.statement.amounts.totalAssets).toBe(3);
  });

  it('reports every bad field of a row instead of throwing', () => {
    const r = normaliseStatement({ fiscalYear: 20.5, unit: 'billions' as never, totalAssets: -1, netIncome: 'abc', fiscalQuarter: 7 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.field).sort()).toEqual(['fiscalQuarter', 'fiscalYear', 'netIncome', 'totalAssets', 'unit']);
  });

  it('requires total assets', () => {
    const r = normaliseStatement({ fiscalYear: 2020, netIncome: 5 });
    expect(!r.ok && r.errors).toEqual([{ field: 'totalAssets', reason: expect.stringContaining('required') }]);
  });
});

describe('parseAmount', () => {
  it('reads separators, accounting negatives, decimal commas and missing markers', () => {
    expect(parseAmount('1,234.5')).toBe(1234.5);
    expect(parseAmount('(12)')).toBe(-12);
    expect(parseAmount('1.234,5', true)).toBe(1234.5);
    expect(parseAmount('n/a')).toBeNaN();
    expect(parseAmount('')).toBeNaN();
    expect(parseAmount('12abc')).toBe('invalid');
    expect(parseAmount(Number.POSITIVE_INFINITY)).toBe('invalid');
  });
});

describe('readStatementsCsv', () => {
  it('maps forgiving headers and keeps values as text for per-row validation', () => {
    const csv = readStatementsCsv('Company;Fiscal Year;Total Assets;net_income;Extra\nA;2020;1.000,5;-3,25;x\n');
    expect(csv.unknownColumns).toEqual(['Extra']);
    expect(csv.rows[0].input).toMatchObject({ company: 'A', fiscalYear: '2020', totalAssets: '1.000,5', netIncome: '-3,25' });
    expect(csv.rows[0].isDecimalComma).toBe(true);
    const n = normaliseStatement(csv.rows[0].input, { decimalComma: true });
    expect(n.ok && n.statement.amounts.totalAssets).toBe(1000.5);
  });
});
