import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBrowserProvider } from '../../src/providers/browser.ts';
import { startWeftServer, type RunningWeftServer } from '../../src/server/app.ts';
import { keyFingerprint } from '../../src/server/simulator/index.ts';
import { KEY, failure, isPng, pollToEnd, providerCalls, startSim, type RunningSim } from './contractSupport.ts';

/**
 * The page's adapters (keyTransport `proxy`) through the real local server, with a second simulator
 * standing in for the real provider upstream: the key is injected by the server (from its environment or
 * the browser's settings header), the upstream sees it, and the page never does.
 */

const ENV_KEY = 'sk-env-7d1e0c55aa904f21';
const FLUX = 'blackforestlabs/flux-2-klein/4b/text-to-image';
const SEEDREAM = 'seedream-v4/text-to-image';

let upstream: RunningSim;
let server: RunningWeftServer;
let origin: string;
const logs: string[] = [];

beforeAll(async () => {
  upstream = await startSim();
  const root = mkdtempSync(path.join(tmpdir(), 'weft-dist-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Weft</title>');
  // RunComfy is live with a key from the environment; RunningHub has no key, so it is simulated unless
  // the page sends one from its settings.
  server = await startWeftServer({
    root,
    port: 0,
    env: { RUNCOMFY_API_KEY: ENV_KEY, RUNCOMFY_BASE_URL: upstream.url, RUNNINGHUB_BASE_URL: upstream.url },
    log: (line) => logs.push(line),
  });
  origin = server.url.replace(/\/$/, '');
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});
beforeEach(() => upstream.simulator.reset());

describe('adapters through the local server', () => {
  it('RunComfy: the server injects the environment key; the job runs upstream; the result downloads through /api/media', async () => {
    const rc = createBrowserProvider('runcomfy', origin);
    const { jobId } = await rc.submit(FLUX, { prompt: 'through the proxy' });
    await pollToEnd(rc, jobId);
    const result = await rc.result(jobId);
    expect(result.outputs[0]?.kind).toBe('image');
    const file = await rc.download(result.outputs[0]!.url!);
    expect(isPng(await file.bytes())).toBe(true);

    const submit = providerCalls(upstream, 'submit');
    expect(submit).toHaveLength(1);
    expect(submit[0]).toMatchObject({ path: `/v1/models/${FLUX}`, auth: { fingerprint: keyFingerprint(ENV_KEY) } });
    expect(logs.join('\n')).not.toContain(ENV_KEY);
  });

  it('RunningHub with a key from the browser settings: it goes live with that key, in the header and in the cancel body', async () => {
    upstream.simulator.configure({ timing: { queueMs: 5000, runMs: 80 } });
    try {
      const rh = createBrowserProvider('runninghub', origin, KEY);
      const { jobId } = await rh.submit(SEEDREAM, { prompt: 'x' });
      expect(jobId).toMatch(/^\d{19}$/);
      expect((await rh.cancel(jobId)).outcome).toBe('cancelled');
      expect(providerCalls(upstream, 'submit')[0]?.auth.fingerprint).toBe(keyFingerprint(KEY));
      expect(providerCalls(upstream, 'cancel')[0]?.body).toMatchObject({ apiKey: `[key ${keyFingerprint(KEY)}]`, taskId: jobId });
    } finally {
      upstream.simulator.configure({ timing: { queueMs: 40, runMs: 80 } });
    }
  });

  it('RunningHub without any key runs on the built-in simulator; the upstream sees nothing', async () => {
    const rh = createBrowserProvider('runninghub', origin);
    const { jobId } = await rh.submit(SEEDREAM, { prompt: 'simulated' });
    const last = (await pollToEnd(rh, jobId)).at(-1)!;
    expect(last.state).toBe('succeeded');
    const file = await rh.download(last.outputs![0]!.url!);
    expect(isPng(await file.bytes())).toBe(true);
    expect(upstream.simulator.calls()).toHaveLength(0);
    const status = (await (await fetch(`${origin}/api/status`)).json()) as { providers: Record<string, { mode: string }> };
    expect(status.providers).toMatchObject({ runcomfy: { mode: 'live' }, runninghub: { mode: 'simulator' } });
  });

  it('faults upstream reach the page with their class: a lost submit answer is "may have started"', async () => {
    upstream.simulator.setFaults([{ fault: 'drop_after_accept', call: 'submit' }]);
    const rc = createBrowserProvider('runcomfy', origin);
    expect(await failure(rc.submit(FLUX, { prompt: 'x' }))).toMatchObject({ mayHaveStarted: true, retrySafe: false });
    expect(providerCalls(upstream, 'submit')).toHaveLength(1);
    upstream.simulator.setFaults([{ fault: 'rate_limited', call: 'submit' }]);
    expect(await failure(rc.submit(FLUX, { prompt: 'x' }))).toMatchObject({ class: 'rate_limited', retrySafe: true, retryAfterMs: 1000 });
  });
});
