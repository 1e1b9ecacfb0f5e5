import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startStaticServer, type RunningServer } from '../../src/server/static.ts';
import { startWeftServer } from '../../src/server/app.ts';

/**
 * Browser end-to-end support: Debian's Chromium driven by playwright-core against the built app
 * (`dist/`, built by `npm run test:e2e`), served by Weft's own static server on a free loopback port.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../..');
export const RESULTS = path.join(REPO, 'test-results');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface AppSession {
  browser: Browser;
  page: Page;
  server: RunningServer;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  /** Saves a full-page screenshot as `test-results/<name>.png` and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  width?: number;
  height?: number;
  path?: string;
  /**
   * Serve with the full `weft serve` composition (the `/api/` proxy and simulator in front of the
   * static files) using this environment instead of the bare static server.
   */
  env?: Record<string, string | undefined>;
}

/** Starts the server and a browser and opens the app; always `close()` it (in `afterAll`). */
export async function openApp(options: OpenAppOptions = {}): Promise<AppSession> {
  const root = path.join(REPO, 'dist');
  const server = options.env
    ? await startWeftServer({ root, host: '127.0.0.1', port: 0, env: options.env, log: () => {} })
    : await startStaticServer({ root, host: '127.0.0.1', port: 0 });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: options.width ?? 1440, height: options.height ?? 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(new URL(options.path ?? '/', server.url).href);
    const opened = browser;
    return {
      browser: opened,
      page,
      server,
      errors,
      async screenshot(name) {
        await mkdir(RESULTS, { recursive: true });
        const file = path.join(RESULTS, `${name}.png`);
        await page.screenshot({ path: file, animations: 'disabled' });
        return file;
      },
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/** The centre of an element in page pixels. */
export async function centerOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`no bounding box for ${String(locator)}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A real mouse drag between two points (press, move in steps, release), as a user would wire ports. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps });
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

/** Chooses an item of the toolbar's File menu (New, Open…, Recent…, Examples…, Save, Save as…, Share link…). */
export async function fileMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'File', exact: true }).click();
  await page.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name: item, exact: true }).click();
}

/** The canvas node of a template type (TemplateNode marks its body with `data-type`). */
export function nodeOf(page: Page, type: string): Locator {
  return page.locator(`.react-flow__node:has([data-type="${type}"])`);
}

/** One port handle of a node: an output (`source`) or input (`target`) by its port name. */
export function handleOf(page: Page, type: string, kind: 'source' | 'target', port: string): Locator {
  return nodeOf(page, type).locator(`.react-flow__handle.${kind}[data-handleid="${port}"]`);
}

/**
 * Opens `graphText` as the autosaved graph, once per tab (a later reload reopens the graph as the user
 * left it, not the seed), then reloads so the app restores it.
 */
export async function seedAutosave(page: Page, graphText: string): Promise<void> {
  await page.addInitScript(
    ({ text }) => {
      if (!sessionStorage.getItem('weft-test-seeded')) {
        localStorage.setItem('weft.autosave.v1', text);
        sessionStorage.setItem('weft-test-seeded', '1');
      }
    },
    { text: graphText },
  );
  await page.reload();
}

/** Plays the Preview node's video (muted, as autoplay rules need) and waits until it is really playing. */
export async function playPreviewVideo(page: Page): Promise<Locator> {
  const video = nodeOf(page, 'weft/preview').locator('video');
  await video.waitFor();
  await video.evaluate((v: HTMLVideoElement) => new Promise((resolve) => (v.readyState >= 2 ? resolve(null) : v.addEventListener('loadeddata', () => resolve(null), { once: true }))));
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>('.react-flow__node:has([data-type="weft/preview"]) video');
    return v !== null && !v.paused && v.currentTime > 0.3;
  });
  return video;
}
