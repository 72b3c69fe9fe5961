import type { components } from '../../../openapi/generated/schema.d.ts';
import type { TestApp } from '../../helpers/test-app.ts';

export type ScoreJob = components['schemas']['ScoreJob'];

/** Uploads a file as the multipart field `file` (plus `scope` when given). */
export function upload(t: TestApp, token: string, fileName: string, content: string | Buffer, fields: Record<string, string> = {}) {
  let request = t.http.post('/v1/score-jobs').set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
  return request.attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), fileName);
}

const FINAL = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

/** Polls the job until `until` holds (default: a final status). */
export async function waitForJob(t: TestApp, token: string, id: string, until: (job: ScoreJob) => boolean = (j) => FINAL.includes(j.status), timeoutMs = 30_000): Promise<ScoreJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http.get(`/v1/score-jobs/${id}`).set('Authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`GET job answered ${res.status}: ${res.text}`);
    if (until(res.body as ScoreJob)) return res.body as ScoreJob;
    if (Date.now() > deadline) throw new Error(`job ${id} did not reach the expected state in time: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
