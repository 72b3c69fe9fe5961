import { describe, expect, it } from 'vitest';
import { checkStatement, companyKeyOf, periodEndOf } from './statement-rules.ts';

const today = new Date('2026-11-24T00:00:00Z');
const valid = { fiscalYear: 2024, totalAssets: 100, totalLiabilities: 60, currentAssets: 40, netIncome: -3 };

describe('statement rules', () => {
  it('accepts a plausible statement, negative income included', () => {
    expect(checkStatement(valid, today)).toEqual([]);
  });

  it('names each implausible field', () => {
    const errors = checkStatement({ ...valid, totalAssets: -5 }, today);
    expect(errors.map((e) => e.field)).toContain('totalAssets');
    expect(checkStatement({ ...valid, currentAssets: -1 }, today)).toEqual([{ field: 'currentAssets', reason: expect.stringMatching(/negative/) }]);
    expect(checkStatement({ ...valid, totalLiabilities: 100_001 }, today)).toEqual([{ field: 'totalLiabilities', reason: expect.stringMatching(/100 times total assets/) }]);
    expect(checkStatement({ fiscalYear: 2024, unit: 'units', totalAssets: 5e12, totalLiabilities: 1e12 }, today)).toEqual([]);
    expect(checkStatement({ ...valid, netIncome: -2e7 }, today).map((e) => e.field)).toEqual(['netIncome']);
    expect(checkStatement({ ...valid, totalAssets: 2e7, totalLiabilities: 10 }, today).map((e) => e.field)).toEqual(['totalAssets']);
  });

  it('refuses periods that have not ended, by year and by quarter', () => {
    expect(checkStatement({ ...valid, fiscalYear: 2026 }, today)).toEqual([{ field: 'fiscalYear', reason: expect.stringMatching(/2026-12-31 has not ended/) }]);
    expect(checkStatement({ ...valid, fiscalYear: 2026, fiscalQuarter: 3 }, today)).toEqual([]);
    expect(checkStatement({ ...valid, fiscalYear: 2026, fiscalQuarter: 4 }, today).map((e) => e.field)).toEqual(['fiscalQuarter']);
  });

  it('computes period ends and company keys', () => {
    expect(periodEndOf(2024)).toBe('2024-12-31');
    expect(periodEndOf(2024, 1)).toBe('2024-03-31');
    expect(periodEndOf(2024, 2)).toBe('2024-06-30');
    expect(companyKeyOf('  Acme   Corp ')).toBe('name:acme corp');
    expect(companyKeyOf('Acme', ' LEI-1 ')).toBe('ref:lei-1');
  });
});
