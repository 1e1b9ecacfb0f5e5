import { spawn } from 'node:child_process';
import { MediaError } from '../../core/media/mediaError.ts';

/**
 * Running the system `ffmpeg` (or `WEFT_FFMPEG`): found once, with the encoders it has; each run is
 * killed when the signal fires, reports progress from `-progress`, and fails with ffmpeg's own last
 * error line. Weft never downloads or bundles ffmpeg (its common builds are GPL); without it, the
 * media nodes that decode or encode say how to install it.
 */

export interface Ffmpeg {
  path: string;
  version: string;
  /** The H.264 encoder to use (`libx264`, else `libopenh264`, …), or undefined when there is none. */
  h264?: string;
  has(encoder: string): boolean;
}

const INSTALL_HINT = 'Install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or set WEFT_FFMPEG to its path.';

function capture(path: string, args: string[]): Promise<{ code: number | null; stdout: string; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.on('error', (error) => resolve({ code: null, stdout, error }));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

const found = new Map<string, Promise<Ffmpeg>>();

/**
 * The ffmpeg at `path` (default: `WEFT_FFMPEG`, else `ffmpeg` on the PATH), checked once per process;
 * a `missing_tool` MediaError, saying how to install it, when there is none.
 */
export function findFfmpeg(path = process.env.WEFT_FFMPEG?.trim() || 'ffmpeg'): Promise<Ffmpeg> {
  const known = found.get(path);
  if (known) return known;
  const finding = (async () => {
    const version = await capture(path, ['-hide_banner', '-version']);
    if (version.error || version.code !== 0) {
      found.delete(path); // installing it later in the same process works
      const why = version.error?.code === 'ENOENT' ? `no "${path}" was found` : `"${path} -version" failed`;
      throw new MediaError('missing_tool', `This media node needs ffmpeg when run outside the browser, and ${why}. ${INSTALL_HINT}`);
    }
    const encoders = new Set((await capture(path, ['-hide_banner', '-encoders'])).stdout.split('\n').map((line) => line.trim().split(/\s+/)[1] ?? ''));
    const h264 = ['libx264', 'libopenh264', 'h264_videotoolbox', 'h264_mf'].find((e) => encoders.has(e));
    return { path, version: /version (\S+)/.exec(version.stdout)?.[1] ?? 'unknown', ...(h264 ? { h264 } : {}), has: (e: string) => encoders.has(e) };
  })();
  found.set(path, finding);
  return finding;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
  /** Seconds of output expected, for progress. */
  expectedSeconds?: number;
}

/** Runs ffmpeg with `args` (inputs and outputs are files the caller made). */
export async function runFfmpeg(ffmpeg: Ffmpeg, args: string[], options: RunOptions = {}): Promise<void> {
  const { signal, onProgress, expectedSeconds } = options;
  if (signal?.aborted) throw new MediaError('cancelled', 'Cancelled.');
  const full = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-progress', 'pipe:1', '-nostats', ...args];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpeg.path, full, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let pending = '';
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^out_time_(?:us|ms)=(\d+)/.exec(line);
        if (m && onProgress && expectedSeconds && expectedSeconds > 0) onProgress(Math.min(1, Number(m[1]) / 1e6 / expectedSeconds));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 65_536) stderr += chunk;
    });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new MediaError('missing_tool', `ffmpeg could not be started: ${error.message}. ${INSTALL_HINT}`));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(new MediaError('cancelled', 'Cancelled.'));
      else if (code === 0) resolve();
      else {
        const last = stderr.trim().split('\n').filter(Boolean).slice(-2).join(' / ') || `exit code ${code}`;
        reject(new MediaError('failed', `ffmpeg failed: ${last}`));
      }
    });
  });
}
