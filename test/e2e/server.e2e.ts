import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, RESULTS, type AppSession } from '../support/browser.ts';

/**
 * The editor as `weft serve` runs it (API + simulator in front of the built app) with no keys in the
 * environment: it says on screen that runs are simulated, and provider calls from the page reach the
 * simulator, not the network.
 */

const VEO = 'google-deepmind/veo-3-1/reference-to-video';

interface PageAnswer {
  status: number;
  mode: string | null;
  proxyError: string | null;
  body: unknown;
}

describe('weft serve with no keys', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp({ env: {} });
  });

  afterAll(async () => {
    await app?.close();
  });

  /** A fetch made by the page itself (same origin, as the adapters will call). */
  const pageFetch = (path: string, init: { method?: string; body?: unknown } = {}) =>
    app.page.evaluate(
      async ({ path, init }): Promise<PageAnswer> => {
        const response = await fetch(path, {
          method: init.method ?? 'GET',
          headers: init.body === undefined ? { 'X-Weft-Client': '1' } : { 'Content-Type': 'application/json' },
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        });
        const text = await response.text();
        return { status: response.status, mode: response.headers.get('x-weft-mode'), proxyError: response.headers.get('x-weft-proxy-error'), body: text ? JSON.parse(text) : null };
      },
      { path, init },
    );

  it('shows the "Simulator — no credits spent" badge naming both providers', async () => {
    const badge = app.page.getByRole('note', { name: 'RunComfy, RunningHub: Simulator — no credits spent' });
    await badge.waitFor();
    expect(await badge.textContent()).toBe('RunComfy, RunningHub: Simulator — no credits spent');
    expect(await badge.getAttribute('title')).toContain('built-in simulator');
    const box = (await badge.boundingBox())!;
    const viewport = app.page.viewportSize()!;
    // In the status line along the bottom, fully on screen.
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(box.y).toBeGreaterThan(viewport.height - 40);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    await app.screenshot('10-simulator-badge');
    await app.page.locator('.weft-status').screenshot({ path: path.join(RESULTS, '10-simulator-badge-status-line.png') });
  });

  it('reports both providers on the simulator at /api/status', async () => {
    const status = await pageFetch('/api/status');
    expect(status.body).toEqual({
      providers: {
        runcomfy: { mode: 'simulator', title: 'RunComfy', keyFromEnv: false },
        runninghub: { mode: 'simulator', title: 'RunningHub', keyFromEnv: false },
      },
    });
  });

  it('runs a RunComfy job from the page against the simulator and shows its image', async () => {
    const submit = await pageFetch(`/api/runcomfy/v1/models/${VEO}`, { method: 'POST', body: { prompt: 'a red fox in the snow', image_urls: ['https://example.com/a.png'] } });
    expect(submit.status).toBe(200);
    expect(submit.mode).toBe('simulator');
    const { request_id: id, status_url: statusUrl } = submit.body as { request_id: string; status_url: string };
    expect(statusUrl.startsWith(new URL('/api/simulator/', app.server.url).href)).toBe(true);

    await expect.poll(async () => ((await pageFetch(`/api/runcomfy/v1/requests/${id}/status`)).body as { status: string }).status, { timeout: 10_000 }).toBe('completed');
    const result = await pageFetch(`/api/runcomfy/v1/requests/${id}/result`);
    expect(result.mode).toBe('simulator');
    const output = (result.body as { output: Record<string, unknown> }).output;
    expect(output).toBeTruthy();

    const calls = await pageFetch('/api/simulator/__sim/calls');
    const submits = (calls.body as { calls: { call: string; provider: string; auth: { present: boolean } }[] }).calls.filter((c) => c.call === 'submit');
    expect(submits).toHaveLength(1);
    expect(submits[0]).toMatchObject({ provider: 'runcomfy', auth: { present: true } });

    // A simulated image loads in the page, straight from the simulator and through /api/media.
    const sample = await pageFetch(`/api/runninghub/openapi/v2/rhart-image-n-pro/text-to-image`, { method: 'POST', body: { prompt: 'weft', aspectRatio: '1:1' } });
    expect(sample.mode).toBe('simulator');
    const taskId = (sample.body as { taskId: string }).taskId;
    await expect.poll(async () => ((await pageFetch('/api/runninghub/openapi/v2/query', { method: 'POST', body: { taskId } })).body as { status: string }).status, { timeout: 10_000 }).toBe('SUCCESS');
    const done = (await pageFetch('/api/runninghub/openapi/v2/query', { method: 'POST', body: { taskId } })).body as { results: { url: string; outputType: string }[] };
    const image = done.results.find((r) => r.outputType === 'png');
    expect(image).toBeTruthy();
    const sizes = await app.page.evaluate(async (url) => {
      const load = (src: string) =>
        new Promise<number>((resolve, reject) => {
          const img = new Image();
          img.onload = () => resolve(img.naturalWidth);
          img.onerror = () => reject(new Error(`image did not load: ${src}`));
          img.src = src;
        });
      return [await load(url), await load(`/api/media/runninghub?url=${encodeURIComponent(url)}`)];
    }, image!.url);
    expect(sizes[0]).toBeGreaterThan(0);
    expect(sizes[1]).toBe(sizes[0]);
  });

  it('refuses the same calls from a page of another origin (another port on this machine)', async () => {
    const otherSite = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>another local app</title>');
    });
    await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
    const other = await app.browser.newPage();
    try {
      const port = new URL(app.server.url).port;
      await other.goto(`http://127.0.0.1:${(otherSite.address() as AddressInfo).port}/`);
      const outcome = await other.evaluate(async (target) => {
        const results: string[] = [];
        try {
          await fetch(`${target}/api/runcomfy/v1/models/x/y`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
          results.push('json: answered');
        } catch {
          results.push('json: blocked');
        }
        // A "simple" request needs no preflight; the server must refuse it on its Origin.
        await fetch(`${target}/api/runcomfy/v1/models/x/y`, { method: 'POST', mode: 'no-cors', body: '{"prompt":"csrf"}' });
        results.push('simple: sent');
        return results;
      }, `http://127.0.0.1:${port}`);
      expect(outcome).toEqual(['json: blocked', 'simple: sent']);
      const calls = await pageFetch('/api/simulator/__sim/calls');
      const bodies = JSON.stringify(calls.body);
      expect(bodies).not.toContain('csrf');
      expect(bodies).not.toContain('/v1/models/x/y');
    } finally {
      await other.close();
      otherSite.closeAllConnections();
      await new Promise<void>((resolve) => otherSite.close(() => resolve()));
    }
  });

  it('logged no errors in the editor page', () => {
    expect(app.errors).toEqual([]);
  });
});

describe('weft serve with a RunComfy key only', () => {
  let app: AppSession;

  beforeAll(async () => {
    // A loopback base URL where nothing listens: the page never calls it, and nothing leaves this machine.
    app = await openApp({ env: { RUNCOMFY_API_KEY: 'sk-e2e-not-a-real-key', RUNCOMFY_BASE_URL: 'http://127.0.0.1:9' } });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('names only the simulated provider in the badge, and never shows the key', async () => {
    const badge = app.page.getByRole('note', { name: /Simulator — no credits spent/ });
    await badge.waitFor();
    expect(await badge.textContent()).toBe('RunningHub: Simulator — no credits spent');
    expect(await badge.getAttribute('title')).toContain('RunComfy is live');
    expect(await app.page.content()).not.toContain('sk-e2e-not-a-real-key');
    expect(app.errors).toEqual([]);
  });
});
