import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { png } from '../../support/png.ts';

/**
 * Each job's result is real, small media with bytes of its own, so a test can tell which job a saved
 * file came from by its SHA-256: a 2×2 PNG in a colour numbered by the job, or the sample MP4 from
 * public/sim with a top-level `free` box naming the job (players skip `free` boxes).
 */

export interface ResultFile {
  bytes: Buffer;
  sha256: string;
  ext: 'png' | 'mp4';
  mime: string;
}

const SAMPLE_MP4 = readFileSync(fileURLToPath(new URL('../../../public/sim/sample.mp4', import.meta.url)));

function freeBox(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + payload.length, 0);
  head.write('free', 4, 'ascii');
  return Buffer.concat([head, payload]);
}

export function resultFile(kind: 'image' | 'video', jobId: string, seq: number): ResultFile {
  const bytes = kind === 'video' ? Buffer.concat([SAMPLE_MP4, freeBox(`weft fault provider job ${jobId}`)]) : png((seq * 97) & 255, (seq * 57) & 255, (seq >> 8) & 255);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), ext: kind === 'video' ? 'mp4' : 'png', mime: kind === 'video' ? 'video/mp4' : 'image/png' };
}
