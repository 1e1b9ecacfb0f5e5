import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { GeneratedGraph } from './graphs.ts';

/**
 * The editor in headless Chromium: open a generated graph through the page's own file input, then drag
 * one node and pan the canvas, measuring what a user feels. Runs the same steps on Weft and on the bare
 * React Flow page, so every figure has a baseline from the same machine at the same moment.
 */

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const VIEW = { width: 1440, height: 900 };
const DRAG_MOVES = 50;
const PAN_MOVES = 60;
/** Pointer events ~120 Hz, like a mouse. */
const MOVE_EVERY_MS = 8;

export interface EditorFigures {
  /** File chosen → every node in view painted, ms. */
  loadMs: number;
  /** Main-thread task time per pointer move while dragging one node, ms. */
  dragTaskMsPerMove: number;
  /** p95 interval between frames while dragging, ms. */
  dragFrameP95: number;
  /** p95 interval between frames while panning, ms. */
  panFrameP95: number;
  /** Main-thread task time per pointer move while panning, ms. */
  panTaskMsPerMove: number;
  /** Node components rendered per drag move (Weft only; the counter is opt-in). */
  rendersPerMove?: number;
  /** How the graph was opened: the file input, or (before it existed) the autosave key at page load. */
  openedBy: 'file input' | 'autosave';
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Installed before any page script: timing marks, the render counter, the frame recorder. */
function benchInit(opts: { autosave?: string; autosaveKey?: string }): void {
  const g = globalThis as Record<string, unknown>;
  g.__weftBench = true;
  g.__weftRenders = 0;
  g.__benchT0 = undefined;
  document.addEventListener(
    'change',
    (event) => {
      const t = event.target as HTMLInputElement | null;
      if (t && t.type === 'file' && g.__benchT0 === undefined) g.__benchT0 = performance.now();
    },
    true,
  );
  const frames: number[] = [];
  g.__benchFrames = frames;
  g.__benchRecording = false;
  const tick = (t: number) => {
    if (g.__benchRecording) frames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  if (opts.autosave && opts.autosaveKey) {
    try {
      localStorage.setItem(opts.autosaveKey, opts.autosave);
    } catch {
      /* ignore */
    }
  }
}

/** In the page: resolves once every node whose corner lies in the visible pane is in the DOM, measured and loaded. */
function waitPainted(args: { inView: string[] }): Promise<number> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      const loading = document.querySelector('.weft-node__loading');
      if (performance.now() - began > 240_000) {
        const present = document.querySelectorAll('.react-flow__node').length;
        return reject(new Error(`not painted after 240 s: ${present} nodes in the DOM, ${document.querySelectorAll('.weft-node__loading').length} loading, ${args.inView.length} expected in view`));
      }
      const ok =
        !loading &&
        args.inView.every((id) => {
          const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`);
          return el && el.style.visibility !== 'hidden' && el.offsetWidth > 0;
        });
      if (!ok) return void requestAnimationFrame(check);
      // The frame after the one that had them all: they are on screen.
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
    };
    check();
  });
}

export interface PageTarget {
  kind: 'weft' | 'baseline';
  url: string;
  /** Text of the file to open on this page. */
  file(graph: GeneratedGraph): string;
  /** The localStorage key the page restores a graph from at load (Weft's autosave), for the fallback. */
  autosaveKey?: string;
}

/** Node ids whose top-left corner is inside the pane at the opened viewport (they must be painted). */
function inView(graph: GeneratedGraph, pane: { width: number; height: number }, viewport: { x: number; y: number; zoom: number }): string[] {
  return graph.positions
    .filter((p) => {
      const sx = p.x * viewport.zoom + viewport.x;
      const sy = p.y * viewport.zoom + viewport.y;
      return sx >= 0 && sy >= 0 && sx < pane.width - 40 && sy < pane.height - 40;
    })
    .map((p) => p.id);
}

/** Measures one page with one graph. */
export async function measureEditor(browser: Browser, target: PageTarget, graph: GeneratedGraph, viewport: { x: number; y: number; zoom: number }): Promise<EditorFigures> {
  const context = await browser.newContext({ viewport: VIEW });
  // tsx names functions with a `__name` helper that the page lacks; functions sent to it need one.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    const text = target.file(graph);
    // Does this page have the Open button's input? Look on a blank load first.
    await page.addInitScript(benchInit, {});
    await page.goto(target.url);
    const input = page.locator('input[type="file"][aria-label="Open graph file"]');
    await page.waitForSelector('.react-flow__pane');
    let openedBy: EditorFigures['openedBy'] = 'file input';
    let t0: number;
    let pane = await paneBox(page);
    const ids = inView(graph, pane, viewport);
    if ((await input.count()) > 0) {
      await input.first().setInputFiles({ name: `bench-${graph.nodes}.weft.json`, mimeType: 'application/json', buffer: Buffer.from(text) });
      const t1 = await page.evaluate(waitPainted, { inView: ids });
      t0 = (await page.evaluate(() => (globalThis as { __benchT0?: number }).__benchT0)) ?? 0;
      t0 = t1 - t0;
    } else if (target.autosaveKey) {
      // Fallback until the Open input lands: the graph file text restored at page load; timed from navigation.
      openedBy = 'autosave';
      await page.addInitScript(benchInit, { autosave: text, autosaveKey: target.autosaveKey });
      await page.goto(target.url);
      pane = await paneBox(page);
      t0 = await page.evaluate(waitPainted, { inView: ids });
    } else {
      throw new Error(`${target.kind}: no file input to open the graph with`);
    }
    const loadMs = t0;

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    // Drag one node (the second one, fully in view) by its header.
    const handle = target.kind === 'weft' ? page.locator('.react-flow__node[data-id="n2"] .weft-node__header').first() : page.locator('.react-flow__node[data-id="n2"]');
    const box = (await handle.boundingBox())!;
    const start = { x: box.x + Math.min(40, box.width / 3), y: box.y + box.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 3, start.y + 3);
    await page.mouse.move(start.x + 6, start.y + 6);
    await sleep(100);
    await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      g.__weftRenders = 0;
      (g.__benchFrames as number[]).length = 0;
      g.__benchRecording = true;
    });
    let before = await taskSeconds(cdp);
    for (let i = 1; i <= DRAG_MOVES; i++) {
      const at = Date.now();
      await page.mouse.move(start.x + 6 + i * 4, start.y + 6 + (i % 10));
      const left = MOVE_EVERY_MS - (Date.now() - at);
      if (left > 0) await sleep(left);
    }
    await sleep(50);
    let after = await taskSeconds(cdp);
    const drag = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      g.__benchRecording = false;
      return { frames: [...(g.__benchFrames as number[])], renders: g.__weftRenders as number };
    });
    await page.mouse.up();
    const dragTaskMsPerMove = ((after - before) * 1000) / DRAG_MOVES;
    const dragFrames = drag.frames.slice(1).map((t, i) => t - drag.frames[i]!);

    // Pan: press on empty canvas left of the first column and move.
    await sleep(200);
    const panAt = { x: pane.x + 40, y: pane.y + pane.height / 2 };
    await page.mouse.move(panAt.x, panAt.y);
    await page.mouse.down();
    await page.mouse.move(panAt.x - 4, panAt.y);
    await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      (g.__benchFrames as number[]).length = 0;
      g.__benchRecording = true;
    });
    before = await taskSeconds(cdp);
    for (let i = 1; i <= PAN_MOVES; i++) {
      const at = Date.now();
      await page.mouse.move(panAt.x - 4 - i * 12, panAt.y - i * 3);
      const left = MOVE_EVERY_MS - (Date.now() - at);
      if (left > 0) await sleep(left);
    }
    await sleep(50);
    after = await taskSeconds(cdp);
    const pan = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      g.__benchRecording = false;
      return [...(g.__benchFrames as number[])];
    });
    await page.mouse.up();
    const panFrames = pan.slice(1).map((t, i) => t - pan[i]!);
    if (errors.length) throw new Error(`${target.kind} page errors: ${errors.join('; ')}`);
    return {
      loadMs,
      dragTaskMsPerMove,
      dragFrameP95: p95(dragFrames),
      panFrameP95: p95(panFrames),
      panTaskMsPerMove: ((after - before) * 1000) / PAN_MOVES,
      ...(target.kind === 'weft' ? { rendersPerMove: drag.renders / DRAG_MOVES } : {}),
      openedBy,
    };
  } finally {
    await context.close();
  }
}

async function paneBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  await page.waitForSelector('.react-flow__pane');
  return (await page.locator('.react-flow__pane').first().boundingBox())!;
}
