import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/cli/loadTemplates.ts';
import { handleOf, nodeOf, openApp, type AppSession } from '../support/browser.ts';

const VEO = 'runcomfy/google-deepmind/veo-3-1/reference-to-video';

/**
 * A large graph opens without drawing the nodes outside the view (estimated layout, see
 * estimateLayout; or a cheap shell, see useDrawnInFull); a node scrolled into view later must be the
 * full node, with wires landing on its real ports.
 */
describe('a large graph, in a real browser', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('draws a node panned into view in full and wires into it where its port is', async () => {
    const templates = await loadTemplates();
    const veo = templates.get(VEO)!;
    const text = templates.get('weft/text');
    const grid = Array.from({ length: 200 }, (_, i) => ({
      id: `g${i}`,
      type: VEO,
      schemaHash: veo.schemaHash,
      position: { x: 3000 + (i % 20) * 400, y: (Math.floor(i / 20) * 700) },
      values: {},
    }));
    const pair = [
      { id: 't', type: 'weft/text', ...(text?.schemaHash ? { schemaHash: text.schemaHash } : {}), position: { x: 0, y: 2400 }, values: { text: 'a fox' } },
      { id: 'v', type: VEO, schemaHash: veo.schemaHash, position: { x: 420, y: 2400 }, values: {} },
    ];
    // The saved view shows empty canvas: the grid is off to the right, the pair below.
    const file = JSON.stringify({ format: 'weft.graph', version: 1, name: 'large', nodes: [...grid, ...pair], edges: [], viewport: { x: 100, y: 100, zoom: 1 } });
    const { page } = app;
    await page.locator('input[type="file"][aria-label="Open graph file"]').setInputFiles({ name: 'large.weft.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 0 || !document.querySelector('.weft-node__loading'));
    await expect.poll(() => nodeOf(page, VEO).count()).toBe(0);

    // Pan down to the pair by dragging the empty canvas, as a user would.
    for (let k = 0; k < 4; k++) {
      await page.mouse.move(700, 800);
      await page.mouse.down();
      await page.mouse.move(700, 200, { steps: 8 });
      await page.mouse.up();
    }
    const target = page.locator('.react-flow__node[data-id="v"]');
    await target.locator('[data-field="prompt"] textarea, [data-field="prompt"] input').first().waitFor();
    expect(await target.locator('.weft-shell__widget').count()).toBe(0);

    const from = handleOf(page, 'weft/text', 'source', 'text');
    const to = target.locator('.react-flow__handle.target[data-handleid="prompt"]');
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await page.mouse.up();
    await target.locator('[data-field="prompt"] .weft-field__wired').waitFor();
    // The wire ends at the prompt port of the full node (not where the shell had it).
    const path = (await page.locator('.react-flow__edge-path').first().boundingBox())!;
    const port = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    expect(Math.abs(path.x + path.width - port.x)).toBeLessThan(8);
    expect(Math.min(Math.abs(path.y - port.y), Math.abs(path.y + path.height - port.y))).toBeLessThan(8);
    await app.screenshot('large-graph-wired-after-pan');
    expect(app.errors).toEqual([]);
  });
});
