import type { DataScope } from '../portfolio/data-scope.ts';

/**
 * Narrows the companies a caller sees (row-level security decides that) for analytics and exports.
 * A filter naming data the caller cannot see simply matches nothing.
 */
export interface PortfolioFilter {
  scope?: DataScope;
  organizationId?: string;
  /** Compared case-insensitively. */
  sector?: string;
  /** Companies whose latest prediction is for this fiscal year. */
  fiscalYear?: number;
}

/** The filter as a SQL condition on `companies` (aliased `alias`), with its bindings. */
export function companyCondition(filter: PortfolioFilter, alias = 'companies'): { sql: string; bindings: (string | number)[] } {
  const parts: string[] = ['TRUE'];
  const bindings: (string | number)[] = [];
  if (filter.scope) {
    parts.push(`${alias}.scope = ?`);
    bindings.push(filter.scope);
  }
  if (filter.organizationId) {
    parts.push(`${alias}.organization_id = ?::uuid`);
    bindings.push(filter.organizationId);
  }
  if (filter.sector) {
    parts.push(`lower(${alias}.sector) = lower(?)`);
    bindings.push(filter.sector);
  }
  if (filter.fiscalYear !== undefined) {
    parts.push(`${alias}.latest_fiscal_year = ?`);
    bindings.push(filter.fiscalYear);
  }
  return { sql: parts.join(' AND '), bindings };
}
