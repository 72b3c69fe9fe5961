import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TenantFixture } from '../../../factories/tenant-fixture.ts';
import { denied, collection, type ProbeSet, type ScopeData, type SeedContext } from '../probe-kit.ts';

/**
 * Bulk-scoring probes. Tenant B's organization and tenant A's other organization each get a
 * finished job (so event streams end at once for the callers entitled to them) with its file on
 * disk and one row error.
 */

const HEADER = ['company', 'fiscalYear', 'totalAssets'];

async function seedJob(ctx: SeedContext, f: TenantFixture, orgKey: 'org' | 'otherOrg', label: string): Promise<ScopeData> {
  const id = randomUUID();
  const fileName = `probe-${label}-${f.tag}.csv`;
  const company = `Probe job company ${label} ${f.tag}`;
  const storagePath = path.join(os.tmpdir(), `dr-probe-${id}.csv`);
  fs.writeFileSync(storagePath, `${HEADER.join(',')}\n${company},2023,100\nBad ${company},2023,-1\n`);
  const org = f[orgKey];
  const createdBy = orgKey === 'org' ? f.users.orgMember.id : f.users.otherOrgMember.id;
  await ctx.t.owner('score_jobs').insert({
    id,
    scope: 'organization',
    tenant_id: f.tenant.id,
    organization_id: org.id,
    status: 'completed_with_errors',
    file_name: fileName,
    file_format: 'csv',
    file_size: 80,
    storage_path: storagePath,
    total_rows: 2,
    processed_rows: 2,
    succeeded_rows: 0,
    failed_rows: 1,
    options: JSON.stringify({ layout: { format: 'csv', encoding: 'utf-8', delimiter: ',', isDecimalComma: false, header: HEADER }, columns: HEADER, headerOf: { company: 'company', fiscalYear: 'fiscalYear', totalAssets: 'totalAssets' } }),
    created_by: createdBy,
    started_at: new Date(),
    finished_at: new Date(),
  });
  await ctx.t.owner('score_job_errors').insert({ score_job_id: id, scope: 'organization', tenant_id: f.tenant.id, organization_id: org.id, row_number: 3, column: 'totalAssets', reason: `probe reason ${label} ${f.tag}` });
  return { ids: { scoreJobId: id }, markers: [id, fileName, company, `probe reason ${label} ${f.tag}`] };
}

const both = <T>(make: (scope: 'foreignTenant' | 'foreignOrg') => T): T[] => [make('foreignTenant'), make('foreignOrg')];

export const probeSet: ProbeSet = {
  async seed(ctx) {
    return {
      foreignTenant: await seedJob(ctx, ctx.b, 'org', 'b-org'),
      foreignOrg: await seedJob(ctx, ctx.a, 'otherOrg', 'a-other-org'),
    };
  },
  probes: {
    // The body names no tenant or organization (scope is relative to the caller), and a probe cannot
    // attach a file: it must be refused as a request before any job exists, and leak nothing.
    createScoreJob: [{ label: 'no file', scope: 'none', expect: [400, 401, 415] }],
    listScoreJobs: [collection('no filter', () => ({ limit: '200' })), collection('?status=completed_with_errors', () => ({ status: 'completed_with_errors', limit: '200' }))],
    getScoreJobTemplateCsv: [{ label: 'public', scope: 'none', expect: [200] }],
    getScoreJobTemplateXlsx: [{ label: 'public', scope: 'none', expect: [200] }],
    getScoreJob: both((s) => denied(s)),
    cancelScoreJob: both((s) => denied(s)),
    streamScoreJobEvents: both((s) => denied(s)),
    listScoreJobErrors: both((s) => denied(s)),
    getScoreJobResults: both((s) => denied(s)),
  },
};
