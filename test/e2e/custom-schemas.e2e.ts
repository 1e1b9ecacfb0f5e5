import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centerOf, drag, handleOf, nodeOf, openApp, REPO, type AppSession } from '../support/browser.ts';

/**
 * Schemas from other providers pasted into the custom endpoint dialog, in the built app: a request of
 * several shapes becomes one node with a variant selector, a document with no operations offers its
 * schemas, the dialog says what it did with each field it could not map, and the node lands on the canvas.
 */
const fixture = (name: string) => readFileSync(path.join(REPO, 'test/fixtures/foreign-schemas', name), 'utf8');
const RUNWAY = 'custom/generate-a-video-from-an-image';
const FAL = 'custom/flux-lora';

describe('foreign schemas in the custom endpoint dialog, in a real browser', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp({ env: {} });
  });

  afterAll(async () => {
    await app?.close();
  });

  const dialog = (name: string) => app.page.getByRole('dialog', { name });

  async function openEditor() {
    await app.page.getByRole('button', { name: 'Settings', exact: true }).click();
    await dialog('Settings').getByRole('button', { name: 'Add custom endpoint…' }).click();
    const editor = dialog('Add a custom endpoint');
    await editor.waitFor();
    return editor;
  }

  it('turns Runway\'s request of three shapes into one node: title and output read from the schema, unmapped fields listed', async () => {
    const editor = await openEditor();
    await editor.getByLabel('Schema', { exact: true }).fill(fixture('runway__image_to_video.openapi.json'));
    // Typed, not pasted: the title and what the node returns still come from the schema.
    await expect.poll(() => editor.getByLabel('Title').inputValue()).toBe('Generate a video from an image');
    expect(await editor.getByLabel('Returns').inputValue()).toBe('video');
    await editor.getByLabel('Endpoint id').fill('v1/image_to_video');
    const preview = editor.getByRole('region', { name: 'Preview of the node' });
    await expect.poll(() => preview.locator('[data-field="model"] .weft-custom__kind').textContent()).toBe('enum · 3 variants');
    expect(await preview.locator('[data-field="ratio"]').count()).toBe(3);
    const report = preview.getByRole('list', { name: 'Fields not mapped one to one' });
    expect(await report.textContent()).toContain('the request takes 3 shapes (gen4_turbo, gen3a_turbo, veo3)');
    expect(await report.textContent()).toContain('contentModeration a nested object: edit as JSON');
    await app.screenshot('custom-schemas-runway-dialog');

    await editor.getByRole('button', { name: 'Add node to canvas' }).click();
    await dialog('Settings').waitFor({ state: 'detached' });
    const node = nodeOf(app.page, RUNWAY);
    await node.locator('[data-field="ratio"]').waitFor();
    const ratio = node.locator('[data-field="ratio"] select');
    expect(await ratio.locator('option').allTextContents()).toEqual(expect.arrayContaining(['1280:720', '1584:672']));
    await node.locator('[data-field="model"] select').selectOption({ label: 'gen3a_turbo' });
    await expect.poll(() => ratio.locator('option').allTextContents()).toEqual(expect.arrayContaining(['1280:768', '768:1280']));
    expect(await ratio.locator('option').allTextContents()).not.toContain('1584:672');
    expect(await node.locator('[data-field="promptImage"] [role="radio"]').allTextContents()).toEqual(['Image URL', 'List of objects (uri, position)']);
    await app.screenshot('custom-schemas-runway-node');
  });

  it('keeps the wire of a field every variant has, and returns a choice the new variant lacks to its default', async () => {
    const { page } = app;
    const search = page.getByRole('combobox', { name: 'Search nodes' });
    await search.fill('text');
    await page.locator('.weft-side [role="option"][data-id="weft/text"]').click();
    const text = nodeOf(page, 'weft/text');
    await text.waitFor();
    const start = await centerOf(text.locator('.weft-node__header'));
    await drag(page, start, { x: start.x - 420, y: start.y });
    // The new node landed clear of the tall Runway node and the view panned to it: fit both in view.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    await drag(page, await centerOf(handleOf(page, 'weft/text', 'source', 'text')), await centerOf(handleOf(page, RUNWAY, 'target', 'promptText')));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    const model = nodeOf(page, RUNWAY).locator('[data-field="model"] select');
    await model.selectOption({ label: 'veo3' });
    await expect.poll(() => nodeOf(page, RUNWAY).locator('[data-field="duration"] select').inputValue()).not.toBe('orphan');
    expect(await nodeOf(page, RUNWAY).locator('[data-field="duration"] select option:checked').textContent()).toBe('8');
    expect(await page.locator('.react-flow__edge').count()).toBe(1); // promptText is in every variant
    expect(app.errors).toEqual([]);
  });

  it('offers the schemas of a document with no operations, and previews the one chosen', async () => {
    const editor = await openEditor();
    await editor.getByLabel('Schema', { exact: true }).fill(fixture('fal__components_only.openapi.json'));
    const choose = editor.getByLabel('Request');
    await expect.poll(() => editor.getByRole('alert').textContent()).toMatch(/holds 2 request schemas and no operation/);
    expect(await choose.locator('option').allTextContents()).toEqual(['Choose the request schema…', 'Text to video (TextToVideoInput)', 'Image to video (ImageToVideoInput)']);
    await choose.selectOption({ label: 'Image to video (ImageToVideoInput)' });
    await editor.getByLabel('Endpoint id').fill('fal-ai/kling/image-to-video');
    const preview = editor.getByRole('region', { name: 'Preview of the node' });
    await expect.poll(() => preview.getByRole('list', { name: 'Inputs' }).locator('.weft-custom__port-name').allTextContents()).toEqual(['prompt', 'image_url', 'tail_image_url', 'duration']);
    expect(await editor.getByLabel('Title').inputValue()).toBe('Image to video');
    expect(await editor.getByLabel('Returns').inputValue()).toBe('video');
    await app.screenshot('custom-schemas-choose');
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await app.page.keyboard.press('Escape');
    await dialog('Settings').waitFor({ state: 'detached' });
  });

  it('gives fal\'s preset-or-size field a form switch, and drops the default that breaks its own minimum', async () => {
    const editor = await openEditor();
    await editor.getByLabel('Schema', { exact: true }).fill(fixture('fal__flux_lora.openapi.json'));
    await expect.poll(() => editor.getByLabel('Title').inputValue()).toBe('fal-ai/flux-lora');
    await editor.getByLabel('Title').fill('Flux LoRA');
    await editor.getByLabel('Endpoint id').fill('fal-ai/flux-lora');
    const report = editor.getByRole('list', { name: 'Fields not mapped one to one' });
    await expect.poll(() => report.textContent()).toContain('width the schema\'s default 0 breaks its own rules');
    await editor.getByRole('button', { name: 'Add node to canvas' }).click();
    await dialog('Settings').waitFor({ state: 'detached' });
    const node = nodeOf(app.page, FAL);
    const size = node.locator('[data-field="image_size"]');
    await size.waitFor();
    expect(await size.locator('[role="radio"][aria-checked="true"]').textContent()).toBe('Preset');
    await size.getByRole('radio', { name: 'Image Size' }).click();
    await app.screenshot('custom-schemas-fal-form');
    const json = size.locator('textarea');
    await json.fill('{ "width": 0, "height": 768 }');
    await expect.poll(() => size.locator('.weft-problem').first().textContent()).toBe('Image Size: must be more than 0 (got 0) (at width)');
    await json.fill('{ "width": 1024, "height": 768 }');
    await expect.poll(() => size.locator('.weft-problem').count()).toBe(0);
    await size.getByRole('radio', { name: 'Preset' }).click();
    expect(await size.locator('select').inputValue()).not.toBe('');
    expect(await node.locator('[data-field="width"] .weft-problem').count()).toBe(0);
    await app.screenshot('custom-schemas-fal-node');
    expect(app.errors).toEqual([]);
  });

  it('makes OpenAI\'s voice an editable combo: the suggestions offered, any name accepted, never an audio port', async () => {
    const editor = await openEditor();
    await editor.getByLabel('Schema', { exact: true }).fill(fixture('openai__speech.json'));
    await expect.poll(() => editor.getByLabel('Title').inputValue()).toBe('Create speech');
    expect(await editor.getByLabel('Returns').inputValue()).toBe('audio');
    await editor.getByLabel('Endpoint id').fill('openai/tts');
    await editor.getByRole('button', { name: 'Add node to canvas' }).click();
    await dialog('Settings').waitFor({ state: 'detached' });
    const voice = nodeOf(app.page, 'custom/create-speech').locator('[data-field="voice"]');
    const combo = voice.locator('input.weft-combo');
    await combo.waitFor();
    expect(await voice.locator('datalist option').count()).toBe(11);
    expect(await voice.locator('.react-flow__handle').getAttribute('data-kind')).toBe('enum');
    await combo.fill('my-cloned-voice');
    await expect.poll(() => voice.locator('.weft-problem').count()).toBe(0);
    await combo.fill('');
    await expect.poll(() => voice.locator('.weft-problem').first().textContent()).toBe('Voice is required');
    await combo.fill('nova');
    await expect.poll(() => voice.locator('.weft-problem').count()).toBe(0);
    await app.screenshot('custom-schemas-openai-voice');
    expect(app.errors).toEqual([]);
  });
});
