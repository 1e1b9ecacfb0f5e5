import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { runLocalMediaNode } from '../src/core/media/runLocalMediaNode.ts';
import { FfmpegBackend } from '../src/media/node/ffmpegBackend.ts';
import { startStaticServer } from '../src/server/static.ts';

/**
 * Local media work against the `ffmpeg` command doing the same on the same files (RELIABILITY.md:
 * no slower than 1.5×): the last frame of a 10-s 1080p clip, and joining two 8-s 1080p clips that
 * match (so both copy). Inputs are made here with ffmpeg (not committed). Each figure is the median
 * of `repeat` runs, alternating which side goes first. The Node backend is timed from bytes in
 * memory to bytes out (its temporary files included); the browser backend inside headless Chromium
 * from bytes in the page to bytes out.
 */

export interface MediaFigure {
  figure: string;
  weftMs: number;
  ffmpegMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function ff(args: string[]): void {
  execFileSync('ffmpeg', ['-y', '-hide_banner', '-loglevel', 'error', ...args]);
}

/** Makes the inputs once per build folder: 10 s and 2 × 8 s of 1920×1080 25 fps H.264 High + AAC. */
async function inputs(dir: string): Promise<{ clip10: string; a8: string; b8: string; list: string }> {
  await mkdir(dir, { recursive: true });
  const clip10 = path.join(dir, 'clip10.mp4');
  const a8 = path.join(dir, 'a8.mp4');
  const b8 = path.join(dir, 'b8.mp4');
  const encode = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '50', '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart'];
  const make = (file: string, seconds: number, source: string, tone: number) => {
    if (spawnSync('test', ['-s', file]).status === 0) return;
    ff(['-f', 'lavfi', '-i', `${source}=s=1920x1080:r=25:d=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=${tone}:sample_rate=48000:duration=${seconds}`, ...encode, file]);
  };
  make(clip10, 10, 'testsrc2', 440);
  make(a8, 8, 'testsrc2', 550);
  make(b8, 8, 'testsrc', 660);
  const list = path.join(dir, 'list.txt');
  await writeFile(list, `file '${a8}'\nfile '${b8}'\n`);
  return { clip10, a8, b8, list };
}

/** The presentation time of the last frame, as ffprobe reports it (the ffmpeg command's own way to find it). */
function lastFrameTime(file: string): string {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return String(Math.max(...out.split('\n').filter(Boolean).map(Number)));
}

function timeCommand(args: string[]): number {
  const t = performance.now();
  ff(args);
  return performance.now() - t;
}

export async function measureMedia(repo: string, repeat: number, log: (m: string) => void): Promise<MediaFigure[]> {
  const dir = path.join(repo, 'bench/.build/media');
  log('media: making 1080p inputs with ffmpeg');
  const files = await inputs(dir);
  const out = path.join(dir, 'out');
  const last = lastFrameTime(files.clip10);
  const ffmpegLast = () => timeCommand(['-ss', last, '-i', files.clip10, '-frames:v', '1', '-c:v', 'png', '-f', 'image2', `${out}.png`]);
  const ffmpegJoin = () => timeCommand(['-f', 'concat', '-safe', '0', '-i', files.list, '-c', 'copy', '-movflags', '+faststart', `${out}.mp4`]);

  const backend = new FfmpegBackend();
  const bytes = async (file: string) => ({ kind: 'video' as const, media: { bytes: new Uint8Array(await readFile(file)), mimeType: 'video/mp4' } });
  const [clip10, a8, b8] = [await bytes(files.clip10), await bytes(files.a8), await bytes(files.b8)];
  const timeNode = async (type: string, inputs: Parameters<typeof runLocalMediaNode>[1], values: Record<string, unknown>) => {
    const t = performance.now();
    await runLocalMediaNode(type, inputs, values, backend);
    return performance.now() - t;
  };
  const nodeLast = () => timeNode('weft/video-frame', { video: [clip10] }, { frame: 'last' });
  const nodeJoin = () => timeNode('weft/video-concat', { videos: [a8, b8] }, {});

  // The browser backend, in the same media test page the e2e tests use, with the inputs beside it.
  log('media: building the browser test page');
  await build({ configFile: path.join(repo, 'test/e2e/media/vite.config.ts'), logLevel: 'warn', publicDir: dir });
  const { MEDIA_PAGE_OUT } = await import('../test/e2e/media/vite.config.ts');
  const server = await startStaticServer({ root: MEDIA_PAGE_OUT, host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const figures: Record<string, { weft: number[]; ffmpeg: number[] }> = {};
  const add = (figure: string, side: 'weft' | 'ffmpeg', ms: number) => ((figures[figure] ??= { weft: [], ffmpeg: [] })[side].push(ms));
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => Boolean((window as unknown as { weftMedia?: unknown }).weftMedia));
    await page.evaluate(() => (window as unknown as { weftMedia: { ready: Promise<boolean> } }).weftMedia.ready);
    const timeBrowser = async (type: string, wires: Record<string, { kind: 'video'; url: string }[]>, values: Record<string, unknown>) => {
      const result = await page.evaluate(([t, w, v]) => (window as unknown as { weftMedia: { run: (...a: unknown[]) => Promise<{ ok: boolean; ms?: number; message?: string }> } }).weftMedia.run(t, w, v), [type, wires, values] as const);
      if (!result.ok || result.ms === undefined) throw new Error(`browser ${type}: ${result.message}`);
      return result.ms;
    };
    const browserLast = () => timeBrowser('weft/video-frame', { video: [{ kind: 'video', url: './clip10.mp4' }] }, { frame: 'last' });
    const browserJoin = () => timeBrowser('weft/video-concat', { videos: [{ kind: 'video', url: './a8.mp4' }, { kind: 'video', url: './b8.mp4' }] }, {});
    const pairs: [string, () => Promise<number>, () => number][] = [
      ['last frame of a 10-s 1080p clip, Node (ms)', nodeLast, ffmpegLast],
      ['join two 8-s 1080p clips (copy), Node (ms)', nodeJoin, ffmpegJoin],
      ['last frame of a 10-s 1080p clip, browser (ms)', browserLast, ffmpegLast],
      ['join two 8-s 1080p clips (copy), browser (ms)', browserJoin, ffmpegJoin],
    ];
    for (const [figure, weft, ffmpeg] of pairs) {
      await weft(); // warm-up: first spawn, first decoder, JIT
      for (let r = 0; r < repeat; r++) {
        log(`media: ${figure} (${r + 1}/${repeat})`);
        if (r % 2 === 0) {
          add(figure, 'weft', await weft());
          add(figure, 'ffmpeg', ffmpeg());
        } else {
          add(figure, 'ffmpeg', ffmpeg());
          add(figure, 'weft', await weft());
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return Object.entries(figures).map(([figure, f]) => ({ figure, weftMs: median(f.weft), ffmpegMs: median(f.ffmpeg) }));
}
