import type { MediaKind } from '../model/template.ts';

/**
 * Guesses whether a field holds image, video or audio from its name, title and description, for
 * schemas that say only `string` or `format: uri` (Replicate, fal, the Veo 3 brief's `image`).
 */
const WORDS: Record<MediaKind, readonly string[]> = {
  image: ['image', 'images', 'img', 'imgs', 'photo', 'photos', 'picture', 'pictures', 'frame', 'mask', 'thumbnail', 'portrait', 'selfie', 'sketch'],
  video: ['video', 'videos', 'clip', 'clips', 'footage', 'movie'],
  audio: ['audio', 'audios', 'voice', 'speech', 'music', 'song', 'sound', 'speaker', 'wav', 'mp3'],
};
const URL_WORDS = ['url', 'urls', 'uri', 'uris', 'file', 'files', 'link', 'links', 'path'];
const NOT_MEDIA = ['prompt', 'size', 'format', 'id', 'ids', 'count', 'num', 'number', 'type', 'mode', 'strength', 'ratio', 'resolution', 'quality', 'fps', 'duration', 'name', 'seed', 'style', 'description', 'text'];

/** `generate_audio`, `enable_video`: switches about media, not media. */
const FLAG_VERBS = ['generate', 'enable', 'disable', 'use', 'keep', 'with', 'has', 'include', 'return', 'remove', 'add', 'is', 'need', 'output'];

/** Splits `firstFrameImageURL`, `image_urls`, `start-image` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function kindInWords(words: string[]): MediaKind | undefined {
  for (const kind of ['video', 'audio', 'image'] as const) {
    if (words.some((w) => WORDS[kind].includes(w))) return kind;
  }
  return undefined;
}

/**
 * Media kind of a plain string field judged by its name alone: `image`, `image_url`, `startImageUrl`,
 * `mask_url` yes; `image_prompt`, `image_size`, `audio_id` no (the last word decides).
 */
export function mediaKindFromName(name: string): MediaKind | undefined {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (!last || NOT_MEDIA.includes(last) || FLAG_VERBS.includes(words[0]!)) return undefined;
  const kind = kindInWords(words);
  if (!kind) return undefined;
  if (URL_WORDS.includes(last) || WORDS[kind].includes(last)) return kind;
  return undefined;
}

/**
 * Media kind of a field whose schema already says it is a URL/file (`format: uri`, `binary`): the
 * name first, then the title, then the first media word in the description.
 */
export function mediaKindFromHints(name: string, title?: string, description?: string): MediaKind | undefined {
  const byName = kindInWords(nameWords(name));
  if (byName) return byName;
  if (title) {
    const byTitle = kindInWords(nameWords(title));
    if (byTitle) return byTitle;
  }
  if (!description) return undefined;
  const words = nameWords(description);
  for (const word of words) {
    for (const kind of ['image', 'video', 'audio'] as const) if (WORDS[kind].includes(word)) return kind;
  }
  return undefined;
}

/** Media kind named by a provider format: `image_uri`, `video_uris`, `audio_url`… */
export function mediaKindFromFormat(format: unknown): MediaKind | undefined {
  if (typeof format !== 'string') return undefined;
  const m = /^(image|video|audio)_(uri|uris|url|urls)$/i.exec(format);
  return m ? (m[1]!.toLowerCase() as MediaKind) : undefined;
}

const PROMPT_WORDS = ['prompt', 'prompts', 'text', 'description', 'caption', 'lyrics', 'script', 'instruction', 'instructions', 'story', 'content', 'message', 'negative', 'query', 'context', 'system'];

/** Prompt-like text gets a textarea. */
export function isMultilineName(name: string, maxLength?: number): boolean {
  if (maxLength !== undefined && maxLength > 300) return true;
  return nameWords(name).some((w) => PROMPT_WORDS.includes(w));
}

const SECRET_NAMES = /^(api[-_]?key|apikey|access[-_]?token|token|secret|password|authorization|auth[-_]?token|client[-_]?secret)$/i;

/** Fields that carry credentials (e.g. a legacy body `apiKey`): never saved, injected at call time. */
export function isSecretName(name: string): boolean {
  return SECRET_NAMES.test(name);
}
