import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Checking what the media nodes made by decoding it with ffmpeg/ffprobe — a decoder independent of
 * the browser backend, and of the Node backend's own choices — as tests of real output need.
 */

// Fail once, clearly, rather than with a spawn error in every test.
if (spawnSync('ffprobe', ['-version']).status !== 0 || spawnSync('ffmpeg', ['-version']).status !== 0) {
  throw new Error('The media tests need ffmpeg and ffprobe (apt-get install -y ffmpeg; .ci/run installs them).');
}

export const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/media/${name}`, import.meta.url)));

function withFile<T>(bytes: Uint8Array, fn: (file: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-media-check-'));
  try {
    const file = path.join(dir, 'file');
    writeFileSync(file, bytes);
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Probed {
  format: string;
  duration: number;
  video?: { codec: string; width: number; height: number; duration: number; frames: number };
  audio?: { codec: string; duration: number; sampleRate: number; channels: number };
}

/** ffprobe's view of a file: container, duration, the first video and audio streams (frames counted). */
export function ffprobe(bytes: Uint8Array): Probed {
  return withFile(bytes, (file) => {
    const json = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-count_packets', '-show_format', '-show_streams', '-of', 'json', file], { encoding: 'utf8' })) as {
      format: { format_name: string; duration?: string };
      streams: { codec_type: string; codec_name: string; width?: number; height?: number; duration?: string; nb_read_packets?: string; sample_rate?: string; channels?: number }[];
    };
    const v = json.streams.find((s) => s.codec_type === 'video');
    const a = json.streams.find((s) => s.codec_type === 'audio');
    const duration = Number(json.format.duration ?? NaN);
    return {
      format: json.format.format_name,
      duration,
      ...(v ? { video: { codec: v.codec_name, width: v.width!, height: v.height!, duration: Number(v.duration ?? duration), frames: Number(v.nb_read_packets ?? 0) } } : {}),
      ...(a ? { audio: { codec: a.codec_name, duration: Number(a.duration ?? duration), sampleRate: Number(a.sample_rate), channels: a.channels! } } : {}),
    };
  });
}

/** The RGBA of one pixel of an image, or of a video's frame at `seconds`. */
export function pixel(bytes: Uint8Array, x: number, y: number, seconds?: number): [number, number, number, number] {
  return withFile(bytes, (file) => {
    const seek = seconds !== undefined ? ['-ss', String(seconds)] : [];
    const raw = execFileSync('ffmpeg', ['-v', 'error', ...seek, '-i', file, '-frames:v', '1', '-vf', `format=rgba,crop=1:1:${x}:${y}`, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-']);
    return [raw[0]!, raw[1]!, raw[2]!, raw[3]!];
  });
}

/** The loudest sample (dBFS) of a file's sound between two times; about -91 for silence. */
export function loudness(bytes: Uint8Array, from: number, to: number): number {
  return withFile(bytes, (file) => {
    const run = spawnSync('ffmpeg', ['-hide_banner', '-ss', String(from), '-t', String(to - from), '-i', file, '-vn', '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' });
    const max = /max_volume: (-?[\d.]+|-inf) dB/.exec(run.stderr);
    if (!max) throw new Error(`no volume measured: ${run.stderr.slice(-300)}`);
    return max[1] === '-inf' ? -Infinity : Number(max[1]);
  });
}

/** Whether a colour is close to an expected one (lossy codecs move values a little). */
export function near(actual: readonly number[], expected: readonly number[], tolerance = 40): boolean {
  return expected.every((v, i) => Math.abs((actual[i] ?? 0) - v) <= tolerance);
}
