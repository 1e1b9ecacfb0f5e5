import type { OutputKind } from '../model/template.ts';
import { nameWords } from './mediaNames.ts';
import { isObject, resolveSchema, type JsonSchema } from './resolve.ts';

/**
 * What a node returns: its primary output kind and whether the provider may return several values.
 * Catalogs say the kind; for pasted schemas it is inferred from the output schema or the endpoint's words.
 */
const KIND_WORDS: Record<string, OutputKind> = {
  image: 'image', images: 'image', img: 'image', photo: 'image', picture: 'image', edit: 'image',
  video: 'video', videos: 'video', clip: 'video', animation: 'video',
  audio: 'audio', speech: 'audio', tts: 'audio', music: 'audio', voice: 'audio', song: 'audio', sound: 'audio',
  '3d': 'file', mesh: 'file', glb: 'file', model3d: 'file',
  text: 'text', string: 'text', caption: 'text', chat: 'text', llm: 'text',
};

/** Maps a provider's output type name (`VIDEO`, `image`, `string`, `3d`) to an output kind. */
export function outputKindFromName(name: string): OutputKind | undefined {
  return KIND_WORDS[name.trim().toLowerCase()];
}

/**
 * Infers the output kind from free text such as an endpoint id, title or description:
 * `image-to-video` → video, `text to speech` → audio; else the first kind word.
 */
export function outputKindFromWords(...texts: (string | undefined)[]): OutputKind | undefined {
  for (const text of texts) {
    if (!text) continue;
    const words = nameWords(text.replace(/3d/gi, ' 3d '));
    for (let i = words.length - 2; i >= 0; i--) {
      if (words[i] === 'to' || words[i] === '2') {
        const kind = KIND_WORDS[words[i + 1]!];
        if (kind) return kind;
      }
    }
    for (const word of words) {
      const kind = KIND_WORDS[word];
      if (kind && word !== 'text' && word !== 'edit') return kind;
    }
    if (words.includes('edit')) return 'image';
  }
  return undefined;
}

const COUNT_NAMES = /^(n|batch size|num (images|outputs|videos|samples|results)|number of (images|outputs|videos|samples)|max images|image num|images num|output count|num)$/;

/** True when the input schema has a count field (num_images, imageNum, n…) whose limit allows more than one. */
export function mayReturnSeveral(inputSchema: JsonSchema): boolean {
  const props = isObject(inputSchema.properties) ? inputSchema.properties : {};
  for (const [name, raw] of Object.entries(props)) {
    if (!COUNT_NAMES.test(nameWords(name).join(' '))) continue;
    const { schema } = resolveSchema(raw, inputSchema);
    const max = typeof schema.maximum === 'number' ? schema.maximum
      : Array.isArray(schema.enum) ? Math.max(...schema.enum.map(Number).filter(Number.isFinite)) : undefined;
    if (max !== undefined && max > 1) return true;
  }
  return false;
}

/**
 * Reads an output/response schema (fal `*Output`, Replicate `Output`, an OpenAPI 200 response) for its kind:
 * media-named properties first, then the schema's own title/format words.
 */
export function outputFromSchema(schema: unknown, root: unknown): { kind: OutputKind; list: boolean } | undefined {
  const { schema: s } = resolveSchema(schema, root);
  if (s.type === 'array') {
    const inner = outputFromSchema(s.items, root);
    return inner ? { kind: inner.kind, list: true } : undefined;
  }
  if (isObject(s.properties)) {
    for (const [name, prop] of Object.entries(s.properties)) {
      const kind = outputKindFromName(name) ?? outputKindFromWords(name);
      if (!kind || kind === 'text') continue;
      const { schema: p } = resolveSchema(prop, root);
      return { kind, list: p.type === 'array' };
    }
    return undefined;
  }
  if (s.type === 'string' && (s.format === 'uri' || s.format === 'url')) {
    const kind = outputKindFromWords(typeof s.title === 'string' ? s.title : undefined, typeof s.description === 'string' ? s.description : undefined);
    return kind ? { kind, list: false } : undefined;
  }
  if (s.type === 'string') return { kind: 'text', list: false };
  return undefined;
}
