import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider, ProviderErrorInfo } from '../../src/core/providers/types.ts';
import { createRunComfy } from '../../src/providers/runcomfy.ts';
import { createRunningHub } from '../../src/providers/runninghub.ts';
import { failure as expectFailure } from './contractSupport.ts';
import { startFake, type FakeServer } from './fakeServer.ts';

/**
 * What each answer means, row by row, over real HTTP on loopback (RELIABILITY promise 15): a status or
 * result answer that is not the provider's own format is a retry-safe transport error, never a verdict;
 * only the provider's own "not found" in its own format is `not_found`; and every submit answer is
 * either a job, surely "not started", or "may have started".
 */

const KEY = 'sk-answers-9c1e5a7b3d2f4e6a';
const RC_JOB = 'req-7f3a';
const RH_JOB = '1904152026220003329';

/** A scripted answer: status, body (string as is, anything else as JSON), content type. */
interface Reply {
  status: number;
  body?: unknown;
  type?: string;
  headers?: Record<string, string>;
}

const HTML_404 = '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>';
const HTML_502 = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';
const html = (status: number, body = status === 404 ? HTML_404 : HTML_502): Reply => ({ status, body, type: 'text/html' });
const json = (status: number, body: unknown): Reply => ({ status, body, type: 'application/json' });

let server: FakeServer;
let reply: Reply = json(200, {});

beforeAll(async () => {
  server = await startFake((_req, res: ServerResponse) => {
    res.writeHead(reply.status, { 'Content-Type': reply.type ?? 'application/json', ...reply.headers });
    res.end(typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
});
afterAll(() => server.close());

const runComfy = (): Provider => createRunComfy({ baseUrl: server.url, apiKey: KEY });
const runningHub = (): Provider => createRunningHub({ baseUrl: server.url, apiKey: KEY });

async function failureOf(answer: Reply, call: () => Promise<unknown>): Promise<ProviderErrorInfo> {
  reply = answer;
  return expectFailure(call(), KEY);
}

const TRANSPORT = { class: 'transient', retrySafe: true };

describe('RunComfy status, result and cancel answers', () => {
  const rows: [string, Reply][] = [
    ['an HTML page with HTTP 200', html(200)],
    ['a bare 404 HTML page from a proxy', html(404)],
    ['a 404 with JSON that is not RunComfy’s error format', json(404, { detail: 'Not Found' })],
    ['a 502 HTML page', html(502)],
    ['a 401 HTML page from a proxy', html(401, '<html>Unauthorized</html>')],
    ['{"status":""}', json(200, { request_id: RC_JOB, status: '' })],
    ['{"status":3}', json(200, { request_id: RC_JOB, status: 3 })],
    ['a blank request id', json(200, { request_id: '', status: 'completed' })],
    ['no request id', json(200, { status: 'completed' })],
    ['another job’s request id', json(200, { request_id: 'req-someone-else', status: 'completed' })],
    ['a 200 that is not JSON', { status: 200, body: 'OK', type: 'text/plain' }],
    ['an empty 200', { status: 200, body: '' }],
    ['a JSON array', json(200, [])],
    ['JSON null', json(200, null)],
    ['a code that names no job (400001 bad model id)', json(400, { error_code: 400001, error_message: 'bad model id' })],
    ['an undocumented code in a 200', json(200, { error_code: 777777, error_message: 'odd' })],
  ];
  for (const [what, answer] of rows) {
    it(`${what}: a transport error on status, result and cancel`, async () => {
      const rc = runComfy();
      expect(await failureOf(answer, () => rc.status(RC_JOB))).toMatchObject({ call: 'status', ...TRANSPORT });
      expect(await failureOf(answer, () => rc.result(RC_JOB))).toMatchObject({ call: 'result', ...TRANSPORT });
      if (answer.status < 400) expect(await failureOf(answer, () => rc.cancel(RC_JOB))).toMatchObject({ call: 'cancel', ...TRANSPORT });
    });
  }

  it('only RunComfy’s own 404001, in its JSON, says the job is gone (HTTP 404 or 200)', async () => {
    const rc = runComfy();
    const gone = json(404, { error_code: 404001, error_message: 'Request not found or expired' });
    expect(await failureOf(gone, () => rc.status(RC_JOB))).toMatchObject({ class: 'not_found', code: '404001', retrySafe: false });
    expect(await failureOf(json(200, { error_code: '404001', error_message: 'expired' }), () => rc.result(RC_JOB))).toMatchObject({ class: 'not_found', code: '404001' });
    reply = gone;
    expect(await rc.cancel(RC_JOB)).toEqual({ jobId: RC_JOB, outcome: 'not_found' });
  });

  it('an answer in its format is a state: a documented status, an unknown one (running), a queue position', async () => {
    const rc = runComfy();
    reply = json(200, { request_id: RC_JOB, status: 'in_queue', queue_position: 2 });
    expect(await rc.status(RC_JOB)).toMatchObject({ state: 'queued', queuePosition: 2 });
    reply = json(200, { request_id: RC_JOB, status: 'warming_up', queue_position: 'soon' });
    expect(await rc.status(RC_JOB)).toMatchObject({ state: 'running', unrecognisedStatus: true });
    reply = json(403, { error_code: 403001, error_message: 'belongs to another user' });
    expect(await failureOf(reply, () => rc.status(RC_JOB))).toMatchObject({ class: 'auth', retrySafe: false });
  });
});

describe('RunningHub query answers', () => {
  const rows: [string, Reply][] = [
    ['an HTML page with HTTP 200', html(200)],
    ['a bare 404 HTML page from a proxy', html(404)],
    ['a 502 HTML page', html(502)],
    ['{"status":""}', json(200, { taskId: RH_JOB, status: '' })],
    ['{"status":3}', json(200, { taskId: RH_JOB, status: 3 })],
    ['a blank task id', json(200, { taskId: '', status: 'SUCCESS', errorCode: '', results: [] })],
    ['no task id', json(200, { status: 'SUCCESS', errorCode: '' })],
    ['another task’s id', json(200, { taskId: '1111111111111111111', status: 'SUCCESS', errorCode: '', results: [] })],
    ['an empty object', json(200, {})],
    ['a JSON array', json(200, [])],
    ['a 200 that is not JSON', { status: 200, body: 'maintenance', type: 'text/plain' }],
    ['an empty 200', { status: 200, body: '' }],
    ['results that are not a list', json(200, { taskId: RH_JOB, status: 'SUCCESS', errorCode: '', results: 'soon' })],
    ['{"code":500,"msg":"unknown error"}', json(200, { code: 500, msg: 'unknown error' })],
    ['errorCode 500 without a status', json(200, { taskId: RH_JOB, status: '', errorCode: '500', errorMessage: 'unknown error' })],
    ['a code that names no task (380 workflow missing)', json(200, { taskId: '', status: '', errorCode: '380', errorMessage: 'workflow missing' })],
    ['an envelope with code 0 and no task', json(200, { code: 0, msg: 'success', data: null })],
  ];
  for (const [what, answer] of rows) {
    it(`${what}: a transport error on status and result`, async () => {
      const rh = runningHub();
      expect(await failureOf(answer, () => rh.status(RH_JOB))).toMatchObject({ call: 'status', ...TRANSPORT });
      expect(await failureOf(answer, () => rh.result(RH_JOB))).toMatchObject({ call: 'result', ...TRANSPORT });
    });
  }

  for (const [what, answer] of [
    ['errorCode 1004 in a task object', json(200, { taskId: RH_JOB, status: '', errorCode: '1004', errorMessage: 'Task not found or expired' })],
    ['code 807 in a v1 envelope', json(200, { code: 807, msg: 'task not found', data: null })],
    ['code 423 in a v1 envelope', json(200, { code: '423', msg: 'task not found', data: null })],
  ] as [string, Reply][]) {
    it(`${what}: RunningHub’s own "not found"`, async () => {
      expect(await failureOf(answer, () => runningHub().status(RH_JOB))).toMatchObject({ class: 'not_found', retrySafe: false });
    });
  }

  it('an answer in its format is a state; a non-empty error code with a status is a failed task', async () => {
    const rh = runningHub();
    reply = json(200, { taskId: RH_JOB, status: 'RUNNING', errorCode: '', results: null });
    expect(await rh.status(RH_JOB)).toMatchObject({ state: 'running' });
    reply = json(200, { code: 804, msg: 'APIKEY_TASK_IS_RUNNING', data: null });
    expect(await rh.status(RH_JOB)).toMatchObject({ state: 'running' });
    reply = json(200, { taskId: RH_JOB, status: 'FAILED', errorCode: '805', errorMessage: 'node error' });
    expect(await rh.status(RH_JOB)).toMatchObject({ state: 'failed', error: { code: '805', retrySafe: false } });
  });
});

/** What a submit answer means: a job, surely not started, or maybe started. */
type Verdict = 'submitted' | 'not started' | 'not started, retry' | 'may have started';

async function verdictOf(provider: () => Provider, answer: Reply): Promise<{ verdict: Verdict; info?: ProviderErrorInfo }> {
  reply = answer;
  try {
    await provider().submit('a/b', { prompt: 'x' });
    return { verdict: 'submitted' };
  } catch (error) {
    const info = await expectFailure(Promise.reject(error), KEY);
    expect(info.mayHaveStarted).toBeTypeOf('boolean');
    // "May have started" is never safe to repeat; "not started" is safe only for limits.
    if (info.mayHaveStarted) {
      expect(info.retrySafe).toBe(false);
      return { verdict: 'may have started', info };
    }
    return { verdict: info.retrySafe ? 'not started, retry' : 'not started', info };
  }
}

describe('RunComfy submit table', () => {
  const rows: [string, Reply, Verdict, string?][] = [
    ['a request id', json(200, { request_id: 'req-1', status: 'in_queue' }), 'submitted'],
    ['a request id with an odd status', json(200, { request_id: 'req-1', status: 3 }), 'submitted'],
    ['400 HTML', html(400, '<html>Bad Request</html>'), 'not started', 'invalid_input'],
    ['401 with 400004', json(401, { error_code: 400004, error_message: 'token revoked' }), 'not started', 'auth'],
    ['402', json(402, { error_code: 402001, error_message: 'pay' }), 'not started', 'balance'],
    ['403 HTML from a firewall', html(403, '<html>Forbidden</html>'), 'not started', 'auth'],
    ['413', html(413, '<html>Request Entity Too Large</html>'), 'not started', 'invalid_input'],
    ['422 validation', json(422, { error_code: 422001, error_message: 'prompt: field required' }), 'not started', 'invalid_input'],
    ['422 moderation', json(422, { error_code: 422003, error_message: 'content flagged by safety filter' }), 'not started', 'moderation'],
    ['429', { ...json(429, { error_code: 429001, error_message: 'slow down' }), headers: { 'Retry-After': '3' } }, 'not started, retry', 'rate_limited'],
    ['400001 bad model id', json(400, { error_code: 400001, error_message: 'unknown model' }), 'not started', 'not_found'],
    ['400002 balance in a 200', json(200, { error_code: 400002, error_message: 'insufficient balance' }), 'not started', 'balance'],
    ['a bare 404 page', html(404), 'may have started'],
    ['404 JSON not in its format', json(404, { detail: 'Not Found' }), 'may have started'],
    ['500', json(500, { error_code: 500000, error_message: 'internal' }), 'may have started', 'transient'],
    ['502 HTML', html(502), 'may have started', 'transient'],
    ['503 with 400002 in the body', json(503, { error_code: 400002 }), 'may have started', 'transient'],
    ['500001 in a 200', json(200, { error_code: 500001, error_message: 'temporarily unavailable' }), 'may have started'],
    ['an undocumented code in a 200', json(200, { error_code: 999999, error_message: '?' }), 'may have started'],
    ['a 200 HTML page', html(200), 'may have started', 'transient'],
    ['a 200 without a request id', json(200, { status: 'in_queue' }), 'may have started', 'transient'],
    ['a blank request id', json(200, { request_id: '  ', status: 'in_queue' }), 'may have started', 'transient'],
    ['a 200 that is not JSON', { status: 200, body: 'accepted', type: 'text/plain' }, 'may have started', 'transient'],
    ['409', json(409, { detail: 'conflict' }), 'may have started'],
  ];
  for (const [what, answer, verdict, cls] of rows) {
    it(`${what} → ${verdict}`, async () => {
      const result = await verdictOf(runComfy, answer);
      expect(result.verdict).toBe(verdict);
      if (cls) expect(result.info?.class).toBe(cls);
    });
  }
});

describe('RunningHub submit table', () => {
  const task = (fields: Record<string, unknown>) => json(200, { taskId: '', status: '', errorCode: '', errorMessage: '', results: null, ...fields });
  const rows: [string, Reply, Verdict, string?][] = [
    ['a task id', task({ taskId: RH_JOB, status: 'QUEUED' }), 'submitted'],
    ['a task id without a status', task({ taskId: RH_JOB }), 'submitted'],
    ['{"code":500,"msg":"unknown error"} (issue 19, class 5)', json(200, { code: 500, msg: 'unknown error' }), 'may have started'],
    ['errorCode 500', task({ errorCode: '500', errorMessage: 'unknown error' }), 'may have started'],
    ['805', task({ errorCode: '805' }), 'may have started'],
    ['1005 busy (reported by third parties only)', task({ errorCode: '1005', errorMessage: 'busy' }), 'may have started'],
    ['an undocumented code', task({ errorCode: '4242' }), 'may have started'],
    ['804 "still running" without a task', json(200, { code: 804, msg: 'running', data: null }), 'may have started'],
    ['an empty task object', task({}), 'may have started', 'transient'],
    ['an empty object', json(200, {}), 'may have started', 'transient'],
    ['a 200 HTML page', html(200), 'may have started', 'transient'],
    ['a 200 that is not JSON', { status: 200, body: 'ok', type: 'text/plain' }, 'may have started', 'transient'],
    ['a task id Weft cannot follow', task({ taskId: '../../x', status: 'QUEUED' }), 'may have started', 'transient'],
    ['a task id with errorCode 500 (the task exists: it is followed)', task({ taskId: RH_JOB, status: 'FAILED', errorCode: '500' }), 'submitted'],
    ['HTTP 500', { ...task({ errorCode: '421' }), status: 500 }, 'may have started', 'transient'],
    ['HTTP 502 HTML', html(502), 'may have started', 'transient'],
    ['a bare 404 page', html(404), 'may have started'],
    ['421 concurrency limit', task({ errorCode: '421', errorMessage: 'limit' }), 'not started, retry', 'rate_limited'],
    ['415 no instance free', task({ errorCode: '415' }), 'not started, retry', 'rate_limited'],
    ['1003 rate limit', task({ errorCode: '1003' }), 'not started, retry', 'rate_limited'],
    ['HTTP 429', { ...html(429, 'Too Many Requests'), headers: { 'Retry-After': '2' } }, 'not started, retry', 'rate_limited'],
    ['301 bad parameters', task({ errorCode: '301' }), 'not started', 'invalid_input'],
    ['433 validation', task({ errorCode: '433' }), 'not started', 'invalid_input'],
    ['803 node list mismatch', task({ errorCode: '803' }), 'not started', 'invalid_input'],
    ['1007 validation', task({ errorCode: '1007' }), 'not started', 'invalid_input'],
    ['1101 empty node list', task({ errorCode: '1101' }), 'not started', 'invalid_input'],
    ['802 key refused', task({ errorCode: '802' }), 'not started', 'auth'],
    ['1014 wrong key type', task({ errorCode: '1014' }), 'not started', 'auth'],
    ['812 balance', task({ errorCode: '812' }), 'not started', 'balance'],
    ['1501 moderation', task({ errorCode: '1501' }), 'not started', 'moderation'],
    ['1505 real person', task({ errorCode: '1505' }), 'not started', 'moderation'],
    ['802 in a v1 envelope', json(200, { code: 802, msg: 'unauthorized', data: null }), 'not started', 'auth'],
    ['HTTP 401 HTML', html(401, '<html>401</html>'), 'not started', 'auth'],
  ];
  for (const [what, answer, verdict, cls] of rows) {
    it(`${what} → ${verdict}`, async () => {
      const result = await verdictOf(runningHub, answer);
      expect(result.verdict).toBe(verdict);
      if (cls) expect(result.info?.class).toBe(cls);
    });
  }
});
