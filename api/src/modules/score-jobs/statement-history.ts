import type { StatementInput } from '@defaultrate/model';

/**
 * The latest good statements of the companies a bulk job has seen, handed to the model as context
 * for later rows: a quarterly row is scored on trailing twelve months, so it needs the company's
 * three previous quarters, and growth features need the previous year — wherever in the file (in
 * any earlier chunk) they were. Bounded, because a file may hold a million companies: at most
 * `statementsPerCompany` per company (the most recent rows of the file), and at most `maxCompanies`
 * companies, dropping the one seen longest ago first (files usually list a company's periods
 * together, so the companies still needed are the recent ones).
 */
export class StatementHistory {
  readonly #byCompany = new Map<string, StatementInput[]>();

  constructor(
    private readonly maxCompanies = 20_000,
    // Eight quarters: a TTM row needs three before it, its year-over-year change the four before those.
    private readonly statementsPerCompany = 8,
  ) {}

  /** The remembered statements of these companies (the model looks context up by company only). */
  contextFor(companies: Iterable<string>): StatementInput[] {
    const context: StatementInput[] = [];
    for (const company of companies) {
      const statements = this.#byCompany.get(company);
      if (statements) context.push(...statements);
    }
    return context;
  }

  /** Remembers scored statements, in file order. */
  add(statements: Iterable<StatementInput>): void {
    for (const statement of statements) {
      const company = statement.company;
      if (typeof company !== 'string') continue;
      const kept = this.#byCompany.get(company) ?? [];
      // Re-inserting moves the company to the end of the map's order: the most recently seen.
      this.#byCompany.delete(company);
      kept.push(statement);
      if (kept.length > this.statementsPerCompany) kept.splice(0, kept.length - this.statementsPerCompany);
      this.#byCompany.set(company, kept);
    }
    for (const oldest of this.#byCompany.keys()) {
      if (this.#byCompany.size <= this.maxCompanies) break;
      this.#byCompany.delete(oldest);
    }
  }

  get companyCount(): number {
    return this.#byCompany.size;
  }
}
