import { describe, expect, it } from 'vitest';
import { StatementHistory } from './statement-history.ts';

const statement = (company: string, fiscalYear: number, fiscalQuarter?: number) => ({ company, fiscalYear, fiscalQuarter, totalAssets: 1 });

describe('StatementHistory', () => {
  it('keeps the latest statements of each company, up to the bound, for the companies asked about', () => {
    const history = new StatementHistory(10, 3);
    history.add([statement('A', 2023, 1), statement('B', 2023), statement('A', 2023, 2), statement('A', 2023, 3), statement('A', 2023, 4)]);
    expect(history.contextFor(['A']).map((s) => s.fiscalQuarter)).toEqual([2, 3, 4]);
    expect(history.contextFor(['B', 'C'])).toEqual([statement('B', 2023)]);
  });

  it('forgets the company seen longest ago when it holds too many', () => {
    const history = new StatementHistory(2, 8);
    history.add([statement('A', 2022), statement('B', 2022), statement('A', 2023), statement('C', 2022)]);
    expect(history.companyCount).toBe(2);
    // B was seen last before A's second row and C: it goes first.
    expect(history.contextFor(['A', 'B', 'C']).map((s) => `${s.company}${s.fiscalYear}`)).toEqual(['A2022', 'A2023', 'C2022']);
  });
});
