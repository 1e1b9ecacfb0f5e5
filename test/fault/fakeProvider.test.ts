import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProvider, type FaultProvider } from './fakeProvider/index.ts';
import { KEYS } from './harness/weftProcess.ts';

/**
 * The fault provider itself, over loopback HTTP: both protocols' shapes, its books, and a few of its
 * faults — so a failure of the fault suite can be trusted to be Weft's.
 */

let fake: FaultProvider;
afterEach(() => fake.close());

const rc = { authorization: `Bearer ${KEYS.runcomfy}`, 'content-type': 'application/json' };
const rh = { authorization: `Bearer ${KEYS.runninghub}`, 'content-type': 'application/json' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the fault provider', () => {
  it('speaks RunComfy: submit, status, result with cost, the file; and counts one paid job for the node', async () => {
    fake = await startFaultProvider({ keys: KEYS, durations: { image: 50 } });
    const submitted = (await (await fetch(`${fake.url}/v1/models/blackforestlabs/flux-2-klein/4b/text-to-image`, { method: 'POST', headers: rc, body: JSON.stringify({ prompt: 'a [n:img]' }) })).json()) as Record<string, string>;
    expect(submitted).toMatchObject({ status: 'in_queue', status_url: `${fake.url}/v1/requests/${submitted.request_id}/status` });
    await sleep(80);
    const status = (await (await fetch(`${fake.url}/v1/requests/${submitted.request_id}/status`, { headers: rc })).json()) as Record<string, unknown>;
    expect(status.status).toBe('completed');
    const result = (await (await fetch(`${fake.url}/v1/requests/${submitted.request_id}/result?include_cost=true`, { headers: rc })).json()) as { output: { image: string }; cost: number };
    expect(result.cost).toBeGreaterThan(0);
    const file = Buffer.from(await (await fetch(result.output.image)).arrayBuffer());
    const job = fake.ledger.jobsFor({ tag: 'img' });
    expect(job).toHaveLength(1);
    expect(createHash('sha256').update(file).digest('hex')).toBe(job[0]!.file.sha256);
    expect(fake.ledger.submits[0]).toMatchObject({ tag: 'img', answer: 'delivered', jobId: submitted.request_id });
  });

  it('speaks RunningHub: a 19-digit task id as a string, query, refused keys; /__fault/stats shows the books', async () => {
    fake = await startFaultProvider({ keys: KEYS, durations: { video: 50 } });
    const text = await (await fetch(`${fake.url}/openapi/v2/rhart-video-v3.1-pro-official/reference-to-video`, { method: 'POST', headers: rh, body: JSON.stringify({ prompt: 'b [n:veo]', imageUrls: [] }) })).text();
    expect(text).toMatch(/"taskId":"\d{19}"/);
    const { taskId } = JSON.parse(text) as { taskId: string };
    await sleep(80);
    const done = (await (await fetch(`${fake.url}/openapi/v2/query`, { method: 'POST', headers: rh, body: JSON.stringify({ taskId }) })).json()) as { status: string; results: { url: string; outputType: string }[] };
    expect(done).toMatchObject({ status: 'SUCCESS', results: [{ outputType: 'mp4' }] });
    const refused = (await (await fetch(`${fake.url}/openapi/v2/query`, { method: 'POST', headers: { ...rh, authorization: 'Bearer nope' }, body: JSON.stringify({ taskId }) })).json()) as { errorCode: string };
    expect(refused.errorCode).toBe('802');
    const stats = (await (await fetch(`${fake.url}/__fault/stats`)).json()) as { paidByNode: Record<string, number> };
    expect(stats.paidByNode).toEqual({ veo: 1 });
  });

  it('answers the nth call with its fault, holds jobs until released, and counts jobs running at once', async () => {
    fake = await startFaultProvider({ keys: KEYS, durations: { image: 50 } });
    fake.script.add({ call: 'status', nth: 2, fault: { type: 'numericStatus' } });
    fake.holdNewJobs(true);
    const submit = (n: number) => fetch(`${fake.url}/v1/models/x/text-to-image`, { method: 'POST', headers: rc, body: JSON.stringify({ prompt: `p${n} [n:n${n}]` }) }).then((r) => r.json() as Promise<{ request_id: string }>);
    const [a] = await Promise.all([submit(1), submit(2), submit(3)]);
    const poll = () => fetch(`${fake.url}/v1/requests/${a.request_id}/status`, { headers: rc }).then((r) => r.text());
    await sleep(80);
    expect(JSON.parse(await poll())).toMatchObject({ status: 'in_progress' });
    expect(await poll()).toBe('{"status":3}');
    fake.release();
    await sleep(80);
    expect(JSON.parse(await poll())).toMatchObject({ status: 'completed' });
    expect(fake.ledger.maxRunning.runcomfy).toBe(3);
  });

  it('a dropped submit still creates (charges) the job, and the books say the answer never left', async () => {
    fake = await startFaultProvider({ keys: KEYS });
    fake.script.add({ call: 'submit', fault: { type: 'drop' } });
    await expect(fetch(`${fake.url}/v1/models/x/text-to-image`, { method: 'POST', headers: rc, body: JSON.stringify({ prompt: 'q [n:lost]' }) })).rejects.toThrow();
    expect(fake.ledger.jobsFor({ tag: 'lost' })).toHaveLength(1);
    expect(fake.ledger.submits[0]).toMatchObject({ answer: 'fault', fault: 'drop' });
  });
});
