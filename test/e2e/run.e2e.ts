import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/server/simulator/index.ts';
import { nodeOf, openApp, playPreviewVideo, REPO, seedAutosave, type AppSession } from '../support/browser.ts';
import { png } from '../support/png.ts';

/**
 * Running a graph in the browser against the built-in simulator, as a user would: pick three local
 * images, press Run, watch the nodes go queued → running → done, play the clip in the preview node,
 * receive the save node's download, see a failing job's reason, and reload mid-run to see the run
 * finish with exactly one submit per node.
 */

const VEO = 'runcomfy/google-deepmind/veo-3-1/reference-to-video';
const AUTOSAVE_KEY = 'weft.autosave.v1';

/** The Veo 3.1 reference pipeline: prompt and three (still empty) images → Veo → preview and save. */
async function pipelineText(): Promise<string> {
  const graph = JSON.parse(await readFile(path.join(REPO, 'test/fixtures/graphs/veo31-reference.weft.json'), 'utf8')) as {
    nodes: { id: string; type: string; values: Record<string, unknown>; position: { x: number; y: number } }[];
    edges: unknown[];
    groups?: unknown[];
    viewport?: unknown;
  };
  const at: Record<string, { x: number; y: number }> = { prompt: { x: 0, y: 0 }, woman: { x: 0, y: 250 }, market: { x: 0, y: 450 }, dog: { x: 0, y: 650 }, veo: { x: 400, y: 180 } };
  for (const n of graph.nodes) {
    if (n.type === 'weft/image') n.values = {};
    if (at[n.id]) n.position = at[n.id]!;
  }
  graph.nodes.find((n) => n.id === 'prompt')!.values.text = 'A woman walks through a market at dusk; her dog trots after her.';
  graph.nodes.find((n) => n.id === 'preview')!.position = { x: 790, y: 0 };
  graph.nodes.push({ id: 'save', type: 'weft/save', position: { x: 790, y: 500 }, values: { filename: '{graph}-{node}-{index}' } });
  graph.edges.push({ id: 'e6', from: { node: 'veo', port: 'video' }, to: { node: 'save', port: 'media' } });
  graph.viewport = { x: 20, y: 20, zoom: 1 };
  delete graph.groups;
  return JSON.stringify(graph);
}

describe('running a graph in the browser (simulator)', () => {
  let app: AppSession;
  const api = (p: string) => new URL(`/api/simulator/__sim/${p}`, app.server.url).href;
  const simulator = async (p: string, body?: unknown) => {
    const res = await fetch(api(p), body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json', origin: new URL(app.server.url).origin }, body: JSON.stringify(body) });
    expect(res.ok).toBe(true);
    return (await res.json()) as { counts?: Record<string, number> };
  };
  const veo = () => nodeOf(app.page, VEO);
  const runState = (type: string) => nodeOf(app.page, type).locator('.weft-run').first();
  const waitState = async (type: string, states: string[], timeout = 30_000) => {
    await app.page.waitForFunction(
      ({ type, states }) => {
        const el = document.querySelector(`.react-flow__node:has([data-type="${type}"]) .weft-run`);
        return el !== null && states.includes(el.getAttribute('data-run-state') ?? '');
      },
      { type, states },
      { timeout },
    );
  };

  /** Does `start`, then waits for a new run (a new run id in the run panel) to finish. */
  const finishedRun = async (start: () => Promise<void>) => {
    const runId = app.page.locator('.weft-run-panel__summary .weft-jobs__id');
    const before = (await runId.count()) ? await runId.textContent() : '';
    await start();
    await app.page.waitForFunction(
      (before) => {
        const summary = document.querySelector('.weft-run-panel__summary');
        return summary?.querySelector('.weft-jobs__id')?.textContent !== before && summary?.querySelector('[data-outcome]') !== null;
      },
      before,
      { timeout: 30_000 },
    );
  };

  beforeAll(async () => {
    app = await openApp({ env: {}, width: 1600, height: 1000 });
    const text = await pipelineText();
    // Seed the autosave once per tab (a later reload must reopen the graph as the user left it).
    await seedAutosave(app.page, text);
    await veo().locator('.weft-run').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('takes three local image files chosen with "Choose file…", showing their names and thumbnails', async () => {
    const { page } = app;
    const colours: [string, [number, number, number]][] = [['woman', [200, 80, 60]], ['market', [60, 160, 90]], ['dog', [70, 90, 200]]];
    for (const [id, rgb] of colours) {
      const node = page.locator(`.react-flow__node[data-id="${id}"]`);
      const chooser = page.waitForEvent('filechooser');
      await node.getByRole('button', { name: 'Choose file…' }).click();
      await (await chooser).setFiles({ name: `${id}.png`, mimeType: 'image/png', buffer: png(...rgb) });
      await node.locator('.weft-file__name', { hasText: `${id}.png` }).waitFor();
      await node.locator('img.weft-file__thumb').waitFor();
    }
    // Every node shows an (empty) status line before any run.
    expect(await runState(VEO).getAttribute('data-run-state')).toBe('idle');
  });

  it('runs: nodes go through queued/running to done, the clip plays in the preview, and the save node downloads it', async () => {
    const { page } = app;
    await simulator('reset', {});
    await simulator('config', { timing: { queueMs: 1200, runMs: 2500 } });
    const heightBefore = (await veo().boundingBox())!.height;
    const download = page.waitForEvent('download', { timeout: 45_000 });
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    await waitState(VEO, ['submitted', 'running']);
    expect(await page.getByRole('button', { name: 'Cancel' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: /^Running/ }).isDisabled()).toBe(true);
    await waitState(VEO, ['running']);
    // The status line's height is reserved: the node does not grow while it runs.
    expect((await veo().boundingBox())!.height).toBe(heightBefore);
    expect(await runState(VEO).textContent()).toMatch(/Running.*\d+(\.\d)? s/);
    await app.screenshot('run-01-running');

    await waitState(VEO, ['done']);
    await waitState('weft/preview', ['done']);
    expect(await runState('weft/text').getAttribute('data-run-state')).toBe('done');
    const saved = await download;
    // {node} is the title of the node that made the file, not the save node's id ("…-save-0.mp4").
    expect(saved.suggestedFilename()).toBe('Veo 3.1 reference clip-Veo 3.1 reference to video-0.mp4');
    const bytes = await readFile((await saved.path())!);
    expect(bytes.equals(await readFile(path.join(REPO, 'public/sim/sample.mp4')))).toBe(true);

    const video = await playPreviewVideo(page);
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    await nodeOf(page, 'weft/save').getByRole('button', { name: /Download/ }).waitFor();
    await app.screenshot('run-02-done-video');

    const calls = await simulator('calls');
    expect(calls.counts?.['runcomfy.submit']).toBe(1);
  });

  it('the save node offers the file again on a button', async () => {
    const { page } = app;
    const download = page.waitForEvent('download');
    await nodeOf(page, 'weft/save').getByRole('button', { name: /Download/ }).click();
    expect((await download).suggestedFilename()).toBe('Veo 3.1 reference clip-Veo 3.1 reference to video-0.mp4');
  });

  it('the run panel lists the job with its provider id and the events; clicking the job selects its node', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Run panel' }).click();
    const panel = page.getByRole('complementary', { name: 'Run panel' });
    const row = panel.locator('.weft-jobs__row[data-node="veo"]');
    await row.waitFor();
    expect(await row.getAttribute('data-run-state')).toBe('done');
    expect(await row.textContent()).toMatch(/RunComfy/);
    expect((await row.locator('.weft-jobs__id').textContent())!.length).toBeGreaterThan(8);
    expect(await panel.locator('.weft-log').textContent()).toMatch(/submitted runcomfy job/);
    await row.getByRole('button').first().click();
    await page.locator('.react-flow__node[data-id="veo"].selected').waitFor();
    // The node toolbar of the selected node offers Run to here / Run from here.
    await page.getByRole('button', { name: /Run to here/ }).waitFor();
    await app.screenshot('run-03-panel');
  });

  it('an unchanged graph runs again from the cache: nothing is submitted or downloaded again, the node says "cached"', async () => {
    const { page } = app;
    await simulator('reset', {});
    let downloads = 0;
    const count = () => downloads++;
    page.on('download', count);
    await finishedRun(() => page.keyboard.press('Control+Enter'));
    page.off('download', count);
    expect(downloads).toBe(0);
    expect(await page.locator('.weft-log').textContent()).toMatch(/already downloaded/);
    expect(await nodeOf(page, 'weft/save').locator('.weft-result__files').textContent()).toContain('.mp4');
    expect(await runState(VEO).getAttribute('data-run-state')).toBe('cached');
    expect(await runState(VEO).textContent()).toMatch(/cached/);
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    expect((await simulator('calls')).counts?.['runcomfy.submit'] ?? 0).toBe(0);
  });

  it('a failing job shows the provider’s reason on the node', async () => {
    const { page } = app;
    await simulator('config', { timing: 'fast' });
    const prompt = nodeOf(page, 'weft/text').locator('textarea');
    await prompt.fill('A woman walks through a market at dusk [sim:fail]');
    await finishedRun(() => page.getByRole('button', { name: 'Run', exact: true }).click());
    expect(await runState(VEO).getAttribute('data-run-state')).toBe('failed');
    const error = veo().locator('.weft-run-error');
    await error.waitFor();
    expect((await error.textContent())!.length).toBeGreaterThan(10);
    expect(await runState('weft/preview').getAttribute('data-run-state')).toBe('skipped');
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await app.screenshot('run-04-failed');
  });

  it('right-click on a node offers "Run from here", which runs it again (and what follows) without the cache', async () => {
    const { page } = app;
    await simulator('reset', {});
    await nodeOf(page, 'weft/text').locator('textarea').fill('A woman walks through a market at dawn');
    await finishedRun(() => page.getByRole('button', { name: 'Run', exact: true }).click());
    expect((await simulator('calls')).counts?.['runcomfy.submit']).toBe(1);
    await veo().locator('.weft-node__title').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: /^Node/ });
    await finishedRun(() => menu.getByRole('menuitem', { name: /Run from here/ }).click());
    expect(await runState(VEO).getAttribute('data-run-state')).toBe('done');
    expect((await simulator('calls')).counts?.['runcomfy.submit']).toBe(2);
    expect(await menu.count()).toBe(0);
  });

  it('a result that arrives after Cancel is kept and can be looked at on the node', async () => {
    const { page } = app;
    await simulator('reset', {});
    // No provider queue, and a job longer than the ones before: the node is seen running (it cannot be
    // cancelled then), and its result arrives after Cancel.
    await simulator('config', { timing: { queueMs: 0, runMs: 7000 } });
    await nodeOf(page, 'weft/text').locator('textarea').fill('A woman walks through a market at noon');
    await page.locator('.weft-status').click(); // out of the text box, then F frames the whole graph
    await page.keyboard.press('f');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitState(VEO, ['running']);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await waitState(VEO, ['cancelled']);
    expect(await page.locator('.weft-run-panel__status').getAttribute('data-outcome')).toBe('cancelled');
    await veo().getByRole('button', { name: 'Show the kept result' }).click();
    await veo().locator('.weft-kept video').waitFor();
    await app.screenshot('run-05b-kept-after-cancel');
  });

  it('reloading mid-run picks the job up from the journal and finishes it with one submit per node', async () => {
    const { page } = app;
    await simulator('reset', {});
    await simulator('config', { timing: { queueMs: 1500, runMs: 4000 } });
    const prompt = nodeOf(page, 'weft/text').locator('textarea');
    await prompt.fill('A woman walks through a market at night, lanterns glowing');
    // Wait until the autosave holds the new prompt (it writes shortly after the last edit).
    await page.waitForFunction((key) => (localStorage.getItem(key) ?? '').includes('lanterns glowing'), AUTOSAVE_KEY);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitState(VEO, ['submitted', 'running']);
    expect((await simulator('calls')).counts?.['runcomfy.submit']).toBe(1);

    const download = page.waitForEvent('download', { timeout: 45_000 });
    await page.reload();
    await veo().locator('.weft-run').waitFor();
    await waitState(VEO, ['submitted', 'running', 'downloading', 'done']);
    await app.screenshot('run-06-resumed-after-reload');
    await waitState(VEO, ['done'], 45_000);
    await download;
    expect(await veo().locator('.weft-run').textContent()).not.toMatch(/cached/);
    const counts = (await simulator('calls')).counts ?? {};
    expect(counts['runcomfy.submit']).toBe(1);
    expect(app.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});

describe('a submit whose answer is lost (through the local server, live mode against a stand-alone simulator)', () => {
  let app: AppSession;
  let sim: Awaited<ReturnType<typeof startSimulator>>;

  beforeAll(async () => {
    sim = await startSimulator({ faults: [{ fault: 'drop_after_accept', provider: 'runcomfy', call: 'submit' }] });
    app = await openApp({ env: { RUNCOMFY_API_KEY: 'test-key-not-real', RUNCOMFY_BASE_URL: sim.url }, width: 1600, height: 1000 });
    const graph = JSON.parse(await pipelineText()) as { nodes: { type: string; values: Record<string, unknown> }[] };
    for (const n of graph.nodes) if (n.type === 'weft/image') n.values = { url: 'https://example.com/ref.png' };
    const text = JSON.stringify(graph);
    await seedAutosave(app.page, text);
    await nodeOf(app.page, VEO).locator('.weft-run').waitFor();
  });

  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('leaves the node "unknown", never resubmitted on its own; "Resubmit — may charge again" submits once more', async () => {
    const { page } = app;
    const veo = nodeOf(page, VEO);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForFunction((type) => document.querySelector(`.react-flow__node:has([data-type="${type}"]) .weft-run`)?.getAttribute('data-run-state') === 'unknown', VEO);
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    expect(sim.simulator.calls().filter((c) => c.call === 'submit')).toHaveLength(1);
    expect(await veo.locator('.weft-run-error').textContent()).toMatch(/may have/);
    await app.screenshot('run-05-unknown');

    await veo.getByRole('button', { name: 'Resubmit — may charge again' }).click();
    await page.waitForFunction((type) => document.querySelector(`.react-flow__node:has([data-type="${type}"]) .weft-run`)?.getAttribute('data-run-state') === 'done', VEO, { timeout: 30_000 });
    expect(sim.simulator.calls().filter((c) => c.call === 'submit')).toHaveLength(2);
  });
});
