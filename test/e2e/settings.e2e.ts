import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centerOf, drag, handleOf, nodeOf, openApp, REPO, type AppSession } from '../support/browser.ts';

const KEY = 'rc-e2e-Kq7dZ2mX9pL4vN8wR3tY';
const CUSTOM = 'custom/nano-banana-2-lite-edit';
const SCHEMA = readFileSync(path.join(REPO, 'test/fixtures/reference-schemas/runcomfy__google_nano-banana-2-lite_edit.json'), 'utf8');

describe('settings and custom endpoints, in a real browser', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp({ env: {} }); // no keys on the server: both providers simulated
  });

  afterAll(async () => {
    await app?.close();
  });

  const dialog = (name: string) => app.page.getByRole('dialog', { name });
  const badge = (mode: 'simulator' | 'live') => app.page.locator(`.weft-modes [data-mode="${mode}"]`);
  const storage = (key: string) => app.page.evaluate((k) => localStorage.getItem(k) ?? '', key);

  it('says both providers are simulated when the server has no keys', async () => {
    await expect.poll(() => badge('simulator').textContent()).toBe('RunComfy, RunningHub: Simulator — no credits spent');
    expect(await badge('live').count()).toBe(0);
  });

  it('reads "Use simulator" on (and fixed) for a provider with no key anywhere, as the status line says', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const toggle = dialog('Settings').getByRole('switch', { name: 'Use simulator for RunningHub' });
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    expect(await toggle.getAttribute('aria-disabled')).toBe('true');
    expect(await toggle.isEnabled()).toBe(false); // aria-disabled: assistive tech and playwright both see it fixed
    await toggle.dispatchEvent('click');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    expect(await dialog('Settings').textContent()).toContain('no key is set, here or on the server');
    await page.keyboard.press('Escape');
    await dialog('Settings').waitFor({ state: 'detached' });
  });

  it('opens Settings by keyboard, keeps focus inside, and saves a RunComfy key that is never shown in full', async () => {
    const { page } = app;
    const button = page.getByRole('button', { name: 'Settings', exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    const settings = dialog('Settings');
    await settings.waitFor();
    // Focus starts inside and Tab wraps around inside the dialog.
    expect(await settings.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Done');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Close Settings');

    const keyInput = settings.getByLabel('RunComfy API key');
    expect(await keyInput.getAttribute('type')).toBe('password');
    await keyInput.focus();
    await page.keyboard.type(KEY);
    await settings.getByRole('button', { name: 'Show RunComfy key' }).click();
    expect(await keyInput.getAttribute('type')).toBe('text');
    await keyInput.press('Enter');
    await expect.poll(() => settings.getByTestId('runcomfy-saved-key').textContent()).toBe(`Key saved: ••••••••${KEY.slice(-4)}`);
    expect(await keyInput.inputValue()).toBe('');
    expect(await keyInput.getAttribute('type')).toBe('password');
    expect(await page.content()).not.toContain(KEY);
    await app.screenshot('settings-dialog');

    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Settings');
  });

  it('shows RunComfy live with the browser key, and simulated again when its simulator switch is on', async () => {
    await expect.poll(() => badge('live').textContent()).toBe('RunComfy: Live — spends credits');
    expect(await app.page.getByRole('note', { name: 'RunComfy: Live — spends credits' }).getAttribute('title')).toContain('key saved in this browser');
    expect(await badge('simulator').textContent()).toBe('RunningHub: Simulator — no credits spent');

    await app.page.getByRole('button', { name: 'Settings', exact: true }).click();
    const toggle = dialog('Settings').getByRole('switch', { name: 'Use simulator for RunComfy' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.press('Space');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => badge('simulator').textContent()).toBe('RunComfy, RunningHub: Simulator — no credits spent');
    expect(await badge('simulator').getAttribute('title')).toContain('RunComfy: "Use simulator" is on');
    expect(await badge('live').count()).toBe(0);
  });

  it('explains bad input in the custom endpoint dialog, then previews the ports of a pasted RunComfy schema', async () => {
    const { page } = app;
    await dialog('Settings').getByRole('button', { name: 'Add custom endpoint…' }).click();
    const editor = dialog('Add a custom endpoint');
    await editor.waitFor();
    const source = editor.getByLabel('Schema');
    const add = editor.getByRole('button', { name: 'Add node' });

    await source.fill('{ "type": "object", ');
    await expect.poll(() => editor.getByRole('alert').textContent()).toMatch(/^This is not valid JSON/);
    await source.fill('{ "hello": "world" }');
    await expect.poll(() => editor.getByRole('alert').textContent()).toMatch(/Not a schema Weft recognises/);
    expect(await add.isDisabled()).toBe(true);

    await source.fill(SCHEMA);
    await source.press('Tab'); // leaving the box reads the title and model id from the pasted entry
    await expect.poll(() => editor.getByLabel('Title').inputValue()).toBe('Nano Banana 2 Lite Edit');
    expect(await editor.getByLabel('Endpoint id').inputValue()).toBe('google/nano-banana-2-lite/edit');
    expect(await editor.getByLabel('Runs on').inputValue()).toBe('runcomfy');

    const preview = editor.getByRole('region', { name: 'Preview of the node' });
    await expect.poll(() => preview.getByRole('list', { name: 'Inputs' }).locator('.weft-custom__port-name').allTextContents()).toEqual(['prompt', 'aspect_ratio', 'image_urls']);
    expect(await preview.getByRole('list', { name: 'Outputs' }).textContent()).toContain('image');

    await editor.getByLabel('Endpoint id').fill('google/../../v1/requests');
    await expect.poll(() => editor.getByRole('alert').textContent()).toMatch(/endpoint id/);
    await editor.getByLabel('Endpoint id').fill('google/nano-banana-2-lite/edit');
    await expect.poll(() => add.isDisabled()).toBe(false);
    await app.screenshot('settings-custom-endpoint');

    // "Add node to canvas" keeps the endpoint in the settings and puts a node of it where the user looks.
    await add.click();
    await editor.waitFor({ state: 'detached' });
    await dialog('Settings').waitFor({ state: 'detached' });
    await nodeOf(page, CUSTOM).locator('[data-field="prompt"]').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('weft.settings.v1') ?? '')).toContain('"title":"Nano Banana 2 Lite Edit"');
  });

  it('lists the custom node in the palette; wired from a Text node, it shows its validation messages', async () => {
    const { page } = app;
    const search = page.getByRole('combobox', { name: 'Search nodes' });
    await search.fill('text');
    await page.locator('.weft-side [role="option"][data-id="weft/text"]').click();
    await nodeOf(page, 'weft/text').waitFor();
    const header = nodeOf(page, 'weft/text').locator('.weft-node__header');
    const start = await centerOf(header);
    await drag(page, start, { x: start.x - 380, y: start.y });

    await search.fill('nano banana lite edit');
    await page.locator(`.weft-side [role="option"][data-id="${CUSTOM}"]`).waitFor();
    const custom = nodeOf(page, CUSTOM);
    await custom.locator('[data-field="prompt"]').waitFor();
    expect(await custom.locator('.weft-node__title').textContent()).toBe('Nano Banana 2 Lite Edit');
    expect(await custom.locator('[data-field="image_urls"] .weft-problem').count()).toBeGreaterThan(0);

    await drag(page, await centerOf(handleOf(page, 'weft/text', 'source', 'text')), await centerOf(handleOf(page, CUSTOM, 'target', 'prompt')));
    await page.locator('.react-flow__edge').first().waitFor();
    expect(await custom.locator('[data-field="prompt"] .weft-field__wired').textContent()).toContain('Text');
    expect(await custom.locator('[data-field="prompt"] .weft-problem').count()).toBe(0);
    expect(await custom.locator('[data-field="image_urls"] .weft-problem').first().textContent()).toMatch(/image_urls|required|at least/i);
    await app.screenshot('settings-custom-node-canvas');
  });

  it('puts the definition, and never the key, into the autosaved file', async () => {
    await expect.poll(async () => (await storage('weft.autosave.v1')).includes('"port": "prompt"')).toBe(true);
    const saved = await storage('weft.autosave.v1');
    expect(saved).toContain(`"id": "${CUSTOM}"`);
    expect(saved).toContain('"endpoint": "google/nano-banana-2-lite/edit"');
    expect(saved).not.toContain(KEY);
    // The key lives only in the settings entry of this browser.
    expect(await storage('weft.settings.v1')).toContain(KEY);
  });

  it('keeps the custom node after a reload: still in the palette and on the canvas, wired, not a placeholder', async () => {
    const { page } = app;
    await page.reload();
    const custom = nodeOf(page, CUSTOM);
    await custom.locator('[data-field="prompt"]').waitFor();
    expect(await custom.locator('.weft-node__title').textContent()).toBe('Nano Banana 2 Lite Edit');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    await page.getByRole('combobox', { name: 'Search nodes' }).fill('nano banana lite edit');
    await page.locator(`.weft-side [role="option"][data-id="${CUSTOM}"]`).waitFor();
    await expect.poll(() => badge('simulator').textContent()).toBe('RunComfy, RunningHub: Simulator — no credits spent');
    expect(app.errors).toEqual([]);
  });
});
