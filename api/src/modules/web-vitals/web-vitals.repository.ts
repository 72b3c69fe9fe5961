import type { Knex } from 'knex';

export interface NewWebVitalRow {
  tenantId: string | null;
  organizationId: string | null;
  page: string;
  metricName: string;
  value: number;
  rating: string;
  navigationType: string | null;
  userAgent: string | null;
}

/** Appends measurements (RLS admits only rows of the caller's own tenant and organization). */
export async function insertWebVitals(trx: Knex.Transaction, rows: NewWebVitalRow[]): Promise<void> {
  await trx('web_vitals').insert(rows);
}
