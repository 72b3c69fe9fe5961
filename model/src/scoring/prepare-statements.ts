import { normaliseStatement, type FieldError, type Statement, type StatementInput } from '../data/statement.ts';
import { QuarterIndex, trailingTwelveMonths } from '../data/trailing-twelve-months.ts';
import { PreviousYearIndex } from '../features/feature-matrix.ts';

/** Per input row: the position of its prepared statement, or why it cannot be scored. */
export type PreparedOutcome = { ok: true; index: number } | { ok: false; errors: FieldError[] };

/** Statements ready for the feature builder, each paired with its previous year when known. */
export interface PreparedBatch {
  outcomes: PreparedOutcome[];
  statements: Statement[];
  previous: (Statement | undefined)[];
}

/** Options of {@link prepareStatements}. */
export interface PrepareOptions {
  /** Extra statements used only as context: previous years and earlier quarters. Invalid ones are ignored. */
  previous?: readonly StatementInput[];
  /** Per input row, read textual amounts with a decimal comma (`;`-delimited CSV). */
  decimalComma?: readonly boolean[];
}

/**
 * Validates every row, turns quarterly rows into trailing twelve months, and links each row to
 * the same company's previous fiscal year found in the batch or in `previous`. A bad row yields
 * its errors and never stops the others.
 */
export function prepareStatements(inputs: readonly StatementInput[], options: PrepareOptions = {}): PreparedBatch {
  const normalised = inputs.map((input, i) => normaliseStatement(input, { decimalComma: options.decimalComma?.[i] }));
  const context: Statement[] = [];
  for (const input of options.previous ?? []) {
    const n = normaliseStatement(input);
    if (n.ok) context.push(n.statement);
  }
  const valid = normalised.flatMap((n) => (n.ok ? [n.statement] : []));
  const quarters = new QuarterIndex([...valid, ...context]);
  const annualise = (s: Statement): ReturnType<typeof trailingTwelveMonths> => trailingTwelveMonths(s, quarters);
  const contextAnnualised = context.flatMap((s) => {
    const t = annualise(s);
    return t.ok ? [t.statement] : [];
  });
  const outcomes: PreparedOutcome[] = [];
  const statements: Statement[] = [];
  for (const n of normalised) {
    if (!n.ok) {
      outcomes.push({ ok: false, errors: n.errors });
      continue;
    }
    const t = annualise(n.statement);
    if (!t.ok) {
      outcomes.push({ ok: false, errors: [t.error] });
      continue;
    }
    outcomes.push({ ok: true, index: statements.length });
    statements.push(t.statement);
  }
  const years = new PreviousYearIndex([...statements, ...contextAnnualised]);
  return { outcomes, statements, previous: statements.map((s) => years.previousOf(s)) };
}
