import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centerOf, drag, handleOf, nodeOf, openApp, type AppSession } from '../support/browser.ts';

const VEO = 'runcomfy/google-deepmind/veo-3-1/reference-to-video';

/** Building a graph as a user does: drag from the palette, drop wires on empty canvas, copy, paste, undo, frame. */
describe('building a graph', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
    await app.page.locator('[role="option"][data-id="weft/text"]').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  const edges = () => app.page.locator('.react-flow__edge');
  const pane = () => app.page.locator('.react-flow__pane');

  it('adds a node by dragging it from the palette to where it is dropped', async () => {
    const { page } = app;
    const canvas = (await page.locator('.weft-canvas').boundingBox())!;
    await page.locator('.weft-side [role="option"][data-id="weft/text"]').dragTo(page.locator('.weft-canvas'), { targetPosition: { x: 260, y: 120 } });
    await nodeOf(page, 'weft/text').waitFor();
    const box = (await nodeOf(page, 'weft/text').boundingBox())!;
    // The node's top edge lands where it was dropped (its top-centre is the drop point).
    expect(Math.abs(box.y - (canvas.y + 120))).toBeLessThan(4);
    expect(Math.abs(box.x + box.width / 2 - (canvas.x + 260))).toBeLessThan(4);
  });

  it('drops a wire on empty canvas, picks a node that takes it, and gets it connected', async () => {
    const { page } = app;
    const from = await centerOf(handleOf(page, 'weft/text', 'source', 'text'));
    await drag(page, from, { x: from.x + 380, y: from.y + 40 });
    const popup = page.getByRole('dialog', { name: 'Add a node for this wire' });
    await popup.waitFor();
    // Only nodes with a text input are offered: no Image input node (it takes no wire).
    expect(await popup.locator('[role="option"][data-id="weft/image"]').count()).toBe(0);
    await page.keyboard.type('veo 3.1 reference');
    await popup.locator(`[role="option"][data-id="${VEO}"]`).waitFor();
    await app.screenshot('20-wire-dropped-search');
    await page.keyboard.press('Enter');
    await nodeOf(page, VEO).waitFor();
    await expect.poll(() => edges().count()).toBe(1);
    expect(await nodeOf(page, VEO).locator('[data-field="prompt"] .weft-field__wired').textContent()).toContain('Text › text');
  });

  it('grows a new slot on a list input as each image is wired in', async () => {
    const { page } = app;
    // Zoomed out, so three image nodes fit beside the Veo node.
    await page.locator('.react-flow__controls-zoomout').click();
    await page.locator('.react-flow__controls-zoomout').click();
    const veo = nodeOf(page, VEO);
    const slots = () => veo.locator('[data-field="image_urls"] .react-flow__handle.target');
    expect(await slots().count()).toBe(1);
    for (let i = 0; i < 3; i++) {
      // Drag from the free slot to empty canvas: the search offers only nodes giving an image.
      const free = await centerOf(slots().last());
      const canvas = (await page.locator('.weft-canvas').boundingBox())!;
      await drag(page, free, { x: canvas.x + 150, y: canvas.y + 250 + i * 170 });
      const popup = page.getByRole('dialog', { name: 'Add a node for this wire' });
      await popup.waitFor();
      expect(await popup.locator('[role="option"][data-id="weft/text"]').count()).toBe(0);
      await popup.locator('[role="option"][data-id="weft/image"]').click();
      await expect.poll(() => slots().count()).toBe(i + 2);
    }
    expect(await page.locator('[data-type="weft/image"]').count()).toBe(3);
    expect(await edges().count()).toBe(4);
    expect(await veo.locator('[data-field="image_urls"] .weft-handle--free').count()).toBe(1);
    expect(await veo.locator('[data-field="image_urls"] .weft-field__wired').textContent()).toBe('← Image › image, Image › image, Image › image');
    await app.screenshot('21-list-slots');
  });

  it('copies, pastes, duplicates, and undoes and redoes each as one step', async () => {
    const { page } = app;
    await nodeOf(page, 'weft/text').locator('.weft-node__header').click();
    await page.keyboard.press('Control+c');
    await page.mouse.move(700, 700);
    await page.keyboard.press('Control+v');
    await expect.poll(() => page.locator('[data-type="weft/text"]').count()).toBe(2);
    await page.keyboard.press('Control+d');
    await expect.poll(() => page.locator('[data-type="weft/text"]').count()).toBe(3);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('[data-type="weft/text"]').count()).toBe(2);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('[data-type="weft/text"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => page.locator('[data-type="weft/text"]').count()).toBe(2);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('[data-type="weft/text"]').count()).toBe(3);
    // Typing in a prompt box: Ctrl+Z undoes the typing there, not a canvas edit.
    const box = page.locator('[data-type="weft/text"] textarea').first();
    await box.click();
    await page.keyboard.type('hello');
    await page.keyboard.press('Control+z');
    expect(await page.locator('[data-type="weft/text"]').count()).toBe(3);
    // Delete removes the selection; one undo brings it back.
    await page.keyboard.press('Escape');
    await nodeOf(page, 'weft/text').last().locator('.weft-node__header').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('[data-type="weft/text"]').count()).toBe(2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('[data-type="weft/text"]').count()).toBe(3);
  });

  it('frames the selection with a titled frame that carries its nodes when dragged', async () => {
    const { page } = app;
    await pane().click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+g');
    const frame = page.locator('.weft-frame');
    await frame.waitFor();
    const title = page.getByRole('textbox', { name: 'Frame title' });
    await title.fill('Reference clip');
    await pane().click({ position: { x: 5, y: 5 } });
    const veo = nodeOf(page, VEO);
    const before = (await veo.boundingBox())!;
    const bar = await centerOf(page.locator('.weft-frame__bar'));
    await drag(page, { x: bar.x + 200, y: bar.y }, { x: bar.x + 260, y: bar.y + 40 });
    const after = (await veo.boundingBox())!;
    expect(after.x - before.x).toBeGreaterThan(20);
    expect(after.y - before.y).toBeGreaterThan(10);
    expect(await title.inputValue()).toBe('Reference clip');
    await app.screenshot('22-frame');
    // One undo puts the frame and its nodes back.
    await pane().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await veo.boundingBox())!.x)).toBe(Math.round(before.x));
  });

  it('lists the keyboard shortcuts on ? and closes with Escape; toolbar controls have names', async () => {
    const { page } = app;
    await pane().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Duplicate the selection');
    await app.screenshot('23-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    for (const name of ['Undo', 'Redo', 'Keyboard shortcuts']) expect(await page.getByRole('button', { name }).count()).toBe(1);
    expect(app.errors).toEqual([]);
  });
});
