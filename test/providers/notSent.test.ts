import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../src/core/providers/types.ts';
import { apiKeyProblem } from '../../src/providers/apiKey.ts';
import { configFromEnv, type ProviderConfig } from '../../src/providers/config.ts';
import { createRunComfy } from '../../src/providers/runcomfy.ts';
import { createRunningHub } from '../../src/providers/runninghub.ts';
import { failure } from './contractSupport.ts';
import { deadPort, json, startFake, type FakeServer } from './fakeServer.ts';

/**
 * A request that never left this machine is `failed` with its reason, never `unknown` (RELIABILITY
 * promise 15): a key that cannot go in an HTTP header, a base URL that is not one, a body that is not
 * JSON, a host that does not resolve. Only a refused connection is safe to repeat (promise 2).
 */

// A typographic apostrophe at position 12, as pasted from a document.
const CURLY_KEY = 'sk-abc-defg’hijklmnop';

let server: FakeServer;
beforeAll(async () => {
  server = await startFake((_req, res) => json(res, 200, { request_id: 'req-1', status: 'in_queue' }));
});
afterAll(() => server.close());

const adapters: [string, (config: ProviderConfig) => Provider][] = [
  ['runcomfy', createRunComfy],
  ['runninghub', createRunningHub],
];

describe('a key that cannot be sent', () => {
  for (const [id, create] of adapters) {
    for (const transport of ['bearer', 'proxy'] as const) {
      it(`${id} (${transport}): failed before sending, naming the character and its place, never the key`, async () => {
        const before = server.requests.length;
        const provider = create({ baseUrl: server.url, apiKey: CURLY_KEY, keyTransport: transport });
        const submit = await failure(provider.submit('a/b', { prompt: 'x' }), CURLY_KEY);
        expect(submit).toMatchObject({ call: 'submit', class: 'auth', mayHaveStarted: false, retrySafe: false });
        expect(submit.message).toContain('the API key contains a character that cannot be sent in an HTTP header (’ at position 12)');
        const status = await failure(provider.status(id === 'runninghub' ? '1904152026220003329' : 'req-1'), CURLY_KEY);
        expect(status).toMatchObject({ call: 'status', class: 'auth', retrySafe: false });
        expect(server.requests.length).toBe(before);
      });
    }
  }

  it('names control characters and invisible spaces by code point, and accepts printable ASCII', () => {
    expect(apiKeyProblem('abc def')).toMatch(/\(a space at position 4\)/);
    expect(apiKeyProblem('abc\ndef')).toMatch(/\(the control character U\+000A at position 4\)/);
    expect(apiKeyProblem('abc\u00a0def')).toMatch(/\(an invisible space \(U\+00A0\) at position 4\)/);
    expect(apiKeyProblem('🔑abc')).toMatch(/\(🔑 at position 1\)/);
    expect(apiKeyProblem('sk-Az09_-.~+/=')).toBeUndefined();
  });

  it('is refused where it is set: the environment, with the variable named and the key not shown', () => {
    expect(() => configFromEnv('runcomfy', { RUNCOMFY_API_KEY: CURLY_KEY })).toThrow(/RUNCOMFY_API_KEY: the API key contains a character that cannot be sent in an HTTP header \(’ at position 12\)/);
    try {
      configFromEnv('runninghub', { RUNNINGHUB_API_KEY: CURLY_KEY });
    } catch (error) {
      expect(String(error)).not.toContain(CURLY_KEY);
    }
  });
});

describe('other calls that never leave', () => {
  it('a body that cannot be written as JSON: failed, not sent', async () => {
    const rc = createRunComfy({ baseUrl: server.url, apiKey: 'sk-fine-0123456789' });
    const info = await failure(rc.submit('a/b', { n: 1n }), 'sk-fine-0123456789');
    expect(info).toMatchObject({ class: 'invalid_input', mayHaveStarted: false, retrySafe: false });
  });

  it('a base URL that is not a URL: failed, not sent', async () => {
    const rh = createRunningHub({ baseUrl: 'http://[::1', apiKey: 'sk-fine-0123456789' });
    expect(await failure(rh.submit('a/b', {}), 'sk-fine-0123456789')).toMatchObject({ class: 'invalid_input', mayHaveStarted: false, retrySafe: false });
  });

  it('a host that does not resolve: nothing was sent, but a submit is not repeated on its own; a poll may be', async () => {
    const rc = createRunComfy({ baseUrl: 'http://weft-no-such-host.invalid', apiKey: 'sk-fine-0123456789' });
    const submit = await failure(rc.submit('a/b', {}), 'sk-fine-0123456789');
    expect(submit).toMatchObject({ class: 'transient', mayHaveStarted: false, retrySafe: false });
    expect(submit.message).toMatch(/nothing was sent/);
    expect(await failure(rc.status('req-1'), 'sk-fine-0123456789')).toMatchObject({ class: 'transient', retrySafe: true });
  });

  it('a refused connection: nothing was sent and a submit may be repeated', async () => {
    const rh = createRunningHub({ baseUrl: `http://127.0.0.1:${await deadPort()}`, apiKey: 'sk-fine-0123456789' });
    expect(await failure(rh.submit('a/b', {}), 'sk-fine-0123456789')).toMatchObject({ class: 'transient', mayHaveStarted: false, retrySafe: true });
  });
});
