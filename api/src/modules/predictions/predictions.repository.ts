import type { Knex } from 'knex';
import type { Drivers } from '@defaultrate/model';
import type { ScopeColumns } from '../portfolio/data-scope.ts';

/** A predictions row; the *Key/*Text columns are exact text forms for keysets and DATEs. */
export interface PredictionRow extends ScopeColumns {
  id: string;
  companyId: string;
  statementId: string | null;
  scoreJobId: string | null;
  fiscalYear: number;
  fiscalQuarter: number | null;
  periodEndText: string;
  pd: number;
  pdLow: number;
  pdHigh: number;
  band: string;
  rating: string;
  drivers: Drivers | null;
  modelVersion: string;
  scoredBy: string | null;
  createdAt: Date;
  /** created_at at full (microsecond) precision, for the keyset. */
  createdAtKey: string;
}

function selectPredictions(trx: Knex.Transaction) {
  return trx('predictions').select(
    'predictions.*',
    trx.raw('predictions.period_end::text AS period_end_text'),
    trx.raw('predictions.created_at::text AS created_at_key'),
  );
}

/** Where the previous page ended: created_at (text) and id. */
export type TimeKeyset = [createdAt: string, id: string];

/** A company's predictions, newest first, one keyset page. */
export async function listPredictions(trx: Knex.Transaction, companyId: string, after: TimeKeyset | null, limit: number): Promise<PredictionRow[]> {
  const query = selectPredictions(trx).where('companyId', companyId).orderByRaw('created_at DESC, id DESC').limit(limit);
  if (after) query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', after);
  return (await query) as PredictionRow[];
}

export async function findPrediction(trx: Knex.Transaction, predictionId: string): Promise<PredictionRow | undefined> {
  return (await selectPredictions(trx).where('predictions.id', predictionId).first()) as PredictionRow | undefined;
}

/** The newest prediction of each fiscal period of a company, ordered by period (the trigger's order). */
export async function listTrend(trx: Knex.Transaction, companyId: string): Promise<PredictionRow[]> {
  const newestPerPeriod = trx('predictions')
    .select(
      trx.raw('DISTINCT ON (predictions.fiscal_year, coalesce(predictions.fiscal_quarter, 0)) predictions.*'),
      trx.raw('predictions.period_end::text AS period_end_text'),
      trx.raw('predictions.created_at::text AS created_at_key'),
    )
    .where('companyId', companyId)
    .orderByRaw('fiscal_year, coalesce(fiscal_quarter, 0), created_at DESC, id DESC');
  return (await newestPerPeriod) as PredictionRow[];
}

export interface NewPrediction extends ScopeColumns {
  companyId: string;
  statementId: string | null;
  fiscalYear: number;
  fiscalQuarter: number | null;
  periodEnd: string;
  pd: number;
  pdLow: number;
  pdHigh: number;
  band: string;
  rating: string;
  drivers: Drivers | null;
  modelVersion: string;
  scoredBy: string;
}

/** Inserts one prediction; the table's trigger updates the company's latest_* and raises alerts. */
export async function insertPrediction(trx: Knex.Transaction, input: NewPrediction): Promise<string> {
  const [row] = await trx('predictions')
    .insert({ ...input, drivers: input.drivers === null ? null : JSON.stringify(input.drivers) })
    .returning('id');
  return (row as { id: string }).id;
}
