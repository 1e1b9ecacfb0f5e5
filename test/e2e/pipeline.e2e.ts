import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centerOf, drag, fileMenu, handleOf, nodeOf, openApp, playPreviewVideo, REPO, type AppSession } from '../support/browser.ts';
import { png } from '../support/png.ts';

const VEO = 'runcomfy/google-deepmind/veo-3-1/reference-to-video';

/**
 * The whole story, as a user does it: from an empty canvas, build the Veo 3.1 reference
 * pipeline by search, drag and connect (prompt, three local images, Veo, preview, save), run it on the
 * simulator, watch the clip play, get the download, save the graph, reload, and open the saved file.
 */
describe('the Veo 3.1 reference pipeline, built from an empty canvas and run', () => {
  let app: AppSession;
  let savedGraph = '';

  beforeAll(async () => {
    app = await openApp({ env: {}, width: 1600, height: 1000 });
    await app.page.locator('[role="option"][data-id="weft/text"]').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  const canvasPoint = async (x: number, y: number) => {
    const box = (await app.page.locator('.weft-canvas').boundingBox())!;
    return { x: box.x + x, y: box.y + y };
  };

  /** Drags a wire from a handle to empty canvas and picks `type` in the search that opens. */
  const wireToNew = async (from: { x: number; y: number }, to: { x: number; y: number }, type: string) => {
    await drag(app.page, from, to);
    const popup = app.page.getByRole('dialog', { name: 'Add a node for this wire' });
    await popup.waitFor();
    await popup.locator(`[role="option"][data-id="${type}"]`).click();
  };

  it('builds it by search, drag and connect', async () => {
    const { page } = app;
    const search = page.getByRole('combobox', { name: 'Search nodes' });
    await search.fill('veo 3.1 reference');
    await page.locator(`.weft-side [role="option"][data-id="${VEO}"]`).dragTo(page.locator('.weft-canvas'), { targetPosition: { x: 720, y: 60 } });
    await nodeOf(page, VEO).waitFor();
    await search.fill('text');
    await page.locator('.weft-side [role="option"][data-id="weft/text"]').dragTo(page.locator('.weft-canvas'), { targetPosition: { x: 240, y: 40 } });
    await nodeOf(page, 'weft/text').waitFor();

    // Prompt → Veo's prompt, by dragging between the ports.
    await drag(page, await centerOf(handleOf(page, 'weft/text', 'source', 'text')), await centerOf(handleOf(page, VEO, 'target', 'prompt')));
    await nodeOf(page, 'weft/text').locator('textarea').fill('The woman from the first image walks her dog through the market at dusk.');

    // Three images, each grown from Veo's free list slot, each given a local file.
    const slots = nodeOf(page, VEO).locator('[data-field="image_urls"] .react-flow__handle.target');
    const colours: [number, number, number][] = [[200, 80, 60], [60, 160, 90], [70, 90, 200]];
    for (let i = 0; i < 3; i++) {
      await wireToNew(await centerOf(slots.last()), await canvasPoint(240, 330 + i * 200), 'weft/image');
      await expect.poll(() => slots.count()).toBe(i + 2);
      const image = page.locator('.react-flow__node:has([data-type="weft/image"])').nth(i);
      const chooser = page.waitForEvent('filechooser');
      await image.getByRole('button', { name: 'Choose file…' }).click();
      await (await chooser).setFiles({ name: `ref-${i + 1}.png`, mimeType: 'image/png', buffer: png(...colours[i]!) });
      await image.locator('.weft-file__name', { hasText: `ref-${i + 1}.png` }).waitFor();
    }

    // Veo's video → a Preview and a Save, each dropped on empty canvas to the right (below the minimap).
    const video = handleOf(page, VEO, 'source', 'video');
    await wireToNew(await centerOf(video), await canvasPoint(1120, 250), 'weft/preview');
    await nodeOf(page, 'weft/preview').waitFor();
    await wireToNew(await centerOf(video), await canvasPoint(1120, 640), 'weft/save');
    await nodeOf(page, 'weft/save').waitFor();

    expect(await page.locator('.react-flow__node-template').count()).toBe(7);
    expect(await page.locator('.react-flow__edge').count()).toBe(6);
    // Nothing is left to fill in: no field on the canvas reports a problem.
    expect(await page.locator('.weft-problem').count()).toBe(0);
    await app.screenshot('30-pipeline-built');
  });

  it('runs it: the clip plays in the preview and the save node downloads it, with one submit', async () => {
    const { page } = app;
    const download = page.waitForEvent('download', { timeout: 45_000 });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/\.mp4$/);
    const bytes = await readFile((await saved.path())!);
    expect(bytes.equals(await readFile(path.join(REPO, 'public/sim/sample.mp4')))).toBe(true);

    await playPreviewVideo(page);
    expect(await nodeOf(page, VEO).locator('.weft-run').getAttribute('data-run-state')).toBe('done');
    const calls = await fetch(new URL('/api/simulator/__sim/calls', app.server.url)).then((r) => r.json() as Promise<{ counts: Record<string, number> }>);
    expect(calls.counts['runcomfy.submit']).toBe(1);
    await app.screenshot('31-pipeline-ran');
  });

  it('saves the graph, keeps it through a reload, and opens the saved file again', async () => {
    const { page } = app;
    await page.getByRole('textbox', { name: 'Graph name' }).fill('Reference clip');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const download = page.waitForEvent('download');
    await page.keyboard.press('Control+s');
    const file = await download;
    expect(file.suggestedFilename()).toBe('Reference clip.weft.json');
    savedGraph = await readFile((await file.path())!, 'utf8');
    const parsed = JSON.parse(savedGraph) as { nodes: unknown[]; edges: unknown[] };
    expect([parsed.nodes.length, parsed.edges.length]).toEqual([7, 6]);

    await page.reload();
    await nodeOf(page, VEO).waitFor();
    expect(await page.locator('.react-flow__node-template').count()).toBe(7);
    expect(await page.getByRole('textbox', { name: 'Graph name' }).inputValue()).toBe('Reference clip');

    await fileMenu(page, 'New');
    await expect.poll(() => page.locator('.react-flow__node-template').count()).toBe(0);
    await page.getByLabel('Open graph file').setInputFiles({ name: 'Reference clip.weft.json', mimeType: 'application/json', buffer: Buffer.from(savedGraph) });
    await expect.poll(() => page.locator('.react-flow__node-template').count()).toBe(7);
    expect(await page.locator('.react-flow__edge').count()).toBe(6);
    expect(app.errors).toEqual([]);
  });
});
