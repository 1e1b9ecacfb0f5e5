import type { MediaKind } from '../model/template.ts';

/**
 * Guesses whether a field holds image, video or audio from its name, title and description, for
 * schemas that say only `string` or `format: uri` (Replicate, fal, the Veo 3 brief's `image`). The
 * structure of a schema (formats, `contentMediaType`, URL objects) comes first: see `mediaShape.ts`.
 */
/** Words that name a medium on their own (`image`, `clip`, `mp3`). */
const WORDS: Record<MediaKind, readonly string[]> = {
  image: ['image', 'images', 'img', 'imgs', 'photo', 'photos', 'picture', 'pictures', 'pic', 'frame', 'frames', 'keyframe', 'mask', 'masks', 'thumbnail', 'portrait', 'selfie', 'sketch', 'png', 'jpg', 'jpeg', 'webp'],
  video: ['video', 'videos', 'clip', 'clips', 'footage', 'movie', 'mp4'],
  audio: ['audio', 'audios', 'wav', 'mp3', 'flac'],
};
/** Words that hint at a medium but also name other things (`voice` is usually a voice id): media only beside a URL word or a file format. */
const WEAK_WORDS: Record<MediaKind, readonly string[]> = {
  image: [],
  video: [],
  audio: ['voice', 'voices', 'speech', 'music', 'song', 'sound', 'speaker', 'vocal', 'vocals', 'instrumental', 'bgm'],
};
const URL_WORDS = ['url', 'urls', 'uri', 'uris', 'file', 'files', 'link', 'links', 'path', 'paths', 'href', 'src'];
/** A media word followed by one of these is still that medium (`image_tail`, `video_ref`, `input_image_2`). */
const ROLE_WORDS = ['tail', 'head', 'start', 'end', 'first', 'last', 'front', 'back', 'left', 'right', 'ref', 'refs', 'reference', 'references', 'input', 'inputs', 'source', 'target', 'init', 'main', 'base', 'list', 'array'];
/** URL fields without a media word that still hold pictures: references, styles, faces, products. */
const PICTURE_WORDS = ['reference', 'references', 'ref', 'refs', 'style', 'face', 'faces', 'subject', 'character', 'product', 'products', 'garment', 'cloth', 'person', 'pose', 'depth', 'canny', 'control', 'logo'];
/** URLs that are never media (`callback_url`, `lora_url`) whatever their description says. */
const NEVER_MEDIA = ['callback', 'callbacks', 'webhook', 'webhooks', 'redirect', 'lora', 'loras', 'model', 'weights', 'checkpoint', 'safetensors', 'api', 'endpoint', 'proxy', 'server', 'history', 'config', 'json', 'zip', 'repo', 'repository', 'dataset', 'npz', 'notify', 'notification', 'return', 'cancel', 'status', 'result', 'output'];
/** Names so generic that only the description can say what they hold (`url`, `file`, `input`). */
const GENERIC_WORDS = [...URL_WORDS, 'input', 'source', 'media', 'data', 'content', 'asset', 'attachment', 'upload', 'init'];
/** File types a description may list (`mp3, m4a or wav`): evidence of the medium for a link field. */
const FILE_TYPES: Record<string, MediaKind> = {
  png: 'image', jpg: 'image', jpeg: 'image', webp: 'image', gif: 'image', bmp: 'image', tiff: 'image', heic: 'image',
  mp4: 'video', mov: 'video', webm: 'video', mkv: 'video', avi: 'video', m4v: 'video',
  mp3: 'audio', wav: 'audio', m4a: 'audio', ogg: 'audio', flac: 'audio', aac: 'audio', opus: 'audio',
};
/** A description naming one of these files is not about a medium (`a .npz history file`). */
const NOT_MEDIA_FILES = /\.(npz|npy|pt|pth|ckpt|safetensors|bin|json|ya?ml|zip|tar|gz|txt|csv|pkl|onnx)\b/i;
const NOT_MEDIA = ['prompt', 'prompts', 'size', 'format', 'id', 'ids', 'count', 'num', 'number', 'type', 'mode', 'strength', 'ratio', 'resolution', 'quality', 'fps', 'duration', 'name', 'seed', 'style', 'description', 'text', 'rate', 'scale', 'weight', 'steps', 'width', 'height', 'position', 'index', 'token', 'key', 'language', 'lang', 'speed', 'volume', 'pitch', 'emotion', 'guidance'];

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

/** The medium a word names on its own (`weak` words count too when asked). */
function kindOfWord(word: string, weak: boolean): MediaKind | undefined {
  for (const kind of ['video', 'audio', 'image'] as const) {
    if (WORDS[kind].includes(word) || (weak && WEAK_WORDS[kind].includes(word))) return kind;
  }
  return undefined;
}

function kindInWords(words: string[], weak: boolean): MediaKind | undefined {
  for (const kind of ['video', 'audio', 'image'] as const) {
    if (words.some((w) => kindOfWord(w, weak) === kind)) return kind;
  }
  return undefined;
}

/** Name words without trailing numbers (`input_image_2` → input, image). */
function significantWords(name: string): string[] {
  const words = nameWords(name);
  while (words.length > 1 && /^\d+$/.test(words[words.length - 1]!)) words.pop();
  return words;
}

/**
 * Media kind of a plain string field judged by its name alone: `image`, `image_url`, `startImageUrl`,
 * `input_image_2`, `image_tail`, `style_reference_urls`, `voice_url` yes; `image_prompt`, `image_size`,
 * `audio_id`, `voice`, `callback_url` no. The last word decides: a medium, a URL word, or a role after a medium.
 */
export function mediaKindFromName(name: string): MediaKind | undefined {
  const words = significantWords(name);
  const last = words[words.length - 1];
  if (!last || NOT_MEDIA.includes(last) || FLAG_VERBS.includes(words[0]!)) return undefined;
  const never = words.some((w) => NEVER_MEDIA.includes(w));
  if (URL_WORDS.includes(last)) {
    return kindInWords(words, false) ?? (never ? undefined : kindInWords(words, true) ?? (words.some((w) => PICTURE_WORDS.includes(w)) ? 'image' : undefined));
  }
  const byLast = kindOfWord(last, false);
  if (byLast) return byLast;
  if (ROLE_WORDS.includes(last)) return kindInWords(words.slice(0, -1), false);
  return undefined;
}

/**
 * Media kind of a field whose schema already says it holds a file or link (`format: uri`, `binary`):
 * any medium word of the name (weak ones too), then of the title; the description only for a generic
 * name (`url`, `file`, `src`) and never for a URL that is not media (`callback_url`) or a file that is
 * not (`.npz`). A description is never enough on its own.
 */
export function mediaKindFromHints(name: string, title?: string, description?: string): MediaKind | undefined {
  const words = significantWords(name);
  const last = words[words.length - 1] ?? '';
  const strong = kindInWords(words, false);
  if (strong) return strong;
  if (words.some((w) => NEVER_MEDIA.includes(w)) || NOT_MEDIA.includes(last)) return undefined;
  const byName = kindInWords(words, true);
  if (byName) return byName;
  if (title) {
    const byTitle = kindInWords(nameWords(title), true);
    if (byTitle) return byTitle;
  }
  if (words.some((w) => PICTURE_WORDS.includes(w))) return 'image';
  if (!description || NOT_MEDIA_FILES.test(description)) return undefined;
  // A generic name (`url`, `src`) takes the medium its description names; any other only the file types it lists.
  const generic = words.every((w) => GENERIC_WORDS.includes(w) || /^\d+$/.test(w));
  const described = nameWords(description);
  const types = described.map((w) => FILE_TYPES[w]).filter(Boolean);
  if (types.length) return types[0];
  if (!generic) return undefined;
  for (const word of described) {
    const kind = kindOfWord(word, false);
    if (kind) return kind;
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
