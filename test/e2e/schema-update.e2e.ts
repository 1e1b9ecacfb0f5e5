import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/cli/loadTemplates.ts';
import { loadGraph } from '../../src/core/document/loadGraph.ts';
import { openApp, REPO, type AppSession } from '../support/browser.ts';

/** A graph saved before its endpoint changed: the open report offers "Update to the current schema", one undo step. */

const FIXTURE = path.join(REPO, 'test/fixtures/graphs/schema-drift.weft.json');
const dialog = (page: Page) => page.locator('dialog[open]');

async function saveText(page: Page): Promise<string> {
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
  return readFile((await download.path())!, 'utf8');
}

const veoOf = (text: string) => (JSON.parse(text) as { nodes: { id: string; schemaHash: string; values: Record<string, unknown> }[] }).nodes.find((n) => n.id === 'veo')!;

describe('updating a drifted node to the current schema, in a real browser', () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openApp({ env: {} });
    await app.page.locator('.react-flow__pane').waitFor();
  });
  afterAll(() => app.close());

  it('offers the update in the open report, applies it as one step, and Ctrl+Z takes it back', async () => {
    const { page } = app;
    await page.getByLabel('Open graph file').setInputFiles({ name: 'schema-drift.weft.json', mimeType: 'application/json', buffer: await readFile(FIXTURE) });
    await dialog(page).getByText('changed since this file was saved').waitFor();
    const update = dialog(page).getByRole('button', { name: 'Update to the current schema' });
    await app.screenshot('schema-update-offered');
    await update.click();
    await dialog(page).waitFor({ state: 'detached' });
    await expect(page.locator('.weft-status [role="status"]').textContent()).resolves.toContain('Updated 1 node to the current schema');

    const updated = await saveText(page);
    expect(veoOf(updated).values).toEqual({ duration: 8 });
    const templates = await loadTemplates();
    const reloaded = loadGraph(updated, (t) => templates.get(t));
    expect(reloaded.warnings.filter((w) => w.code === 'schema-drift')).toEqual([]);

    await page.keyboard.press('Control+z');
    const undone = await saveText(page);
    expect(veoOf(undone)).toMatchObject({ schemaHash: '3a1f00c0ffee0001', values: { aspect_ratio: '16:9', duration: 8, resolution: '4k' } });
    expect(app.errors).toEqual([]);
  });

  it('does not offer it when nothing drifted', async () => {
    const { page } = app;
    await page.getByLabel('Open graph file').setInputFiles({ name: 'dangling.weft.json', mimeType: 'application/json', buffer: await readFile(path.join(REPO, 'test/fixtures/graphs/dangling-edge.weft.json')) });
    await dialog(page).getByText('was dropped').first().waitFor();
    expect(await dialog(page).getByRole('button', { name: 'Update to the current schema' }).count()).toBe(0);
    await dialog(page).getByRole('button', { name: 'Got it' }).click();
  });
});
