import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centerOf, drag, handleOf, nodeOf, openApp, type AppSession } from '../support/browser.ts';

const VEO = 'runcomfy/google-deepmind/veo-3-1/reference-to-video';

describe('the editor, in a real browser', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  const node = (type: string) => nodeOf(app.page, type);
  const handle = (type: string, kind: 'source' | 'target', port: string) => handleOf(app.page, type, kind, port);

  it('opens on a full-window canvas with the palette and controls (no minimap: an empty graph has nothing to map)', async () => {
    const { page } = app;
    await page.locator('.react-flow__pane').waitFor();
    await expect(page.locator('.react-flow__minimap').count()).resolves.toBe(0);
    await expect(page.locator('.react-flow__controls').count()).resolves.toBe(1);
    const search = page.getByRole('combobox', { name: 'Search nodes' });
    await search.waitFor();
    // Built-ins arrive right after first paint, then the whole index is listed (~420 endpoints).
    await page.locator('[role="option"][data-id="weft/text"]').waitFor();
    expect(await page.locator('.weft-side [role="option"]').count()).toBeGreaterThan(400);
    const canvas = await page.locator('.weft-canvas').boundingBox();
    expect(canvas!.width).toBeGreaterThan(1000);
    expect(canvas!.height).toBeGreaterThan(800);
    await app.screenshot('00-empty');
  });

  it('finds Veo 3.1 reference-to-video by searching and adds it with the right widgets', async () => {
    const { page } = app;
    const search = page.getByRole('combobox', { name: 'Search nodes' });
    await search.fill('veo 3.1 reference');
    const row = page.locator(`.weft-side [role="option"][data-id="${VEO}"]`);
    await row.waitFor();
    expect(await page.locator('.weft-side [role="option"]').count()).toBeLessThan(10);
    await app.screenshot('01-palette-search');
    await row.click();

    const veo = node(VEO);
    await veo.locator('[data-field="prompt"] textarea').waitFor();
    await page.locator('.react-flow__minimap').waitFor(); // the minimap appears with the first node
    expect(await veo.locator('.weft-node__title').textContent()).toMatch(/Veo 3\.1/);

    const prompt = veo.getByLabel(/^Prompt/);
    expect(await prompt.evaluate((el) => el.tagName)).toBe('TEXTAREA');

    const resolution = veo.getByLabel(/^Resolution/);
    expect(await resolution.evaluate((el) => el.tagName)).toBe('SELECT');
    const options = await resolution.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['720p', '1080p']));
    expect(await resolution.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('720p');

    expect(await veo.getByLabel(/^Generate Audio/).isChecked()).toBe(true);

    const images = veo.locator('[data-field="image_urls"]');
    expect(await images.locator('.react-flow__handle.target.weft-handle--list').count()).toBe(1);
    expect(await images.textContent()).toContain('1–10 images');
    // Required fields are marked.
    expect(await veo.locator('[data-field="prompt"] .weft-required').count()).toBe(1);
    expect(await images.locator('.weft-required').count()).toBe(1);

    // Typing in a widget edits the value and does not drag the node.
    const before = (await veo.boundingBox())!;
    await prompt.click();
    await page.keyboard.type('a red fox in the snow');
    expect(await prompt.inputValue()).toBe('a red fox in the snow');
    const after = (await veo.boundingBox())!;
    expect([after.x, after.y]).toEqual([before.x, before.y]);
  });

  it('moves a node by dragging its title bar', async () => {
    const { page } = app;
    const veo = node(VEO);
    const header = veo.locator('.weft-node__header');
    const start = await centerOf(header);
    const before = (await veo.boundingBox())!;
    await drag(page, start, { x: start.x + 400, y: start.y - 40 });
    const after = (await veo.boundingBox())!;
    expect(after.x - before.x).toBeGreaterThan(350);
  });

  it('adds a Text node and wires it into the prompt', async () => {
    const { page } = app;
    const search = page.getByRole('combobox', { name: 'Search nodes' });
    await search.fill('text');
    await page.locator('.weft-side [role="option"][data-id="weft/text"]').click();
    const text = node('weft/text');
    await text.locator('textarea').waitFor();

    // The two nodes do not overlap.
    const a = (await text.boundingBox())!;
    const b = (await node(VEO).boundingBox())!;
    expect(a.x + a.width < b.x || b.x + b.width < a.x).toBe(true);

    // Mid-drag, the ports the wire may end on light up and the others dim.
    const from = await centerOf(handle('weft/text', 'source', 'text'));
    const to = await centerOf(handle(VEO, 'target', 'prompt'));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 30, from.y + 60, { steps: 6 });
    expect(await handle(VEO, 'target', 'prompt').getAttribute('class')).toContain('weft-handle--can');
    expect(await handle(VEO, 'target', 'resolution').getAttribute('class')).toContain('weft-handle--can');
    expect(await handle(VEO, 'target', 'image_urls').getAttribute('class')).toContain('weft-handle--cannot');
    expect(await handle(VEO, 'target', 'generate_audio').getAttribute('class')).toContain('weft-handle--cannot');
    await app.screenshot('02-dragging-a-wire');
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.mouse.up();
    await page.locator('.react-flow__edge').first().waitFor();
    expect(await page.locator('.weft-handle--can, .weft-handle--cannot').count()).toBe(0);
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
    // The prompt widget yields to the wire and says where its value comes from.
    await node(VEO).locator('[data-field="prompt"] .weft-field__wired').waitFor();
    expect(await node(VEO).locator('[data-field="prompt"] .weft-field__wired').textContent()).toContain('Text › text');
  });

  it('refuses a wire from text into an image list and says why', async () => {
    const { page } = app;
    await drag(page, await centerOf(handle('weft/text', 'source', 'text')), await centerOf(handle(VEO, 'target', 'image_urls')));
    const status = page.getByRole('status');
    await expect.poll(() => status.textContent()).toMatch(/Images takes image, but Text › text is text/);
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
    await app.screenshot('03-wired-and-refused');
  });

  it('opens the palette as a popup on double-click and adds the picked node there', async () => {
    const { page } = app;
    const canvas = (await page.locator('.weft-canvas').boundingBox())!;
    const at = { x: canvas.x + 200, y: canvas.y + canvas.height - 260 };
    await page.mouse.dblclick(at.x, at.y);
    const popup = page.getByRole('dialog', { name: 'Add a node' });
    await popup.waitFor();
    const search = popup.getByRole('combobox', { name: 'Search nodes' });
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    await search.fill('preview');
    await app.screenshot('04-popup');
    // The highlighted row is the first match; Enter adds it.
    expect(await popup.locator('[role="option"][aria-selected="true"]').getAttribute('data-id')).toBe('weft/preview');
    await search.press('Enter');
    await node('weft/preview').waitFor();
    expect(await popup.count()).toBe(0);
    const box = (await node('weft/preview').boundingBox())!;
    expect(Math.abs(box.x + box.width / 2 - at.x)).toBeLessThan(40);
    expect(Math.abs(box.y - at.y)).toBeLessThan(40);
  });

  it('deletes the selected node (and its wires) with the Delete key', async () => {
    const { page } = app;
    await node('weft/text').locator('.weft-node__header').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => node('weft/text').count()).toBe(0);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    // Without the wire, the prompt's own widget is back, with the text typed earlier.
    expect(await node(VEO).getByLabel(/^Prompt/).inputValue()).toBe('a red fox in the snow');
    await app.screenshot('05-after-delete');
  });

  it('keeps what the user types in number and JSON widgets, and shows a JSON error under the box', async () => {
    const { page } = app;
    const speech = 'runninghub/rhart-audio/text-to-audio/speech-2.8-hd';
    const search = page.getByRole('combobox', { name: 'Search nodes' });
    await search.fill('minimax speech 2.8 hd');
    await page.locator(`.weft-side [role="option"][data-id="${speech}"]`).click();
    const n = node(speech);
    const speed = n.locator('[data-field="speed"] input');
    await speed.waitFor();
    await speed.click();
    await page.keyboard.press('End');
    for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('-1.5');
    expect(await speed.inputValue()).toBe('-1.5');
    // -1.5 is below the minimum: the validator says so under the field.
    await expect.poll(() => n.locator('[data-field="speed"] .weft-problem').count()).toBeGreaterThan(0);

    const dict = n.locator('[data-field="pronunciation_dict"] textarea');
    await dict.fill('{"a": ');
    await n.locator('[data-field="pronunciation_dict"] .weft-problem', { hasText: 'Invalid JSON' }).waitFor();
    await dict.fill('["x/y"]');
    expect(await n.locator('[data-field="pronunciation_dict"] .weft-problem', { hasText: 'Invalid JSON' }).count()).toBe(0);
    await app.screenshot('06-widgets');
  });

  it('logged no errors in the browser console', () => {
    expect(app.errors).toEqual([]);
  });
});
