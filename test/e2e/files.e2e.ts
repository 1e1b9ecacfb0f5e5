import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/cli/loadTemplates.ts';
import { loadGraph } from '../../src/core/document/loadGraph.ts';
import { fileMenu, openApp, type AppSession } from '../support/browser.ts';

const EXAMPLE = 'Veo 3.1 from three reference images';
const EXAMPLE_NODES = 8;

const dialog = (page: Page) => page.locator('dialog[open]');
const status = (page: Page) => page.locator('.weft-status [role="status"]');

async function nodeCount(page: Page, n: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node-template').length === n, n);
}

/** Any two node boxes that overlap on screen (an example must be laid out neatly). */
async function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll('.react-flow__node-template')].map((el) => ({ id: el.getAttribute('data-id'), r: el.getBoundingClientRect() }));
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(`${boxes[i]!.id} × ${boxes[j]!.id}`);
      }
    return out;
  });
}

/** Drags a file over the window and drops it, as the OS would (playwright cannot drag real files). */
async function dropFile(page: Page, text: string, name: string, drop = true): Promise<void> {
  await page.evaluate(({ text, name, drop }) => {
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(new File([text], name, { type: 'application/json' }));
    const target = document.querySelector('.react-flow__pane')!;
    target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer }));
    target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer }));
    if (drop) target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer }));
  }, { text, name, drop });
}

async function saveDownload(page: Page, trigger: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
}

describe('files and sharing, in a real browser', () => {
  let app: AppSession;
  let saved: { name: string; text: string };
  let link: string;

  beforeAll(async () => {
    app = await openApp({ env: {} });
    await app.page.locator('.react-flow__pane').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens an example from the gallery in one click, laid out without overlapping nodes', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Examples' }).click();
    const gallery = dialog(page);
    await gallery.locator('.weft-examples__card').first().waitFor();
    expect(await gallery.locator('.weft-examples__card').count()).toBeGreaterThanOrEqual(5);
    // Every card shows its example's thumbnail, loaded.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('dialog .weft-examples__thumb')].every((img) => img.complete && img.naturalWidth > 0));
    await app.screenshot('files-gallery');
    await gallery.getByRole('button', { name: new RegExp(EXAMPLE) }).click();
    await nodeCount(page, EXAMPLE_NODES);
    expect(await page.getByLabel('Graph name').inputValue()).toBe(EXAMPLE);
    // React Flow shows a node once it has measured it.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.react-flow__node-template')].every((n) => n.style.visibility !== 'hidden' && n.offsetHeight > 0));
    expect(await overlaps(page)).toEqual([]);
    expect(await page.locator('.weft-files__unsaved:not(.is-clean)').count()).toBe(0);
    await app.screenshot('files-example-open');
  });

  it('opens every example laid out without overlapping nodes', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Examples' }).click();
    const titles = await dialog(page).locator('.weft-examples__title').allTextContents();
    await page.keyboard.press('Escape');
    // Last to first, so the first example is the one left open for the tests after this one.
    for (const [i, title] of [...titles.entries()].reverse()) {
      await page.getByRole('button', { name: 'Examples' }).click();
      await dialog(page).locator('.weft-examples__card', { hasText: title }).click();
      await page.waitForFunction((t) => (document.querySelector('[aria-label="Graph name"]') as HTMLInputElement).value === t, title);
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.react-flow__node-template')].every((n) => n.style.visibility !== 'hidden' && n.offsetHeight > 0));
      await app.screenshot(`files-example-${i}`);
      expect(await overlaps(page), title).toEqual([]);
    }
  });

  it('saves with Ctrl+S to "<name>.weft.json", a graph file that loads without warnings', async () => {
    const { page } = app;
    await page.getByLabel('Graph name').fill('Dog and cat');
    await page.locator('.weft-files__unsaved:not(.is-clean)').waitFor();
    await app.screenshot('files-unsaved');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    saved = await saveDownload(page, () => page.keyboard.press('Control+s'));
    expect(saved.name).toBe('Dog and cat.weft.json');
    const templates = await loadTemplates();
    const result = loadGraph(saved.text, (t) => templates.get(t));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.graph?.nodes).toHaveLength(EXAMPLE_NODES);
    expect(result.graph?.name).toBe('Dog and cat');
    await page.locator('.weft-files__unsaved.is-clean').waitFor({ state: 'attached' });
  });

  it('Save as asks for a name (Ctrl+Shift+S) and downloads under it', async () => {
    const { page } = app;
    await page.keyboard.press('Control+Shift+S');
    const name = dialog(page).getByLabel('Graph name');
    await name.waitFor();
    await name.fill('Dog, cat & sunflowers');
    const copy = await saveDownload(page, () => name.press('Enter'));
    expect(copy.name).toBe('Dog, cat & sunflowers.weft.json');
    expect(await page.getByLabel('Graph name').inputValue()).toBe('Dog, cat & sunflowers');
  });

  it('keeps the graph through a reload and says so', async () => {
    const { page } = app;
    await page.reload();
    await nodeCount(page, EXAMPLE_NODES);
    await expect(status(page).textContent()).resolves.toContain('Restored the graph you had open');
    expect(await page.getByLabel('Graph name').inputValue()).toBe('Dog, cat & sunflowers');
    // It was saved before the reload, so it is not marked unsaved after it.
    expect(await page.locator('.weft-files__unsaved:not(.is-clean)').count()).toBe(0);
  });

  it('reopens the saved file through Open…', async () => {
    const { page } = app;
    await fileMenu(page, 'New');
    await nodeCount(page, 0);
    await page.getByLabel('Open graph file').setInputFiles({ name: saved.name, mimeType: 'application/json', buffer: Buffer.from(saved.text) });
    await nodeCount(page, EXAMPLE_NODES);
    expect(await page.getByLabel('Graph name').inputValue()).toBe('Dog and cat');
    await expect(status(page).textContent()).resolves.toContain('Opened "Dog and cat.weft.json"');
  });

  it('reopens the saved file dropped anywhere on the window, with a drop overlay while dragging', async () => {
    const { page } = app;
    await fileMenu(page, 'New');
    await nodeCount(page, 0);
    await dropFile(page, saved.text, saved.name, false);
    await page.locator('.weft-drop').waitFor();
    await app.screenshot('files-drop-overlay');
    await dropFile(page, saved.text, saved.name);
    await nodeCount(page, EXAMPLE_NODES);
    await page.locator('.weft-drop').waitFor({ state: 'detached' });
  });

  it('sets unsaved work aside in Recent when New replaces it, lists recent graphs and reopens one', async () => {
    const { page } = app;
    await page.getByLabel('Graph name').fill('Work in progress');
    await page.locator('.weft-files__unsaved:not(.is-clean)').waitFor();
    await fileMenu(page, 'New');
    await nodeCount(page, 0);
    await expect(status(page).textContent()).resolves.toBe('New graph. Your unsaved changes are in Recent.');
    await fileMenu(page, 'Recent…');
    const items = dialog(page).locator('.weft-recent__item');
    await items.first().waitFor();
    expect(await items.allTextContents()).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Work in progressunsaved changes, set aside/),
      expect.stringContaining('Dog and cat'),
      expect.stringContaining('Dog, cat & sunflowers'),
    ]));
    await app.screenshot('files-recent');
    await items.filter({ hasText: 'Dog, cat & sunflowers' }).click();
    await nodeCount(page, EXAMPLE_NODES);
    expect(await page.getByLabel('Graph name').inputValue()).toBe('Dog, cat & sunflowers');
  });

  it('shares a link that opens the same graph in a fresh browser context', async () => {
    const { page, browser } = app;
    await fileMenu(page, 'Share link…');
    const input = dialog(page).getByLabel('Share link');
    await input.waitFor();
    link = await input.inputValue();
    expect(link).toMatch(new RegExp(`^${app.server.url.replace(/\/$/, '')}/#graph=[A-Za-z0-9_-]+$`));
    await app.screenshot('files-share');
    await dialog(page).getByRole('button', { name: 'Done' }).click();

    // The sender's window size: the link keeps the sender's view, and only nodes in view are drawn.
    const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const other = await fresh.newPage();
      await other.goto(link);
      await nodeCount(other, EXAMPLE_NODES);
      expect(await other.getByLabel('Graph name').inputValue()).toBe('Dog, cat & sunflowers');
      const prompt = await other.locator('.react-flow__node:has([data-type="weft/text"]) textarea').inputValue();
      expect(prompt).toContain('yellow labrador');
      expect(await other.evaluate(() => location.hash)).toBe('');
    } finally {
      await fresh.close();
    }
  });
});

describe('hostile files and links, in a real browser', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp({ env: {} });
    await app.page.locator('.react-flow__pane').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  const SCRIPT = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const hostile = JSON.stringify({
    format: 'weft.graph', version: 1, name: `Hostile ${SCRIPT}`,
    nodes: [
      { id: 'text', type: 'weft/text', title: SCRIPT, position: { x: 0, y: 0 }, values: { text: SCRIPT } },
      { id: `ghost${SCRIPT}`, type: `evil/${SCRIPT}`, position: { x: 420, y: 0 }, values: { prompt: 'x' } },
      { id: 'show', type: 'weft/preview', position: { x: 840, y: 0 }, values: {} },
    ],
    edges: [
      { id: 'dangling', from: { node: 'nowhere', port: 'text' }, to: { node: 'show', port: 'media' } },
      { id: 'ok', from: { node: 'text', port: 'text' }, to: { node: 'show', port: 'media' } },
    ],
  }, null, 2);

  it('opens a file with script tags, an unknown node type and a dangling wire, listing each as a warning, with no script run', async () => {
    const { page } = app;
    await page.getByLabel('Open graph file').setInputFiles({ name: 'hostile.weft.json', mimeType: 'application/json', buffer: Buffer.from(hostile) });
    const report = dialog(page);
    await report.locator('.weft-report__item').first().waitFor();
    expect(await report.locator('h2').textContent()).toMatch(/^Opened "hostile.weft.json" with \d+ warnings$/);
    const messages = (await report.locator('.weft-report__message').allTextContents()).join('\n');
    expect(messages).toContain(`type evil/${SCRIPT}, which is not installed`);
    expect(messages).toMatch(/wire "dangling" was dropped/);
    expect(await report.locator('.weft-report__place').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^nodes\[1\]\.type · line \d+, column \d+$/)]));
    await app.screenshot('files-warnings');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Got it');
    await page.keyboard.press('Enter');
    await report.waitFor({ state: 'detached' });
    await nodeCount(page, 3);
    await app.screenshot('files-hostile-canvas');
    // Titles, values and names are shown as text: the markup is visible and nothing ran.
    expect(await page.locator('.weft-node__title').allTextContents()).toContain(SCRIPT);
    expect(await page.getByLabel('Graph name').inputValue()).toBe(`Hostile ${SCRIPT}`);
    expect(await page.locator('.react-flow img[src="x"], .react-flow script, dialog script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it('refuses a file with a __proto__ key, says where, and leaves the open graph untouched', async () => {
    const { page } = app;
    const polluted = '{"format":"weft.graph","version":1,"name":"p","nodes":[{"id":"a","type":"weft/text","position":{"x":0,"y":0},"values":{"__proto__":{"polluted":true}}}],"edges":[]}';
    await page.getByLabel('Open graph file').setInputFiles({ name: 'proto.weft.json', mimeType: 'application/json', buffer: Buffer.from(polluted) });
    const report = dialog(page);
    await report.locator('.weft-report__item').first().waitFor();
    expect(await report.locator('h2').textContent()).toBe('Could not open "proto.weft.json"');
    expect(await report.textContent()).toContain('The graph you had open is unchanged.');
    expect(await report.locator('.weft-report__message').first().textContent()).toMatch(/__proto__/);
    expect(await report.locator('.weft-report__place').first().textContent()).toMatch(/^nodes\[0\]\.values.* · line 1, column \d+$/);
    await app.screenshot('files-error');
    await report.getByRole('button', { name: 'Close', exact: true }).click();
    await nodeCount(page, 3);
    expect(await page.evaluate(() => ({} as Record<string, unknown>).polluted)).toBeUndefined();
  });

  it('stops a decompression-bomb link and a link too long to open, keeping the work open before', async () => {
    const { page } = app;
    const bomb = await page.evaluate(async () => {
      const zeros = new Blob([new Uint8Array(64 * 1024 * 1024)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      const bytes = new Uint8Array(await new Response(zeros).arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    });
    await page.goto(`${app.server.url}#graph=${bomb}`);
    const report = dialog(page);
    await report.locator('.weft-report__item').waitFor();
    expect(await report.locator('.weft-report__message').textContent()).toBe("The link's graph is too large: it expands past 10 MiB, so it was not opened.");
    await report.getByRole('button', { name: 'Close', exact: true }).click();
    await nodeCount(page, 3); // the hostile graph from before, restored from autosave
    expect(await page.evaluate(() => location.hash)).toBe('');

    await page.goto(`${app.server.url}#graph=${'A'.repeat(2_000_001)}`);
    await report.locator('.weft-report__item').waitFor();
    expect(await report.locator('.weft-report__message').textContent()).toMatch(/^The link is too long to open/);
    await report.getByRole('button', { name: 'Close', exact: true }).click();

    await page.goto(`${app.server.url}#graph=not*base64`);
    await report.locator('.weft-report__item').waitFor();
    expect(await report.locator('.weft-report__message').textContent()).toMatch(/The link is damaged/);
    await report.getByRole('button', { name: 'Close', exact: true }).click();
    await nodeCount(page, 3);
  });

  it('refuses to save or share a graph holding a key, naming where it is, and downloads nothing', async () => {
    const { page } = app;
    await fileMenu(page, 'New');
    const withKey = JSON.stringify({
      format: 'weft.graph', version: 1, name: 'Leaky',
      nodes: [{ id: 'text', type: 'weft/text', position: { x: 0, y: 0 }, values: { text: 'use sk-live0123456789abcdefghijklmnop please' } }],
      edges: [],
    });
    await page.getByLabel('Open graph file').setInputFiles({ name: 'leaky.weft.json', mimeType: 'application/json', buffer: Buffer.from(withKey) });
    await nodeCount(page, 1);
    let downloads = 0;
    page.on('download', () => downloads++);
    await fileMenu(page, 'Save');
    const report = dialog(page);
    await report.locator('.weft-report__item').waitFor();
    expect(await report.locator('h2').textContent()).toBe('Nothing was saved');
    // Named as the editor names it (node › field), with the place in the file beside it.
    expect(await report.locator('.weft-report__where').textContent()).toBe('Text › Text');
    expect(await report.locator('.weft-report__place').textContent()).toBe('nodes[0].values.text');
    expect(await report.textContent()).not.toContain('sk-live');
    await app.screenshot('files-key-refused');
    await report.getByRole('button', { name: 'Close', exact: true }).click();
    await fileMenu(page, 'Share link…');
    await report.locator('.weft-report__item').waitFor();
    expect(await report.locator('h2').textContent()).toBe('No link was made');
    await report.getByRole('button', { name: 'Close', exact: true }).click();
    expect(downloads).toBe(0);
  });

  it('refuses to share a graph containing the key configured in Settings, whatever its shape', async () => {
    const context = await app.browser.newContext();
    try {
      await context.addInitScript(() => {
        localStorage.setItem('weft.settings.v1', JSON.stringify({ providers: { runcomfy: { apiKey: 'plainpassword', simulator: false, concurrency: 3 } } }));
        localStorage.setItem('weft.autosave.v1', JSON.stringify({ format: 'weft.graph', version: 1, name: 'Mine', nodes: [{ id: 't', type: 'weft/text', position: { x: 0, y: 0 }, values: { text: 'my plainpassword here' } }], edges: [] }));
      });
      const page = await context.newPage();
      await page.goto(app.server.url);
      await nodeCount(page, 1);
      await fileMenu(page, 'Share link…');
      const report = dialog(page);
      await report.locator('.weft-report__item').waitFor();
      expect(await report.locator('.weft-report__message').textContent()).toBe('contains a configured API key');
      expect(await report.locator('.weft-report__place').textContent()).toBe('nodes[0].values.text');
    } finally {
      await context.close();
    }
  });
});
