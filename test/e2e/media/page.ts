import { runLocalMediaNode, type LocalInput } from '../../../src/core/media/runLocalMediaNode.ts';
import type { MediaInput } from '../../../src/core/media/backend.ts';
import { browserMediaBackend } from '../../../src/media/lazyBackend.ts';

/**
 * A page that runs Weft's media nodes on the browser backend (loaded on first use, as the app
 * will) for the e2e tests and the bench: inputs are fixture URLs on this page's server, outputs come
 * back as base64 so the test can decode them with an independent decoder.
 */

type WireIn = { kind: 'image' | 'video' | 'audio'; url: string; reader?: boolean } | { kind: 'number' | 'integer'; value: number } | { kind: 'text'; text: string };

async function media(url: string, reader: boolean): Promise<MediaInput> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const blob = await response.blob();
  if (!reader) return { bytes: new Uint8Array(await blob.arrayBuffer()), mimeType: blob.type };
  // A blob read by ranges, as the app's IndexedDB blob store will hand it over.
  return { size: blob.size, mimeType: blob.type, read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()) };
}

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

// As the app's executor host will: a backend handed over at once, its code loaded on first use.
const backend = browserMediaBackend();

async function run(type: string, wires: Record<string, WireIn[]>, values: Record<string, unknown>, options: { abortAfterMs?: number } = {}) {
  const inputs: Record<string, LocalInput[]> = {};
  for (const [port, list] of Object.entries(wires)) {
    inputs[port] = await Promise.all(list.map(async (w): Promise<LocalInput> => ('url' in w ? { kind: w.kind, media: await media(w.url, Boolean(w.reader)) } : w)));
  }
  const controller = new AbortController();
  if (options.abortAfterMs !== undefined) setTimeout(() => controller.abort(), options.abortAfterMs);
  const progress: number[] = [];
  const started = performance.now();
  try {
    const outputs = await runLocalMediaNode(type, inputs, values, backend, { signal: controller.signal, onProgress: (f) => progress.push(f) });
    const ms = performance.now() - started;
    const out: Record<string, unknown[]> = {};
    for (const [port, list] of Object.entries(outputs)) out[port] = list.map((v) => ('bytes' in v ? { kind: v.kind, mimeType: v.mimeType, base64: base64(v.bytes) } : v));
    return { ok: true as const, outputs: out, progress, ms };
  } catch (error) {
    const e = error as { code?: string; field?: string; message?: string };
    return { ok: false as const, code: e.code, field: e.field, message: e.message ?? String(error) };
  }
}

/** Whether this browser can decode what a node made: the first video frame (or the sound) decodes. */
async function playable(b64: string, mimeType: string) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const { openInput } = await import('../../../src/media/openInput.ts');
  const { VideoSampleSink, AudioBufferSink } = await import('mediabunny');
  const input = openInput({ bytes, mimeType });
  try {
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    const frame = video ? await new VideoSampleSink(video).getSample(await video.getFirstTimestamp()) : null;
    const size = frame ? [frame.displayWidth, frame.displayHeight] : null;
    frame?.close();
    let sound = 0;
    if (audio) for await (const { buffer } of new AudioBufferSink(audio).buffers()) sound += buffer.duration;
    return { frame: size, videoCodec: video?.codec ?? null, audioCodec: audio?.codec ?? null, soundSeconds: sound };
  } finally {
    input.dispose();
  }
}

Object.assign(window, { weftMedia: { run, playable, ready: Promise.resolve(true) } });
