import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError, type Provider } from '../../src/core/providers/types.ts';
import type { ProviderConfig } from '../../src/providers/config.ts';
import { createRunComfy } from '../../src/providers/runcomfy.ts';
import { createRunningHub } from '../../src/providers/runninghub.ts';
import { startFake, type FakeServer } from './fakeServer.ts';

/**
 * Secrets a provider echoes never get past the adapter (RELIABILITY promise 18): not in a ProviderError
 * (message, providerMessage, code), not in a failed job's error, not in an unknown status string, not in
 * a text result. Also when the adapter does not know the key (the page, whose key the server injects):
 * then the credential-shaped parts go.
 */

const KEY = 'sk-echoed-4b7e1f0a9c2d5e8f';
const RC_JOB = 'req-1';
const RH_JOB = '1904152026220003329';

let server: FakeServer;
let body: unknown = {};
let status = 200;
beforeAll(async () => {
  server = await startFake((_req, res: ServerResponse) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
});
afterAll(() => server.close());

const echo = `upstream rejected Authorization: Bearer ${KEY} (apiKey=${KEY})`;

/** Everything a call produced, as text: its answer or its error, whatever the shape. */
async function everything(call: () => Promise<unknown>): Promise<string> {
  try {
    return JSON.stringify(await call());
  } catch (error) {
    if (!isProviderError(error)) throw error;
    return `${error.message} ${JSON.stringify(error.info)}`;
  }
}

const configs: [string, ProviderConfig][] = [
  ['the key is configured', { baseUrl: '', apiKey: KEY }],
  ['the key is not known to the adapter (browser, server-held key)', { baseUrl: '', keyTransport: 'proxy' }],
];

describe.each(configs)('when %s', (_what, base) => {
  const rc = (): Provider => createRunComfy({ ...base, baseUrl: server.url });
  const rh = (): Provider => createRunningHub({ ...base, baseUrl: server.url });

  it('RunComfy: a call error echoing the key', async () => {
    status = 401;
    body = { error_code: 400004, error_message: echo };
    expect(await everything(() => rc().submit('a/b', {}))).not.toContain(KEY);
    expect(await everything(() => rc().status(RC_JOB))).not.toContain(KEY);
  });

  it('RunComfy: a failed job whose error echoes the key', async () => {
    status = 200;
    body = { request_id: RC_JOB, status: 'failed', output: null, error: { error_code: 500123, error_message: echo } };
    const text = await everything(() => rc().result(RC_JOB));
    expect(text).toContain('failed');
    expect(text).not.toContain(KEY);
  });

  it('RunComfy: an unknown status string holding the key', async () => {
    status = 200;
    body = { request_id: RC_JOB, status: `waiting Authorization: Bearer ${KEY}` };
    const text = await everything(() => rc().status(RC_JOB));
    expect(text).toContain('unrecognisedStatus');
    expect(text).not.toContain(KEY);
  });

  it('RunningHub: a failed task, an error envelope and an unknown status echoing the key', async () => {
    status = 200;
    body = { taskId: RH_JOB, status: 'FAILED', errorCode: '805', errorMessage: echo, results: null };
    expect(await everything(() => rh().status(RH_JOB))).not.toContain(KEY);
    body = { code: 802, msg: echo, data: null };
    expect(await everything(() => rh().submit('a/b', {}))).not.toContain(KEY);
    body = { taskId: RH_JOB, status: `HOLD apikey=${KEY}`, errorCode: '', results: null };
    expect(await everything(() => rh().status(RH_JOB))).not.toContain(KEY);
  });
});

describe('what only the configured key can tell', () => {
  it('a text result echoing the key loses the key and keeps the rest', async () => {
    status = 200;
    body = { taskId: RH_JOB, status: 'SUCCESS', errorCode: '', results: [{ url: null, outputType: 'text', text: `the key is ${KEY}, the id 5f2c9a7e1` }] };
    const result = await createRunningHub({ baseUrl: server.url, apiKey: KEY }).result(RH_JOB);
    expect(result.outputs[0]?.text).toBe('the key is [redacted], the id 5f2c9a7e1');
  });

  it('a bare key echoed in an error body (no Bearer, no field name) is removed when configured', async () => {
    status = 400;
    body = { error_code: 400001, error_message: `unknown model for ${KEY}` };
    const text = await everything(() => createRunComfy({ baseUrl: server.url, apiKey: KEY }).submit('a/b', {}));
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(KEY);
  });
});
