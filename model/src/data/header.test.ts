import { describe, expect, it } from 'vitest';
import { matchHeaders, normaliseHeader } from './header.ts';

describe('normaliseHeader', () => {
  it('treats snake_case, Title Case and camelCase spellings as one column', () => {
    for (const h of ['total_assets', 'Total Assets', 'totalAssets', 'TOTAL-ASSETS', ' total assets ', 'X10']) {
      expect(normaliseHeader(h)).toBe('totalAssets');
    }
    expect(normaliseHeader('Depreciation & Amortization')).toBe('depreciationAndAmortization');
    expect(normaliseHeader('company_name')).toBe('company');
    expect(normaliseHeader('year')).toBe('fiscalYear');
    expect(normaliseHeader('status_label')).toBeUndefined();
  });

  it('reports unknown and duplicated columns and keeps the first duplicate', () => {
    const match = matchHeaders(['Total Assets', 'foo', 'total_assets', 'Net Income']);
    expect(match.columns).toEqual(['totalAssets', undefined, undefined, 'netIncome']);
    expect(match.unknown).toEqual(['foo']);
    expect(match.duplicates).toEqual(['totalAssets']);
  });
});
