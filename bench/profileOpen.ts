import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTemplates } from '../src/cli/loadTemplates.ts';
import { startWeftServer } from '../src/server/app.ts';
import { launch } from './editor.ts';
import { generateGraph } from './graphs.ts';

/**
 * Dev tool (not part of `npm run bench`): opens the N=1,000 bench graph in the built app under the CDP
 * sampling profiler and prints self time by function and by script, plus request count. Needs `dist/`.
 * `npx tsx bench/profileOpen.ts [N]`; the .cpuprofile goes to bench/.build/open.cpuprofile.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const n = Number(process.argv[2] ?? 1000);
const templates = await loadTemplates();
const graph = generateGraph(n, [...templates.values()], (id) => templates.get(id));
const app = await startWeftServer({ root: path.join(REPO, 'dist'), host: '127.0.0.1', port: 0, env: {}, log: () => {} });
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  let requests = 0;
  page.on('request', () => requests++);
  await page.goto(app.url);
  await page.waitForSelector('.react-flow__pane');
  await new Promise((r) => setTimeout(r, 1500));
  requests = 0;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.locator('input[type="file"][aria-label="Open graph file"]').setInputFiles({ name: 'g.weft.json', mimeType: 'application/json', buffer: Buffer.from(graph.weft) });
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length > 0 && !document.querySelector('.weft-node__loading'), undefined, { timeout: 120_000, polling: 50 });
  const t1 = Date.now();
  await new Promise((r) => setTimeout(r, 300));
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number }[]; samples: number[]; timeDeltas: number[] } };
  await writeFile(path.join(REPO, 'bench/.build/open.cpuprofile'), JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  const byUrl = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const f = node.callFrame;
    const key = `${f.functionName || '(anon)'} ${path.basename(f.url)}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const u = path.basename(f.url) || f.functionName;
    byUrl.set(u, (byUrl.get(u) ?? 0) + dt);
  });
  console.log(`open → no loading nodes: ${t1 - t0} ms; ${requests} requests; ${await page.locator('.react-flow__node').count()} nodes in DOM`);
  for (const [k, v] of [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${v.toFixed(0).padStart(6)} ms  ${k}`);
  console.log('---');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${v.toFixed(0).padStart(6)} ms  ${k}`);
} finally {
  await browser.close();
  await app.close();
}
