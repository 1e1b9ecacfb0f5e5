import { loadTemplates } from './src/cli/loadTemplates.ts';
import { shapes, runShape, bounds, NAIVE_POLL } from './bench/executor.ts';
const t = await loadTemplates();
const g = (id: string) => t.get(id);
for (const s of shapes().slice(0, 3)) {
  const b = bounds(s);
  const t0 = Date.now();
  const u = await runShape(s, g, { concurrency: 100000 });
  const l = await runShape(s, g, { concurrency: 3 });
  const n = await runShape(s, g, { concurrency: 100000, poll: NAIVE_POLL, random: () => 0.999999 });
  console.log(s.name, b, u, l, n, Date.now() - t0, 'ms real');
}
