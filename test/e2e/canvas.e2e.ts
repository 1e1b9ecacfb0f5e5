import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeOf, openApp, type AppSession } from '../support/browser.ts';

/** Node boxes on screen, by id. */
async function boxes(page: Page): Promise<{ id: string; x: number; y: number; width: number; height: number }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.react-flow__node-template')].map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.dataset.id ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

/** Pairs of nodes that overlap on screen. */
async function overlapping(page: Page): Promise<string[]> {
  const list = await boxes(page);
  const out: string[] = [];
  for (const [i, a] of list.entries())
    for (const b of list.slice(i + 1)) if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push(`${a.id}/${b.id}`);
  return out;
}

/** Opens graph text as a file, through the Open file input (as many times as a test needs). */
async function openText(page: Page, graph: unknown): Promise<void> {
  await page.getByLabel('Open graph file').setInputFiles({ name: 'test.weft.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(graph)) });
}

const nodeCount = (page: Page) => page.locator('.react-flow__node-template').count();
const docText = (page: Page) => page.evaluate(() => localStorage.getItem('weft.autosave.v1') ?? '');

describe('the canvas: placement, menus, bypass, arrange, the toolbar', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp({ width: 1280, height: 800, env: {} });
    await app.page.locator('.react-flow__pane').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('keeps the toolbar one row at 1280 px, the same height while running, and the empty canvas offers examples', async () => {
    const { page } = app;
    const bar = page.locator('.weft-toolbar');
    expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(45);
    expect(await page.locator('.weft-empty .weft-examples__card').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.react-flow__minimap').count()).toBe(0); // no empty box on an empty graph
    expect(await page.locator('.react-flow__attribution').count()).toBe(0);
    await app.screenshot('canvas-01-first-run');
    // Every toolbar control lies inside the bar and the window.
    for (const box of await bar.locator('button, input').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent).map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.right).toBeLessThanOrEqual(1280);
      expect(box.bottom).toBeLessThanOrEqual(45);
    }
    await page.locator('.weft-empty .weft-examples__card', { hasText: 'One subject' }).click();
    await page.locator('.react-flow__node-template').nth(7).waitFor();
    const canvas = (await page.locator('.weft-canvas').boundingBox())!;
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: /^Running/ }).waitFor();
    expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(45);
    expect((await page.locator('.weft-canvas').boundingBox())!.y).toBe(canvas.y);
    await app.screenshot('canvas-02-toolbar-running');
    // Ctrl+Enter during a run says why nothing starts.
    await page.keyboard.press('Control+Enter');
    await page.locator('.weft-status [role="status"]', { hasText: 'A run is going on' }).waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor({ timeout: 30_000 });
  });

  it('fits an opened example into the view: every node is on screen, clear of the minimap', async () => {
    const { page } = app;
    await page.waitForTimeout(300);
    const canvas = (await page.locator('.weft-canvas').boundingBox())!;
    const minimap = (await page.locator('.react-flow__minimap').boundingBox())!;
    for (const b of await boxes(page)) {
      expect(b.x, b.id).toBeGreaterThanOrEqual(canvas.x);
      expect(b.y, b.id).toBeGreaterThanOrEqual(canvas.y);
      expect(b.x + b.width, b.id).toBeLessThanOrEqual(minimap.x);
      expect(b.y + b.height, b.id).toBeLessThanOrEqual(canvas.y + canvas.height);
    }
  });

  it('a node added from the palette, by double-click or by / never lands on another', async () => {
    const { page } = app;
    const before = await nodeCount(page);
    // The palette adds in the middle of the view, where a node already is.
    await page.getByRole('combobox', { name: 'Search nodes' }).fill('text template');
    await page.locator('.weft-side [role="option"][data-id="weft/template"]').click();
    // Double-click right on top of an existing node's neighbourhood (the pane under the first node's corner).
    const first = (await boxes(page))[0]!;
    await page.mouse.dblclick(first.x + first.width + 4, first.y + 4);
    await page.getByRole('dialog', { name: 'Add a node' }).getByRole('combobox').fill('note');
    await page.keyboard.press('Enter');
    await page.mouse.move(first.x + first.width / 2, first.y + 20);
    await page.keyboard.press('/');
    await page.getByRole('dialog', { name: 'Add a node' }).getByRole('combobox').fill('integer');
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeCount(page)).toBe(before + 3);
    await page.waitForTimeout(300);
    expect(await overlapping(page)).toEqual([]);
  });

  it('copy and paste keeps the wires between the pasted nodes, and lands clear of the originals', async () => {
    const { page } = app;
    const wires = await page.locator('.react-flow__edge').count();
    // Select the two style texts and their template (three nodes, two wires among them).
    await page.locator('.react-flow__node[data-id="styleA"] .weft-node__header').click();
    await page.locator('.react-flow__node[data-id="promptA"] .weft-node__header').click({ modifiers: ['Shift'] });
    await page.locator('.react-flow__node[data-id="subject"] .weft-node__header').click({ modifiers: ['Shift'] });
    expect(await page.locator('.react-flow__node.selected').count()).toBe(3);
    await page.keyboard.press('Control+c');
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + 200, pane.y + 200);
    await page.keyboard.press('Control+v');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(wires + 2);
    await page.waitForTimeout(300);
    expect(await overlapping(page)).toEqual([]);
    await app.screenshot('canvas-03-pasted');
  });

  it('the node menu: every item shows its shortcut, arrow keys move, Escape closes; Rename renames', async () => {
    const { page } = app;
    await page.locator('.react-flow__node[data-id="imageA"] .weft-node__title').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: /^Node/ });
    await menu.waitFor();
    const items = menu.getByRole('menuitem');
    expect(await items.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Rename…F2$/), expect.stringMatching(/^DuplicateCtrl\+D$/), expect.stringMatching(/^CopyCtrl\+C$/), expect.stringMatching(/^DeleteDelete$/)]));
    expect(await menu.getByRole('menuitemcheckbox', { name: 'Bypass' }).getAttribute('aria-keyshortcuts')).toBe('Control+B');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Rename/);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Duplicate/);
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Delete/);
    await app.screenshot('canvas-04-node-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    // Shift+F10 opens the selected node's menu; Enter on Rename opens the dialog.
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    await page.keyboard.press('Enter');
    const rename = page.getByRole('dialog', { name: 'Rename node' });
    await rename.getByRole('textbox', { name: 'Name' }).fill('Watercolour bicycle');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node[data-id="imageA"] .weft-node__title').textContent()).toBe('Watercolour bicycle');
  });

  it('the canvas menu offers Add node, Paste, Arrange, Fit view and Select all, with their shortcuts', async () => {
    const { page } = app;
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.click(pane.x + 30, pane.y + pane.height - 40, { button: 'right' });
    const menu = page.getByRole('menu', { name: 'Canvas' });
    await menu.waitFor();
    const items = menu.getByRole('menuitem');
    expect(await items.locator('.weft-menu__label').evaluateAll((els) => els.map((e) => e.firstChild?.textContent))).toEqual(['Add node…', 'Paste', 'Arrange', 'Fit view', 'Select all']);
    expect(await items.locator('.weft-menu__keys').allTextContents()).toEqual(['/ · double-click', 'Ctrl+V', 'L', 'F', 'Ctrl+A']);
    await app.screenshot('canvas-05-canvas-menu');
    await menu.getByRole('menuitem', { name: 'Select all' }).click();
    expect(await page.locator('.react-flow__node-template.selected').count()).toBe(await nodeCount(page));
    await page.keyboard.press('Escape');
  });

  it('Bypass dims the node, is saved, and the run submits nothing for it, passing its input on', async () => {
    const { page } = app;
    await page.locator('.react-flow__node[data-id="imageB"] .weft-node__title').click({ button: 'right' });
    await page.getByRole('menuitemcheckbox', { name: 'Bypass' }).click();
    await page.locator('.react-flow__node[data-id="imageB"].is-bypassed').waitFor();
    await expect.poll(async () => docText(page)).toContain('"bypass": true');
    await app.screenshot('canvas-06-bypassed');
    await page.getByRole('button', { name: 'Run panel', exact: true }).click();
    await page.keyboard.press('Control+Enter');
    await page.locator('.weft-run-panel__status[data-outcome]').waitFor({ timeout: 30_000 });
    // The bypassed image node has no job; the other one ran (or came from the cache).
    expect(await page.locator('.weft-jobs__row[data-node="imageB"]').count()).toBe(0);
    expect(await page.locator('.weft-jobs__row[data-node="imageA"]').count()).toBe(1);
    expect(await page.locator('.react-flow__node[data-id="imageB"] .weft-run').getAttribute('data-run-state')).toBe('idle');
    // A bypassed node cannot be the target of Run to here.
    await page.locator('.react-flow__node[data-id="imageB"] .weft-node__title').click({ button: 'right' });
    expect(await page.getByRole('menuitem', { name: 'Run to here' }).getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Run panel', exact: true }).click();
  });

  it('Arrange lays the graph out left to right with no overlaps, and one Undo puts it back', async () => {
    const { page } = app;
    const before = await docText(page);
    await page.mouse.click(600, 760); // the status line: nothing selected, focus off fields
    await page.keyboard.press('Escape');
    await app.screenshot('canvas-07-before-arrange');
    await page.keyboard.press('l');
    await expect.poll(() => docText(page)).not.toBe(before);
    await page.waitForTimeout(400);
    expect(await overlapping(page)).toEqual([]);
    const at = Object.fromEntries((await boxes(page)).map((b) => [b.id, b.x]));
    expect(at.promptA!).toBeGreaterThan(at.subject!);
    expect(at.imageA!).toBeGreaterThan(at.promptA!);
    expect(at.preview!).toBeGreaterThan(at.imageA!);
    await app.screenshot('canvas-08-after-arrange');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => JSON.parse(await docText(page)).nodes).toEqual(JSON.parse(before).nodes);
  });

  it('a Preview that grows with its results pushes the node below it down instead of covering it', async () => {
    const { page } = app;
    await openText(page, {
      format: 'weft.graph', version: 1, name: 'Growing',
      nodes: [
        { id: 't1', type: 'weft/text', position: { x: 0, y: 0 }, values: { text: 'a red kite over a beach' } },
        { id: 't2', type: 'weft/text', position: { x: 0, y: 300 }, values: { text: 'a blue kite over a field' } },
        { id: 'i1', type: 'runcomfy/google/nano-banana-2-lite/text-to-image', position: { x: 380, y: 0 }, values: {} },
        { id: 'i2', type: 'runcomfy/google/nano-banana-2-lite/text-to-image', position: { x: 380, y: 300 }, values: {} },
        { id: 'p', type: 'weft/preview', position: { x: 760, y: 0 }, values: {} },
        { id: 'below', type: 'weft/note', position: { x: 760, y: 360 }, values: { text: 'I sit under the preview' } },
      ],
      edges: [
        { id: 'e1', from: { node: 't1', port: 'text' }, to: { node: 'i1', port: 'prompt' } },
        { id: 'e2', from: { node: 't2', port: 'text' }, to: { node: 'i2', port: 'prompt' } },
        { id: 'e3', from: { node: 'i1', port: 'image' }, to: { node: 'p', port: 'media' } },
        { id: 'e4', from: { node: 'i2', port: 'image' }, to: { node: 'p', port: 'media' } },
      ],
    });
    await page.locator('.react-flow__node[data-id="below"]').waitFor();
    await page.waitForTimeout(400);
    expect(await overlapping(page)).toEqual([]);
    const before = (await page.locator('.react-flow__node[data-id="p"]').boundingBox())!.height;
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.react-flow__node[data-id="p"] .weft-result[data-count="2"] img').nth(1).waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await page.locator('.react-flow__node[data-id="p"]').boundingBox())!.height).toBeGreaterThan(before + 8);
    await page.waitForTimeout(300);
    expect(await overlapping(page)).toEqual([]);
    await app.screenshot('canvas-09-grown-preview');
  });

  it('shows a frame\'s long title whole (it wraps), never cut off', async () => {
    const { page } = app;
    await openText(page, {
      format: 'weft.graph', version: 1, name: 'Framed',
      nodes: [{ id: 't', type: 'weft/text', position: { x: 30, y: 70 }, values: {} }],
      edges: [],
      groups: [{ id: 'g', title: 'References — replace these three with your own pictures', rect: { x: 0, y: 0, width: 380, height: 330 } }],
    });
    const title = page.getByRole('textbox', { name: 'Frame title' });
    await title.waitFor();
    const fits = await title.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1);
    expect(fits).toBe(true);
    expect(await title.inputValue()).toBe('References — replace these three with your own pictures');
  });

  it('a file with a bypassed node opens bypassed (the flag round-trips)', async () => {
    const { page } = app;
    await openText(page, { format: 'weft.graph', version: 1, name: 'B', nodes: [{ id: 't', type: 'weft/text', position: { x: 0, y: 0 }, values: { text: 'x' }, bypass: true }], edges: [] });
    await nodeOf(page, 'weft/text').waitFor();
    expect(await page.locator('.react-flow__node[data-id="t"].is-bypassed').count()).toBe(1);
    expect(app.errors).toEqual([]);
  });
});
