import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import type { UserActor } from '../access/roles.ts';
import * as repo from './web-vitals.repository.ts';

/** One measurement as the web-vitals library reports it (schema of POST /v1/web-vitals). */
export interface WebVitalInput {
  name: 'LCP' | 'CLS' | 'INP' | 'FCP' | 'TTFB';
  value: number;
  rating: 'good' | 'needs-improvement' | 'poor';
  navigationType?: string;
}

export interface WebVitalsReport {
  page: string;
  metrics: WebVitalInput[];
}

/** Longest user agent kept: enough to tell browsers apart, not a place to store arbitrary text. */
const USER_AGENT_MAX = 400;

/**
 * Stores a page's web vitals under the caller's tenant and organization (none for super admins and
 * individuals). Anyone authenticated may report, including a read-only embed token: it writes only
 * telemetry about its own page, never business data, and cannot read any of it back.
 */
export async function recordWebVitals(db: Knex, actor: UserActor, report: WebVitalsReport, userAgent: string | undefined): Promise<void> {
  const rows = report.metrics.map((metric) => ({
    tenantId: actor.tenantId,
    organizationId: actor.orgId,
    page: report.page,
    metricName: metric.name,
    value: metric.value,
    rating: metric.rating,
    navigationType: metric.navigationType ?? null,
    userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null,
  }));
  await withTenant(db, actor, (trx) => repo.insertWebVitals(trx, rows));
}
