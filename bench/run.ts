import { execFileSync, spawnSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTemplates, NODES_DIR } from '../src/cli/loadTemplates.ts';
import { startWeftServer } from '../src/server/app.ts';
import { startStaticServer } from '../src/server/static.ts';
import { firstLoadJs } from './bundle.ts';
import { measureCatalog } from './catalog.ts';
import { launch, measureEditor, type EditorFigures, type PageTarget } from './editor.ts';
import { measureExecutor } from './executor.ts';
import { measureMedia } from './media.ts';
import { generateGraph, VIEWPORT } from './graphs.ts';

/**
 * `npm run bench`: builds Weft and the bare React Flow baseline page, then measures the editor, the
 * executor, the catalog and the bundle, each against a baseline taken in this same run. Prints one
 * table and writes bench/results.json. Options: `--only editor,executor,catalog,bundle,media`, `--sizes 50,100`,
 * `--no-build`, `--repeat N` (editor repetitions, median kept; default 3).
 */

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = new Set((opt('only') ?? 'catalog,bundle,executor,media,editor').split(','));
const sizes = (opt('sizes') ?? '50,100,500,1000').split(',').map(Number);
const repeat = Number(opt('repeat') ?? 3);

interface Row {
  section: string;
  figure: string;
  value: number;
  baseline: number;
  unit: string;
  ratio: number;
  target?: number;
  /** What the baseline is. */
  against: string;
}
const rows: Row[] = [];
function row(section: string, figure: string, value: number, baseline: number, unit: string, against: string, target?: number): void {
  rows.push({ section, figure, value, baseline, unit, against, ratio: baseline > 0 ? value / baseline : NaN, ...(target !== undefined ? { target } : {}) });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : Promise.resolve(e.name.endsWith('.json') && e.name !== 'index.json' ? [path.join(dir, e.name)] : []))));
  return nested.flat();
}

const started = Date.now();
if (!args.includes('--no-build') && (only.has('editor') || only.has('bundle'))) {
  log('building Weft and the baseline page');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  execFileSync('npx', ['vite', 'build', '--config', 'bench/baseline/vite.config.ts'], { cwd: REPO, stdio: 'inherit' });
}
const DIST = path.join(REPO, 'dist');
const BASE_DIST = path.join(REPO, 'bench/.build/baseline');
const templates = await loadTemplates();
const getTemplate = (id: string) => templates.get(id);

if (only.has('catalog')) {
  log('catalog');
  const c = await measureCatalog(await walk(NODES_DIR));
  row('catalog', `compile all ${c.endpoints} endpoints, first time (ms)`, c.coldMs, 100, 'ms', '100 ms budget', 0.5);
  row('catalog', 'compile per endpoint, first time (ms)', c.coldMs / c.endpoints, c.jsonParseMs / c.endpoints, 'ms', 'JSON.parse of the same file');
  row('catalog', `compile all, warm (ms)`, c.warmMs, 100, 'ms', '100 ms budget', 0.5);
}

if (only.has('bundle')) {
  log('bundle');
  const weft = await firstLoadJs(DIST);
  const base = await firstLoadJs(BASE_DIST);
  row('bundle', `first-load JS, gzip (kB; ${weft.files.length} files)`, weft.gzipBytes / 1024, base.gzipBytes / 1024, 'kB', 'bare React Flow page', 1.6);
}

if (only.has('executor')) {
  log('executor (virtual time, simulator over loopback)');
  for (const s of await measureExecutor(getTemplate)) {
    for (const [mode, u, l] of [['cold', s.unlimited, s.limited], ['warm', s.warmUnlimited, s.warmLimited]] as const) {
      row('executor', `${s.name}, ${mode}: wall, unlimited (s)`, u.wallMs / 1000, s.criticalMs / 1000, 's', 'critical path', 1.03);
      row('executor', `${s.name}, ${mode}: wall, c = 3 (s)`, l.wallMs / 1000, s.limitedMs / 1000, 's', 'least wall with 3 slots (≥ max(critical path, work / 3))', 1.03);
      row('executor', `${s.name}, ${mode}: status calls`, u.statusCalls, s.naive.statusCalls, 'calls', 'fixed 2-s polling', 0.2);
      row('executor', `${s.name}, ${mode}: mean detection delay (s)`, u.meanDelayMs / 1000, s.jobMs / 1000, 's', 'job duration', 0.15);
    }
  }
}

if (only.has('media')) {
  // The baseline is the ffmpeg command itself (and it makes the inputs): without it there is nothing to compare.
  if (spawnSync('ffmpeg', ['-version']).status !== 0) log('media: skipped, ffmpeg is not installed');
  else for (const m of await measureMedia(REPO, repeat, log)) row('media', m.figure, m.weftMs, m.ffmpegMs, 'ms', 'the ffmpeg command, same file', 1.5);
}

if (only.has('editor')) {
  const app = await startWeftServer({ root: DIST, host: '127.0.0.1', port: 0, env: {}, log: () => {} });
  const base = await startStaticServer({ root: BASE_DIST, host: '127.0.0.1', port: 0 });
  const browser = await launch();
  const targets: PageTarget[] = [
    { kind: 'baseline', url: base.url, file: (g) => g.baseline },
    { kind: 'weft', url: app.url, file: (g) => g.weft, autosaveKey: 'weft.autosave.v1' },
  ];
  const endpointTemplates = [...templates.values()];
  const byN = new Map<number, Record<'weft' | 'baseline', EditorFigures>>();
  try {
    for (const n of sizes) {
      const graph = generateGraph(n, endpointTemplates, getTemplate);
      const runs: Record<'weft' | 'baseline', EditorFigures[]> = { weft: [], baseline: [] };
      for (let r = 0; r < repeat; r++) {
        // Alternate which page goes first, so neither always meets a warmer machine.
        const order = r % 2 === 0 ? targets : [...targets].reverse();
        for (const t of order) {
          log(`editor N=${n} ${t.kind} (${r + 1}/${repeat})`);
          runs[t.kind].push(await measureEditor(browser, t, graph, VIEWPORT));
        }
      }
      const pick = (kind: 'weft' | 'baseline'): EditorFigures => {
        const xs = runs[kind];
        const m = (f: (e: EditorFigures) => number) => median(xs.map(f));
        return {
          loadMs: m((e) => e.loadMs),
          dragTaskMsPerMove: m((e) => e.dragTaskMsPerMove),
          dragFrameP95: m((e) => e.dragFrameP95),
          panFrameP95: m((e) => e.panFrameP95),
          panTaskMsPerMove: m((e) => e.panTaskMsPerMove),
          ...(kind === 'weft' ? { rendersPerMove: m((e) => e.rendersPerMove ?? 0) } : {}),
          openedBy: xs[0]!.openedBy,
        };
      };
      const w = pick('weft');
      const b = pick('baseline');
      byN.set(n, { weft: w, baseline: b });
      const tag = `N=${n} (${graph.edges} wires)`;
      const against = 'bare React Flow, same N';
      row('editor', `${tag}: open file → painted (ms)${w.openedBy === 'autosave' ? ' [autosave at page load]' : ''}`, w.loadMs, b.loadMs, 'ms', against, n === 1000 ? 1 : undefined);
      row('editor', `${tag}: drag, main-thread ms per pointer move`, w.dragTaskMsPerMove, b.dragTaskMsPerMove, 'ms', against, n === 1000 ? 1 : undefined);
      row('editor', `${tag}: drag, p95 frame (ms)`, w.dragFrameP95, b.dragFrameP95, 'ms', against);
      row('editor', `${tag}: pan, p95 frame (ms)`, w.panFrameP95, b.panFrameP95, 'ms', against);
      row('editor', `${tag}: pan, main-thread ms per pointer move`, w.panTaskMsPerMove, b.panTaskMsPerMove, 'ms', against);
      row('editor', `${tag}: node renders per drag move`, w.rendersPerMove ?? 0, 1, 'renders', 'the dragged node alone', 1);
    }
    const small = byN.get(50)?.weft;
    const mid = byN.get(500)?.weft;
    if (small && mid) row('editor', 'drag p95 frame, N=500 over N=50 (ms)', mid.dragFrameP95, small.dragFrameP95, 'ms', 'Weft at N=50', 1.5);
  } finally {
    await browser.close();
    await app.close();
    await base.close();
  }
}

// ---- the table ------------------------------------------------------------------------------------
const fmt = (x: number) => (Number.isNaN(x) ? '—' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const lines: string[][] = [['section', 'figure', 'value', 'baseline', 'ratio', 'target', 'ok', 'baseline is']];
for (const r of rows) {
  const ok = r.target === undefined ? '' : r.ratio <= r.target ? 'yes' : 'NO';
  lines.push([r.section, r.figure, fmt(r.value), fmt(r.baseline), fmt(r.ratio), r.target === undefined ? '' : `≤ ${r.target}`, ok, r.against]);
}
const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
const out = lines.map((l) => `| ${l.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
out.splice(1, 0, `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
console.log(out.join('\n'));
const elapsed = (Date.now() - started) / 1000;
console.log(`\n${rows.filter((r) => r.target !== undefined && !(r.ratio <= r.target)).length} of ${rows.filter((r) => r.target !== undefined).length} targets missed; ${elapsed.toFixed(0)} s.`);
await writeFile(
  path.join(REPO, 'bench/results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, seconds: elapsed, rows }, null, 2)}\n`,
);
