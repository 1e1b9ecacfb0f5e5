import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderErrorInfo } from '../../src/core/providers/types.ts';
import { checkBaseUrl, configFromEnv, isAllowedMediaUrl } from '../../src/providers/config.ts';
import { parseRetryAfter } from '../../src/providers/errors.ts';
import { redactSecrets as redact } from '../../src/core/redact.ts';
import { toBase64, toDataUri } from '../../src/providers/media.ts';
import { createRunComfy, runComfyOutputs, runComfyState } from '../../src/providers/runcomfy.ts';
import { createRunningHub, quoteTaskIds, runningHubState } from '../../src/providers/runninghub.ts';
import { deadPort, json, startFake, type FakeServer } from './fakeServer.ts';
import { failure as expectFailure } from './contractSupport.ts';

/**
 * Adapter behaviour the simulator does not exercise: transport failures, hostile or odd answers, and
 * the pure mappings. The protocol itself is covered by the contract tests against the simulator.
 */

const KEY = 'sk-test-0123456789abcdef';
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(handler: Parameters<typeof startFake>[0]): Promise<FakeServer> {
  const s = await startFake(handler);
  servers.push(s);
  return s;
}

function failure(promise: Promise<unknown>): Promise<ProviderErrorInfo> {
  return expectFailure(promise, KEY);
}

describe('status mapping', () => {
  it('maps documented and client-seen RunComfy statuses; unknown ones are running', () => {
    expect(runComfyState('in_queue').state).toBe('queued');
    expect(runComfyState('in_progress').state).toBe('running');
    expect(runComfyState('completed').state).toBe('succeeded');
    expect(runComfyState('canceled').state).toBe('cancelled');
    expect(runComfyState('failed').state).toBe('failed');
    expect(runComfyState('warming_up')).toEqual({ state: 'running', recognised: false });
  });

  it('maps RunningHub statuses, including CREATE and CANCEL from the developer kit', () => {
    expect(runningHubState('CREATE').state).toBe('queued');
    expect(runningHubState('RUNNING').state).toBe('running');
    expect(runningHubState('SUCCESS').state).toBe('succeeded');
    expect(runningHubState('CANCEL').state).toBe('cancelled');
    expect(runningHubState('WAITING_GPU')).toEqual({ state: 'running', recognised: false });
  });
});

describe('RunComfy output shapes', () => {
  it('reads image/video/audio strings, URL arrays, fal-style objects and text', () => {
    const outputs = runComfyOutputs({
      video: 'https://cdn.runcomfy.net/a/clip.mp4',
      images: ['https://cdn.runcomfy.net/a/1.png', 'https://cdn.runcomfy.net/a/2.webp'],
      audio: { url: 'https://cdn.runcomfy.net/a/voice', content_type: 'audio/mpeg' },
      text: 'a caption',
      thumbnail: 'javascript:alert(1)',
    });
    expect(outputs.map((o) => [o.kind, o.source])).toEqual([
      ['video', 'video'],
      ['image', 'images[0]'],
      ['image', 'images[1]'],
      ['audio', 'audio'],
      ['text', 'text'],
    ]);
  });
});

describe('identifiers and configuration', () => {
  it('keeps a bare 19-digit taskId exact by quoting it before parsing', () => {
    const text = '{"taskId": 1904152026220003329, "status":"QUEUED"}';
    expect(JSON.parse(quoteTaskIds(text)).taskId).toBe('1904152026220003329');
    expect(quoteTaskIds('{"taskId":"1904152026220003329"}')).toBe('{"taskId":"1904152026220003329"}');
  });

  it('refuses endpoint and job ids that could change the path, before any call', async () => {
    const server = await fake((_req, res) => json(res, 200, {}));
    const rc = createRunComfy({ baseUrl: server.url, apiKey: KEY });
    for (const bad of ['../admin', 'a//b', 'a/../../x', '%2e%2e/x', 'a\\b', '/abs', 'http://evil/x']) {
      expect((await failure(rc.submit(bad, {}))).class).toBe('invalid_input');
    }
    for (const bad of ['../x', 'a/b', '', 'x?y=1']) expect((await failure(rc.status(bad))).class).toBe('invalid_input');
    expect(server.requests).toHaveLength(0);
  });

  it('reads base URL and key from the environment and checks the base URL', () => {
    expect(configFromEnv('runcomfy', {})).toMatchObject({ baseUrl: 'https://model-api.runcomfy.net' });
    expect(configFromEnv('runninghub', { RUNNINGHUB_BASE_URL: 'https://www.runninghub.ai/', RUNNINGHUB_API_KEY: ' k ' })).toMatchObject({ baseUrl: 'https://www.runninghub.ai', apiKey: 'k' });
    expect(() => checkBaseUrl('ftp://x')).toThrow(/http/);
    expect(() => checkBaseUrl('https://user:pw@x.com')).toThrow(/credentials/);
    expect(() => configFromEnv('runcomfy', { RUNCOMFY_BASE_URL: 'not a url' })).toThrow(/RUNCOMFY_BASE_URL/);
  });

  it('allows result downloads only from media hosts over HTTPS or the base URL host', () => {
    const rc = { baseUrl: 'http://127.0.0.1:8787' };
    expect(isAllowedMediaUrl('https://cdn.runcomfy.net/x.png', 'runcomfy', rc)).toBe(true);
    expect(isAllowedMediaUrl('https://runcomfy.net/x.png', 'runcomfy', rc)).toBe(true);
    expect(isAllowedMediaUrl('http://cdn.runcomfy.net/x.png', 'runcomfy', rc)).toBe(false);
    expect(isAllowedMediaUrl('https://runcomfy.net.evil.com/x.png', 'runcomfy', rc)).toBe(false);
    expect(isAllowedMediaUrl('https://evilruncomfy.net/x.png', 'runcomfy', rc)).toBe(false);
    expect(isAllowedMediaUrl('https://a@cdn.runcomfy.net/x.png', 'runcomfy', rc)).toBe(false);
    expect(isAllowedMediaUrl('http://127.0.0.1:8787/sim-media/1.png', 'runcomfy', rc)).toBe(true);
    expect(isAllowedMediaUrl('http://127.0.0.1:9999/x.png', 'runcomfy', rc)).toBe(false);
    expect(isAllowedMediaUrl('file:///etc/passwd', 'runcomfy', rc)).toBe(false);
    expect(isAllowedMediaUrl('https://rh-images.xiaoyaoyou.com/a/b.png', 'runninghub', rc)).toBe(true);
    expect(isAllowedMediaUrl('https://rh-images-1252422369.cos.ap-beijing.myqcloud.com/o.png', 'runninghub', rc)).toBe(true);
    expect(isAllowedMediaUrl('https://someone-else.cos.ap-beijing.myqcloud.com/o.png', 'runninghub', rc)).toBe(false);
    expect(isAllowedMediaUrl('https://cdn.runcomfy.net/x.png', 'runninghub', rc)).toBe(false);
    expect(isAllowedMediaUrl('https://media.example.org/x.png', 'runcomfy', { ...rc, extraMediaHosts: ['media.example.org'] })).toBe(true);
  });
});

describe('helpers', () => {
  it('encodes base64 exactly like Node for every length remainder', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 70000]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + 11) & 255);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
    expect(toDataUri({ bytes: new Uint8Array([1, 2]), mimeType: 'image/png' })).toBe('data:image/png;base64,AQI=');
    expect(toDataUri({ bytes: new Uint8Array([1]), mimeType: 'text/html;x=<script>' })).toMatch(/^data:application\/octet-stream;base64,/);
  });

  it('parses Retry-After in seconds and as a date, and redacts keys', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(redact(`bad key ${KEY}!`, [KEY])).toBe('bad key [redacted]!');
  });
});

describe('transport failures decide whether a submit may have started', () => {
  it('connection refused: nothing was sent, so a retry is safe', async () => {
    const rc = createRunComfy({ baseUrl: `http://127.0.0.1:${await deadPort()}`, apiKey: KEY });
    const info = await failure(rc.submit('a/b', { prompt: 'x' }));
    expect(info).toMatchObject({ class: 'transient', retrySafe: true, mayHaveStarted: false, call: 'submit' });
  });

  it('a dropped connection after sending: may have started, never retried automatically', async () => {
    const server = await fake((req) => req.socket.destroy());
    const rh = createRunningHub({ baseUrl: server.url, apiKey: KEY });
    const info = await failure(rh.submit('a/b', { prompt: 'x' }));
    expect(info).toMatchObject({ class: 'transient', retrySafe: false, mayHaveStarted: true });
    expect(server.requests).toHaveLength(1);
  });

  it('a timeout: may have started; a status call timing out is safe to repeat', async () => {
    const server = await fake(() => {
      /* never answers */
    });
    const rc = createRunComfy({ baseUrl: server.url, apiKey: KEY, timeoutMs: 150 });
    expect(await failure(rc.submit('a/b', {}))).toMatchObject({ class: 'transient', retrySafe: false, mayHaveStarted: true });
    expect(await failure(rc.status('req-1'))).toMatchObject({ class: 'transient', retrySafe: true });
  });

  it('the local proxy saying "unreachable" means nothing was sent', async () => {
    const server = await fake((_req, res) => json(res, 502, { error: { code: 'unreachable', message: 'no route' } }, { 'X-Weft-Proxy-Error': 'unreachable' }));
    const rc = createRunComfy({ baseUrl: `${server.url}/api/runcomfy`, keyTransport: 'proxy' });
    expect(await failure(rc.submit('a/b', {}))).toMatchObject({ retrySafe: true, mayHaveStarted: false });
    expect(server.requests[0]?.url).toBe('/api/runcomfy/v1/models/a/b');
    expect(server.requests[0]?.headers['x-weft-client']).toBe('1');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('does not follow a redirect from the API', async () => {
    const evil = await fake((_req, res) => json(res, 200, { request_id: 'stolen' }));
    const server = await fake((_req, res) => {
      res.writeHead(307, { Location: `${evil.url}/v1/models/a/b` });
      res.end();
    });
    const rc = createRunComfy({ baseUrl: server.url, apiKey: KEY });
    expect(await failure(rc.submit('a/b', {}))).toMatchObject({ class: 'transient', mayHaveStarted: true, retrySafe: false });
    expect(evil.connections).toBe(0);
  });
});

describe('hostile and odd answers', () => {
  it('scrubs a key echoed by the provider from every message', async () => {
    const server = await fake((_req, res) => json(res, 401, { error_code: 400004, error_message: `token ${KEY} is revoked` }));
    const info = await failure(createRunComfy({ baseUrl: server.url, apiKey: KEY }).submit('a/b', {}));
    expect(info).toMatchObject({ class: 'auth', code: '400004', mayHaveStarted: false, retrySafe: false });
    expect(info.providerMessage).toContain('[redacted]');
  });

  it('a submit answer without a request id may have started a job', async () => {
    const server = await fake((_req, res) => json(res, 200, { ok: true }));
    expect(await failure(createRunComfy({ baseUrl: server.url, apiKey: KEY }).submit('a/b', {}))).toMatchObject({ class: 'transient', mayHaveStarted: true, retrySafe: false });
  });

  it('a non-JSON 200 answer to a poll is an error, not a state', async () => {
    const server = await fake((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    expect(await failure(createRunningHub({ baseUrl: server.url, apiKey: KEY }).status('1904152026220003329'))).toMatchObject({ class: 'transient', call: 'status', retrySafe: true });
  });

  it('RunningHub: a numeric 19-digit taskId in the submit answer survives', async () => {
    const server = await fake((_req, res) => json(res, 200, '{"taskId": 1904152026220003329, "status": "QUEUED", "errorCode": "", "errorMessage": ""}'));
    const answer = await createRunningHub({ baseUrl: server.url, apiKey: KEY }).submit('a/b', { prompt: 'x' });
    expect(answer.jobId).toBe('1904152026220003329');
    expect(answer.status.state).toBe('queued');
  });

  it('RunningHub: HTTP 429 with a Retry-After date is rate limiting, safe to retry', async () => {
    const server = await fake((_req, res) => json(res, 429, 'Too many', { 'Retry-After': '2' }));
    expect(await failure(createRunningHub({ baseUrl: server.url, apiKey: KEY }).submit('a/b', {}))).toMatchObject({ class: 'rate_limited', retrySafe: true, mayHaveStarted: false, retryAfterMs: 2000 });
  });

  it('RunningHub: v1 "still running" codes in a query answer are states, not errors', async () => {
    const server = await fake((_req, res) => json(res, 200, { code: 804, msg: 'APIKEY_TASK_IS_RUNNING', data: null }));
    expect(await createRunningHub({ baseUrl: server.url, apiKey: KEY }).status('1904152026220003329')).toMatchObject({ state: 'running' });
  });

  it('RunningHub: a query answered for another task id is refused (a transport error, not a state)', async () => {
    const server = await fake((_req, res) => json(res, 200, { taskId: '1111111111111111111', status: 'SUCCESS', errorCode: '', results: [] }));
    expect(await failure(createRunningHub({ baseUrl: server.url, apiKey: KEY }).status('1904152026220003329'))).toMatchObject({ class: 'transient', retrySafe: true });
  });
});

describe('downloads', () => {
  it('refuses a redirect to a host that is not a media host, without connecting to it', async () => {
    const evil = await fake((_req, res) => res.end('secret'));
    const server = await fake((_req, res) => {
      res.writeHead(302, { Location: `${evil.url}/x.png` });
      res.end();
    });
    const rc = createRunComfy({ baseUrl: server.url, apiKey: KEY });
    expect(await failure(rc.download(`${server.url}/sim-media/1.png`))).toMatchObject({ class: 'invalid_input', call: 'download' });
    expect(await failure(rc.download(`${evil.url}/x.png`))).toMatchObject({ class: 'invalid_input' });
    expect(evil.connections).toBe(0);
  });

  it('follows a redirect within the allowed host, never sending the key, and reports gone files', async () => {
    const server = await fake((req, res) => {
      if (req.url === '/a.png') {
        res.writeHead(302, { Location: '/b.png' });
        res.end();
      } else if (req.url === '/b.png') {
        res.writeHead(200, { 'Content-Type': 'image/png' });
        res.end(Buffer.from([137, 80, 78, 71]));
      } else json(res, 404, {});
    });
    const rh = createRunningHub({ baseUrl: server.url, apiKey: KEY });
    const file = await rh.download(`${server.url}/a.png`);
    expect([...file.bytes]).toEqual([137, 80, 78, 71]);
    expect(file.mimeType).toBe('image/png');
    expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(await failure(rh.download(`${server.url}/gone.mp4`))).toMatchObject({ class: 'not_found' });
  });

  it('in the browser, fetches other origins through the local media route', async () => {
    const server = await fake((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'video/mp4' });
      res.end('mp4');
    });
    const rc = createRunComfy({ baseUrl: `${server.url}/api/runcomfy`, keyTransport: 'proxy' });
    await rc.download('https://cdn.runcomfy.net/x/clip.mp4');
    expect(server.requests[0]?.url).toBe(`/api/media/runcomfy?url=${encodeURIComponent('https://cdn.runcomfy.net/x/clip.mp4')}`);
  });
});

describe('local media', () => {
  it('RunComfy inlines small files as data URIs and refuses ones over its caps', async () => {
    const rc = createRunComfy({ baseUrl: 'http://127.0.0.1:1', apiKey: KEY });
    expect(await rc.mediaInput({ bytes: new Uint8Array([1, 2, 3]), mimeType: 'image/png' })).toBe('data:image/png;base64,AQID');
    const big = { bytes: new Uint8Array(6 * 1024 * 1024 + 1), mimeType: 'image/png', name: 'huge.png' };
    const info = await failure(rc.mediaInput(big));
    expect(info.class).toBe('invalid_input');
    expect(info.message).toMatch(/huge\.png is 6\.0 MiB; RunComfy takes images inline up to 6\.0 MiB/);
  });
});
