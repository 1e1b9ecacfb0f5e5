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

/**
 * Names (lower-case, separators removed) of inputs that set how many results a job returns, as they
 * occur in the catalogs (`num_images`, `max_images`, `maxImages`, `imageNum`, `n`) plus common synonyms.
 */
const COUNT_NAMES = new Set([
  'n', 'numimages', 'numoutputs', 'numvideos', 'numsamples', 'maximages', 'batchsize', 'batchcount',
  'numberofimages', 'numberofvideos', 'numberofoutputs', 'imagenum', 'imagecount', 'videocount', 'outputcount',
]);

/** The count inputs of a schema whose maximum or enum allows more than one result (unbounded counts do too). */
export function countFieldsOf(inputSchema: JsonSchema): string[] {
  const props = isObject(inputSchema.properties) ? inputSchema.properties : {};
  return Object.entries(props).filter(([name, raw]) => {
    if (!COUNT_NAMES.has(name.toLowerCase().replace(/[^a-z0-9]/g, ''))) return false;
    const { schema } = resolveSchema(raw, inputSchema);
    if (Array.isArray(schema.enum)) return schema.enum.some((v) => Number(v) > 1);
    if (schema.type !== 'integer' && schema.type !== 'number') return false;
    return typeof schema.maximum !== 'number' || schema.maximum > 1;
  }).map(([name]) => name);
}

/** True when the provider may return several results for one job (output.list): a count field allows > 1. */
export function mayReturnSeveral(inputSchema: JsonSchema): boolean {
  return countFieldsOf(inputSchema).length > 0;
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
