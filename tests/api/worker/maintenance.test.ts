import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../../api/src/worker.ts';
import { createQueue, QUEUE_NAMES, type MaintenancePayload } from '../../../api/src/jobs/queues.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTenantFixture, type TenantFixture } from '../../factories/tenant-fixture.ts';

let t: TestApp;
let f: TenantFixture;
let worker: RunningWorker;

beforeAll(async () => {
  t = await createTestApp();
  f = await createTenantFixture(t);
  worker = await startWorker(t.container);
});
afterAll(async () => {
  await worker?.close();
  await f?.cleanup();
  await t?.close();
});

describe('maintenance queue', () => {
  it('purges refresh-token families that expired long ago and keeps live ones', async () => {
    const day = 24 * 3600 * 1000;
    const [stale] = await t.owner('refresh_token_families')
      .insert({ user_id: f.users.orgMember.id, tenant_id: f.tenant.id, current_token_hash: `stale-${f.tag}`, expires_at: new Date(Date.now() - 3 * day) })
      .returning('id');
    const [live] = await t.owner('refresh_token_families')
      .insert({ user_id: f.users.orgMember.id, tenant_id: f.tenant.id, current_token_hash: `live-${f.tag}`, expires_at: new Date(Date.now() + day) })
      .returning('id');

    const queue = createQueue<MaintenancePayload>(t.config, QUEUE_NAMES.maintenance);
    try {
      const job = await queue.add({ task: 'purge_expired_sessions' });
      const result = await job.finished();
      expect(result.purged).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.close();
    }
    const remaining = await t.owner('refresh_token_families').whereIn('id', [stale.id, live.id]).pluck('id');
    expect(remaining).toEqual([live.id]);
  });
});
