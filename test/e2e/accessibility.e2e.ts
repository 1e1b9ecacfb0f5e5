import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.ts';
import { fileMenu, nodeOf, openApp, type AppSession } from '../support/browser.ts';

/**
 * axe-core over the running app: no serious or critical WCAG 2.1 A/AA or best-practice violation on
 * the empty editor, an open example (before and after a run), every dialog and every menu.
 */
describe('accessibility (axe-core), in a real browser', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp({ width: 1280, height: 800, env: {} });
    await app.page.locator('.react-flow__pane').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  const openDialog = () => app.page.locator('dialog[open]');
  const closeDialog = async () => {
    await app.page.keyboard.press('Escape');
    await openDialog().waitFor({ state: 'detached' });
  };

  it('the empty editor, with its example cards', async () => {
    await app.page.locator('.weft-empty .weft-examples__card').first().waitFor();
    expect(await seriousViolations(app.page)).toEqual([]);
    // One h1, and the bar is a banner, not a toolbar without arrow-key handling.
    expect(await app.page.locator('h1').count()).toBe(1);
    expect(await app.page.locator('header[role="toolbar"]').count()).toBe(0);
  });

  it('the examples gallery, then an open example', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Examples' }).click();
    await openDialog().locator('.weft-examples__card').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await openDialog().getByRole('button', { name: /Veo 3: animate/ }).click();
    await nodeOf(page, 'weft/note').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.react-flow__node-template')].every((n) => n.offsetHeight > 0));
    // (The note's text box is among what is checked: its label is hidden from sight, not from screen readers.)
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the run panel and the nodes after a run', async () => {
    const { page } = app;
    await page.keyboard.press('Control+Enter');
    if (!(await page.locator('.weft-run-panel').count())) await page.getByRole('button', { name: 'Run panel' }).click();
    await page.locator('.weft-run-panel__status[data-outcome]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('every dialog: settings, shortcuts, save as, share, recent, a load report, rename, custom endpoint', async () => {
    const { page } = app;
    const check = async (name: string) => {
      await openDialog().waitFor();
      expect(await seriousViolations(page), name).toEqual([]);
      await closeDialog();
    };
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await check('settings');
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await check('shortcuts');
    await fileMenu(page, 'Save as…');
    await check('save as');
    await fileMenu(page, 'Share link…');
    await check('share');
    await fileMenu(page, 'Recent…');
    await check('recent');
    await page.getByLabel('Open graph file').setInputFiles({ name: 'odd.weft.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'weft.graph', version: 1, name: 'Odd', nodes: [{ id: 'x', type: 'acme/nothing', position: { x: 0, y: 0 }, values: {} }], edges: [] })) });
    await check('load report');
    await nodeOf(page, 'acme/nothing').click();
    await page.keyboard.press('F2');
    await check('rename');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await openDialog().getByRole('button', { name: 'Add custom endpoint…' }).click();
    await page.getByRole('dialog', { name: /custom endpoint/i }).waitFor();
    expect(await seriousViolations(page), 'custom endpoint').toEqual([]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  it('every menu: File, a node menu, the canvas menu, and the node search', async () => {
    const { page } = app;
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'File', exact: true }).click();
    await page.getByRole('menu', { name: 'File' }).waitFor();
    expect(await seriousViolations(page), 'file menu').toEqual([]);
    await page.keyboard.press('Escape');
    await nodeOf(page, 'acme/nothing').click({ button: 'right' });
    await page.getByRole('menu', { name: /^Node/ }).waitFor();
    expect(await seriousViolations(page), 'node menu').toEqual([]);
    await page.keyboard.press('Escape');
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.click(pane.x + pane.width - 300, pane.y + pane.height - 60, { button: 'right' });
    await page.getByRole('menu', { name: 'Canvas' }).waitFor();
    expect(await seriousViolations(page), 'canvas menu').toEqual([]);
    await page.getByRole('menuitem', { name: 'Add node…' }).click();
    await page.getByRole('dialog', { name: 'Add a node' }).waitFor();
    expect(await seriousViolations(page), 'node search').toEqual([]);
    await page.keyboard.press('Escape');
    expect(app.errors).toEqual([]);
  });
});
