import type { Field } from '../model/template.ts';
import { getBuiltinTemplate } from '../templates/builtins.ts';
import { readAll, type MediaBackend, type MediaBytes, type MediaInfo, type MediaInput, type MediaOpOptions } from './backend.ts';
import { audioContainerFor } from './audioContainer.ts';
import { planConcat } from './concatPlan.ts';
import { fitInto, MAX_SIDE, targetSize } from './fitGeometry.ts';
import { readImageInfo, requireImageInfo } from './imageInfo.ts';
import { formatSeconds, isMediaError, MediaError, throwIfCancelled } from './mediaError.ts';
import { isLocalMediaNode } from './mediaNodes.ts';
import { readMediaSettings, type MediaSettings } from './mediaSettings.ts';
import { joinTexts, splitText } from './textLists.ts';

/**
 * Runs one local media node: reads its values (wires over widgets, then defaults), checks them with
 * its template exactly as planning does, checks them against the actual files (a time past the end,
 * a video without sound), then asks the backend for the work. This is what the executor's built-in
 * stage calls, with media from its blob store; it caches by inputs like any node.
 */

/** A value arriving on a wire: plain values, or media as bytes or a blob reader. */
export type LocalInput =
  | { kind: 'text'; text: string }
  | { kind: 'number' | 'integer'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'image' | 'video' | 'audio' | 'file'; media: MediaInput };

/** A value a local node outputs; media are new bytes for the blob store. */
export type LocalOutput =
  | { kind: 'text'; text: string }
  | { kind: 'number' | 'integer'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'image' | 'video' | 'audio'; bytes: Uint8Array; mimeType: string };

export type LocalInputs = Record<string, readonly LocalInput[] | undefined>;
export type LocalOutputs = Record<string, LocalOutput[]>;

/** A wired value as the payload JSON the template validates (media: a stand-in URL; the bytes go separately). */
function rawOf(field: Field, input: LocalInput): unknown {
  switch (input.kind) {
    case 'text':
      if ((field.kind === 'number' || field.kind === 'integer') && input.text.trim() !== '' && Number.isFinite(Number(input.text))) return Number(input.text);
      return input.text;
    case 'number':
    case 'integer':
      return field.kind === 'text' ? String(input.value) : input.value;
    case 'boolean':
      return field.kind === 'text' ? String(input.value) : input.value;
    default:
      return `https://weft.invalid/local.${input.kind}`;
  }
}

function buildPayload(fields: readonly Field[], inputs: LocalInputs, values: Record<string, unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of fields) {
    const wired = inputs[field.name];
    if (wired && wired.length > 0) payload[field.name] = field.list ? wired.map((w) => rawOf(field, w)) : rawOf(field, wired[0]!);
    else if (values[field.name] !== undefined && values[field.name] !== '') payload[field.name] = values[field.name];
    else if (field.default !== undefined) payload[field.name] = field.default;
  }
  return payload;
}

function mediaOf(inputs: LocalInputs, name: string): MediaInput[] {
  return (inputs[name] ?? []).flatMap((i) => ('media' in i ? [i.media] : []));
}

function one(inputs: LocalInputs, name: string, title: string): MediaInput {
  const media = mediaOf(inputs, name)[0];
  if (!media) throw new MediaError('invalid_input', `Nothing is wired into ${title}.`, name);
  return media;
}

function need(backend: MediaBackend | undefined): MediaBackend {
  if (!backend) throw new MediaError('missing_tool', 'No media backend is available here to decode or encode media.');
  return backend;
}

function requireVideo(info: MediaInfo, field: string): asserts info is MediaInfo & { video: NonNullable<MediaInfo['video']> } {
  if (!info.video) throw new MediaError('invalid_input', 'This file has no video track.', field);
}

const media = (kind: 'image' | 'video' | 'audio', out: MediaBytes): LocalOutput[] => [{ kind, bytes: out.bytes, mimeType: out.mimeType }];

async function run(settings: MediaSettings, payload: Record<string, unknown>, inputs: LocalInputs, backend: MediaBackend | undefined, options: MediaOpOptions): Promise<LocalOutputs> {
  const { signal } = options;
  const textsOf = (name: string) => (inputs[name] ?? []).map((i) => ('text' in i ? i.text : 'value' in i ? String(i.value) : ''));
  switch (settings.node) {
    case 'weft/text-join':
      return { text: [{ kind: 'text', text: joinTexts(textsOf('texts'), settings.separator) }] };
    case 'weft/text-split':
      return { texts: splitText(String(payload.text ?? ''), settings.separator, settings).map((text) => ({ kind: 'text', text })) };
    case 'weft/video-frame': {
      const video = one(inputs, 'video', 'Video');
      const info = await need(backend).probe(video, { signal });
      requireVideo(info, 'video');
      const at = settings.position.kind === 'at' ? settings.position.seconds : 0;
      if (at > info.duration) throw new MediaError('invalid_input', `At (${formatSeconds(at)}) is past the end of the video (${formatSeconds(info.duration)}).`, 'at');
      throwIfCancelled(signal);
      return { image: media('image', await need(backend).frame(video, { position: settings.position, format: settings.format }, options)) };
    }
    case 'weft/video-trim': {
      const video = one(inputs, 'video', 'Video');
      const info = await need(backend).probe(video, { signal });
      requireVideo(info, 'video');
      if (settings.start >= info.duration) throw new MediaError('invalid_input', `Start (${formatSeconds(settings.start)}) is at or past the end of the video (${formatSeconds(info.duration)}).`, 'start');
      const end = Math.min(settings.end ?? info.duration, info.duration);
      throwIfCancelled(signal);
      return { video: media('video', await need(backend).trim(video, { start: settings.start, end, exact: settings.exact }, options)) };
    }
    case 'weft/video-concat': {
      const videos = mediaOf(inputs, 'videos');
      if (videos.length < 2) throw new MediaError('invalid_input', `Join videos needs at least 2 videos (it has ${videos.length}).`, 'videos');
      const infos: MediaInfo[] = [];
      for (const v of videos) infos.push(await need(backend).probe(v, { signal }));
      const plan = planConcat(infos, settings.fit);
      throwIfCancelled(signal);
      return { video: media('video', await need(backend).concat(videos, { plan }, options)) };
    }
    case 'weft/video-audio': {
      const video = one(inputs, 'video', 'Video');
      const audio = one(inputs, 'audio', 'Audio');
      const [vInfo, aInfo] = [await need(backend).probe(video, { signal }), await need(backend).probe(audio, { signal })];
      requireVideo(vInfo, 'video');
      if (!aInfo.audio) throw new MediaError('invalid_input', 'The audio input has no sound track.', 'audio');
      if (settings.offset >= vInfo.duration) throw new MediaError('invalid_input', `Offset (${formatSeconds(settings.offset)}) is past the end of the video (${formatSeconds(vInfo.duration)}): the audio would not be heard.`, 'offset');
      if (-settings.offset >= aInfo.duration) throw new MediaError('invalid_input', `Offset (${formatSeconds(settings.offset)}) skips all of the audio (${formatSeconds(aInfo.duration)}).`, 'offset');
      throwIfCancelled(signal);
      const request = { mode: settings.mode, offset: settings.offset, volume: settings.volume, duration: vInfo.duration, videoHasAudio: Boolean(vInfo.audio) };
      return { video: media('video', await need(backend).muxAudio(video, audio, request, options)) };
    }
    case 'weft/audio-extract': {
      const video = one(inputs, 'video', 'Video');
      const info = await need(backend).probe(video, { signal });
      if (!info.audio) throw new MediaError('invalid_input', 'This file has no sound to extract.', 'video');
      const container = audioContainerFor(info.audio.codec, settings.format);
      throwIfCancelled(signal);
      return { audio: media('audio', await need(backend).extractAudio(video, { container }, options)) };
    }
    case 'weft/image-fit': {
      const input = one(inputs, 'image', 'Image');
      const bytes = await readAll(input);
      const info = requireImageInfo(bytes, 'image');
      const size = targetSize(info, settings.size, settings.fit);
      if (size.width > MAX_SIDE || size.height > MAX_SIDE) {
        throw new MediaError('invalid_input', `That makes a ${size.width}×${size.height} image; neither side may be over ${MAX_SIDE} px.`, 'width');
      }
      const geometry = fitInto(info, size, settings.fit);
      const transparent = settings.background[3] === 0;
      const format = settings.format !== 'same' ? settings.format : info.mimeType === 'image/jpeg' && !transparent ? 'jpeg' : 'png';
      const unchanged = geometry.width === info.width && geometry.height === info.height && geometry.source.width === info.width && geometry.source.height === info.height && info.orientation === 1;
      if (unchanged && `image/${format}` === info.mimeType) return { image: [{ kind: 'image', bytes, mimeType: info.mimeType }] };
      throwIfCancelled(signal);
      return { image: media('image', await need(backend).fitImage({ bytes, mimeType: info.mimeType }, { geometry, format, background: settings.background }, options)) };
    }
    case 'weft/media-info': {
      const input = one(inputs, 'media', 'Media');
      const head = 'read' in input ? await input.read(0, Math.min(input.size, 262_144)) : input.bytes;
      const image = readImageInfo(head);
      const info = image ? undefined : await need(backend).probe(input, { signal });
      const num = (kind: 'integer' | 'number', value: number): LocalOutput[] => [{ kind, value }];
      return {
        width: num('integer', image?.width ?? info?.video?.width ?? 0),
        height: num('integer', image?.height ?? info?.video?.height ?? 0),
        duration: num('number', info?.duration ?? 0),
        fps: num('number', info?.video?.fps ?? 0),
        hasAudio: [{ kind: 'boolean', value: Boolean(info?.audio) }],
      };
    }
  }
}

/**
 * Runs a local node of type `type` on its wired `inputs` and widget `values`. Throws a MediaError
 * (`invalid_input` with the field, `unsupported`, `missing_tool`, `failed`, `cancelled`).
 */
export async function runLocalMediaNode(type: string, inputs: LocalInputs, values: Record<string, unknown>, backend: MediaBackend | undefined, options: MediaOpOptions = {}): Promise<LocalOutputs> {
  const template = getBuiltinTemplate(type);
  if (!template || !isLocalMediaNode(type)) throw new MediaError('invalid_input', `"${type}" is not a local media node.`);
  throwIfCancelled(options.signal);
  const payload = buildPayload(template.inputs, inputs, values);
  const problems = template.validate(payload);
  if (problems.length > 0) throw new MediaError('invalid_input', problems.map((p) => p.message).join('; '), problems[0]!.field);
  const { settings } = readMediaSettings(type, payload);
  let last = 0;
  const onProgress = options.onProgress && ((f: number) => {
    const clamped = Math.min(1, Math.max(last, Number.isFinite(f) ? f : 0));
    if (clamped > last) options.onProgress!((last = clamped));
  });
  try {
    return await run(settings, payload, inputs, backend, { ...options, ...(onProgress ? { onProgress } : {}) });
  } catch (error) {
    if (options.signal?.aborted) throw new MediaError('cancelled', 'Cancelled.');
    if (isMediaError(error)) throw error;
    throw new MediaError('failed', `${template.title} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
