import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centerOf, drag, handleOf, nodeOf, openApp, type AppSession } from '../support/browser.ts';

describe('the text template node, in a real browser', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  const node = (type: string) => nodeOf(app.page, type);
  const handle = (type: string, kind: 'source' | 'target', port: string) => handleOf(app.page, type, kind, port);
  const targets = (type: string) =>
    node(type).locator('.react-flow__handle.target').evaluateAll((els) => els.map((el) => el.getAttribute('data-handleid')));

  async function add(search: string, type: string): Promise<void> {
    await app.page.getByRole('combobox', { name: 'Search nodes' }).fill(search);
    await app.page.locator(`.weft-side [role="option"][data-id="${type}"]`).click();
    await node(type).waitFor();
  }

  it('adds a Text node and moves it to the left', async () => {
    await app.page.locator('[role="option"][data-id="weft/text"]').waitFor();
    await add('text', 'weft/text');
    const header = node('weft/text').locator('.weft-node__header');
    const start = await centerOf(header);
    await drag(app.page, start, { x: start.x - 420, y: start.y });
  });

  it('adds a Text template from the palette, with no input ports until the template has placeholders', async () => {
    await add('template', 'weft/template');
    const tpl = node('weft/template');
    expect(await tpl.locator('.weft-node__title').textContent()).toBe('Text template');
    expect(await tpl.locator('[data-field="template"] textarea').getAttribute('placeholder')).toBe('e.g. A {subject} in {style}, cinematic');
    expect(await targets('weft/template')).toEqual([]);
    expect(await handle('weft/template', 'source', 'text').count()).toBe(1);
  });

  it('grows one text port and widget per placeholder as the template is typed', async () => {
    const { page } = app;
    const tpl = node('weft/template');
    await tpl.locator('[data-field="template"] textarea').click();
    await page.keyboard.type('A {animal} in {place}, cinematic {{not a port}}');
    await expect.poll(() => targets('weft/template')).toEqual(['animal', 'place']);
    for (const name of ['animal', 'place']) {
      const row = tpl.locator(`[data-field="${name}"]`);
      expect(await row.locator('input[type="text"]').count()).toBe(1);
      expect(await row.locator('.weft-required').count()).toBe(1);
      expect(await handle('weft/template', 'target', name).getAttribute('data-kind')).toBe('text');
    }
    // An empty placeholder is reported under its own field, by name.
    expect(await tpl.locator('[data-field="animal"] .weft-problem').textContent()).toBe('animal is required');
    await app.screenshot('19-template-typed');
    await tpl.getByLabel(/^place/).fill('the snow');
    await expect.poll(() => tpl.locator('[data-field="place"] .weft-problem').count()).toBe(0);
  });

  it('wires a Text node into one placeholder port, and the widget yields to the wire', async () => {
    const { page } = app;
    await drag(page, await centerOf(handle('weft/text', 'source', 'text')), await centerOf(handle('weft/template', 'target', 'animal')));
    await page.locator('.react-flow__edge').first().waitFor();
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
    const animal = node('weft/template').locator('[data-field="animal"]');
    expect(await animal.locator('.weft-field__wired').textContent()).toContain('Text › text');
    expect(await animal.locator('.weft-problem').count()).toBe(0);
    // The wire is drawn (React Flow measured the new port).
    expect(await page.locator('.react-flow__edge-path').first().getAttribute('d')).toMatch(/^M/);
    await app.screenshot('20-template-wired');
  });

  it('drops the wire when its placeholder is deleted from the template', async () => {
    const { page } = app;
    await node('weft/template').locator('[data-field="template"] textarea').fill('A creature in {place}, cinematic');
    await expect.poll(() => targets('weft/template')).toEqual(['place']);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(0);
    expect(await node('weft/template').getByLabel(/^place/).inputValue()).toBe('the snow');
    await app.screenshot('21-template-placeholder-removed');
  });

  it('wires into a renamed placeholder even though the node keeps its size', async () => {
    const { page } = app;
    const tpl = node('weft/template');
    await tpl.getByLabel(/^place/).fill('');
    await tpl.locator('[data-field="place"] .weft-problem').waitFor();
    const before = (await tpl.boundingBox())!;
    await tpl.locator('[data-field="template"] textarea').fill('A creature in {where}, cinematic');
    await expect.poll(() => targets('weft/template')).toEqual(['where']);
    expect((await tpl.boundingBox())!.height).toBe(before.height);
    await drag(page, await centerOf(handle('weft/text', 'source', 'text')), await centerOf(handle('weft/template', 'target', 'where')));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    expect(await tpl.locator('[data-field="where"] .weft-field__wired').textContent()).toContain('Text › text');
    // The wire ends on the port: its last point is the handle's centre.
    const end = await page.locator('.react-flow__edge-path').first().evaluate((path) => {
      const svg = path as SVGPathElement;
      const point = svg.getPointAtLength(svg.getTotalLength());
      const m = svg.getScreenCTM()!;
      return { x: point.x * m.a + m.e, y: point.y * m.d + m.f };
    });
    const port = await centerOf(handle('weft/template', 'target', 'where'));
    expect(Math.abs(end.x - port.x)).toBeLessThan(8);
    expect(Math.abs(end.y - port.y)).toBeLessThan(8);
    await app.screenshot('22-template-renamed-placeholder-wired');
  });

  it('logged no errors in the browser console', () => {
    expect(app.errors).toEqual([]);
  });
});
