import type { Field } from '../model/template.ts';
import type { BuiltinSpec } from '../templates/builtins.ts';
import type { JsonSchema } from '../templates/resolve.ts';
import { MAX_SECONDS, readMediaSettings, type MediaNodeId } from './mediaSettings.ts';

/**
 * The local media nodes as built-in templates (registered in templates/builtins.ts): free, no
 * provider, run the same in the browser and in `weft run`. Ids, field names and output names are a
 * contract — people write graphs by hand against them. Each template's check is `readMediaSettings`,
 * so planning reports the same problems a run would hit.
 */

/** A media input that only wires feed (no widget). */
const mediaPort = (kind: 'image' | 'video' | 'audio'): Partial<Field> => ({ kind, connectable: true, portOnly: true });
/** A number a wire may feed (e.g. a duration from media-info into a trim's end). */
const wireable: Partial<Field> = { connectable: true };

const uri = (title: string): JsonSchema => ({ type: 'string', format: 'uri', title });
const seconds = (title: string, description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'number', title, description, minimum: 0, maximum: MAX_SECONDS, ...extra });
const choice = (title: string, values: string[], labels: string[], fallback: string, description?: string): JsonSchema => ({
  type: 'string', title, enum: values, 'x-enum-labels': labels, default: fallback, ...(description ? { description } : {}),
});

function media(id: MediaNodeId, spec: Omit<BuiltinSpec, 'id' | 'category' | 'check'>): BuiltinSpec {
  return { id, category: 'Media', ...spec, check: (payload) => readMediaSettings(id, payload).problems };
}

export const MEDIA_NODE_SPECS: readonly BuiltinSpec[] = [
  media('weft/video-frame', {
    title: 'Video frame',
    description: 'One frame of a video as an image: the first, the last (to chain clips), or the one on screen at a time.',
    properties: {
      video: uri('Video'),
      frame: choice('Frame', ['first', 'last', 'at'], ['First', 'Last', 'At a time'], 'last'),
      at: seconds('At (seconds)', 'With "At a time": the frame on screen at this time.', { default: 0 }),
      format: choice('Format', ['png', 'jpeg'], ['PNG', 'JPEG'], 'png'),
    },
    required: ['video'],
    outputs: [{ name: 'image', kind: 'image' }],
    patch: { video: mediaPort('video'), at: wireable },
  }),
  media('weft/video-trim', {
    title: 'Trim video',
    description: 'The part of a video from Start to End (seconds; empty End = to the end).',
    properties: {
      video: uri('Video'),
      start: seconds('Start (seconds)', 'Where the clip starts.', { default: 0 }),
      end: seconds('End (seconds)', 'Where it ends; empty = the end of the video.', {}),
      exact: { type: 'boolean', title: 'Re-encode', default: true, description: 'On: a new file that starts at Start. Off: fast and lossless — the packets are copied from the key frame before Start, timed before 0 so players start at Start (a few tools show them).' },
    },
    required: ['video'],
    outputs: [{ name: 'video', kind: 'video' }],
    patch: { video: mediaPort('video'), start: wireable, end: wireable },
  }),
  media('weft/video-concat', {
    title: 'Join videos',
    description: 'Clips one after another, in wire order. Copied when they match (codec, size, settings); otherwise re-encoded to the first clip\'s size.',
    properties: {
      videos: { type: 'array', items: uri('Video'), minItems: 2, title: 'Videos' },
      fit: choice('Fit', ['contain', 'cover', 'fill'], ['Fit inside (pad)', 'Fill (crop)', 'Stretch'], 'contain', 'How a clip of another size fits the first clip\'s size.'),
    },
    required: ['videos'],
    outputs: [{ name: 'video', kind: 'video' }],
    patch: { videos: { ...mediaPort('video'), list: { min: 2 } } },
  }),
  media('weft/video-audio', {
    title: 'Add audio to video',
    description: 'Puts audio under a video: replacing its sound or mixed into it, starting at an offset. The result lasts as long as the video.',
    properties: {
      video: uri('Video'),
      audio: uri('Audio'),
      mode: choice('Mode', ['replace', 'mix'], ['Replace the sound', 'Mix with the sound'], 'replace'),
      offset: seconds('Offset (seconds)', 'Where the audio starts in the video; negative skips its first seconds.', { minimum: -MAX_SECONDS, default: 0 }),
      volume: { type: 'number', title: 'Volume', minimum: 0, maximum: 4, default: 1, description: 'Gain for the added audio (1 = as it is).' },
    },
    required: ['video', 'audio'],
    outputs: [{ name: 'video', kind: 'video' }],
    patch: { video: mediaPort('video'), audio: mediaPort('audio'), offset: wireable },
  }),
  media('weft/audio-extract', {
    title: 'Extract audio',
    description: 'A video\'s sound as an audio file: copied as it is (AAC → .m4a, Opus → .ogg, MP3 → .mp3), or as WAV.',
    properties: {
      video: uri('Video'),
      format: choice('Format', ['original', 'wav'], ['As it is (copy)', 'WAV'], 'original'),
    },
    required: ['video'],
    outputs: [{ name: 'audio', kind: 'audio' }],
    patch: { video: mediaPort('video') },
  }),
  media('weft/image-fit', {
    title: 'Fit image',
    description: 'Resizes an image to a size or aspect ratio an endpoint accepts: crop to fill, pad to fit, or stretch.',
    properties: {
      image: uri('Image'),
      width: { type: 'integer', title: 'Width', minimum: 1, maximum: 8192, description: 'Pixels; empty = from the height and aspect ratio.' },
      height: { type: 'integer', title: 'Height', minimum: 1, maximum: 8192, description: 'Pixels; empty = from the width and aspect ratio.' },
      aspect: choice('Aspect ratio', ['keep', '1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3', '21:9', '9:21'],
        ['Keep', '1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3', '21:9', '9:21'], 'keep', 'With one side (or none): the shape to make.'),
      fit: choice('Fit', ['cover', 'contain', 'fill'], ['Crop to fill', 'Pad to fit', 'Stretch'], 'cover'),
      background: { type: 'string', title: 'Pad colour', default: '#000000', description: '#rrggbb, or "transparent" (PNG).' },
      format: choice('Format', ['same', 'png', 'jpeg'], ['Same as input', 'PNG', 'JPEG'], 'same'),
    },
    required: ['image'],
    outputs: [{ name: 'image', kind: 'image' }],
    patch: { image: mediaPort('image'), width: wireable, height: wireable },
  }),
  media('weft/media-info', {
    title: 'Media info',
    description: 'Width, height, duration (seconds), frames per second and whether there is sound, as values to wire on.',
    properties: { media: { title: 'Media' } },
    required: ['media'],
    outputs: [
      { name: 'width', kind: 'integer' },
      { name: 'height', kind: 'integer' },
      { name: 'duration', kind: 'number' },
      { name: 'fps', kind: 'number' },
      { name: 'hasAudio', kind: 'boolean' },
    ],
    patch: { media: { kind: 'json', connectable: true, portOnly: true, accepts: ['image', 'video', 'audio'], note: undefined } },
  }),
  media('weft/text-join', {
    title: 'Join texts',
    description: 'Texts in wire order joined into one, with a separator between them (\\n = new line, \\t = tab).',
    properties: {
      texts: { type: 'array', items: { type: 'string' }, title: 'Texts' },
      separator: { type: 'string', title: 'Separator', default: '\\n' },
    },
    required: ['texts'],
    outputs: [{ name: 'text', kind: 'text' }],
    patch: { texts: { kind: 'text', connectable: true, portOnly: true, list: { min: 1 }, note: undefined } },
  }),
  media('weft/text-split', {
    title: 'Split text',
    description: 'One text cut into a list of texts (a prompt per line, by default) for batches.',
    properties: {
      text: { type: 'string', title: 'Text', default: '' },
      separator: { type: 'string', title: 'Separator', default: '\\n', description: '\\n = new line, \\t = tab.' },
      trim: { type: 'boolean', title: 'Trim spaces', default: true },
      skipEmpty: { type: 'boolean', title: 'Drop empty pieces', default: true },
    },
    outputs: [{ name: 'texts', kind: 'text', list: true }],
    patch: { text: { multiline: true, connectable: true } },
  }),
];

/** The ids of the local media nodes (text join/split included: they run in the same built-in stage). */
export const MEDIA_NODE_IDS: readonly MediaNodeId[] = MEDIA_NODE_SPECS.map((s) => s.id as MediaNodeId);

/** Whether a node type is one of these local nodes (run by `runLocalMediaNode`, never by a provider). */
export function isLocalMediaNode(type: string): type is MediaNodeId {
  return (MEDIA_NODE_IDS as readonly string[]).includes(type);
}
