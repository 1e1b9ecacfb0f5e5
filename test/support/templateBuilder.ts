import type { GetTemplate, Graph, GraphEdge, GraphNode } from '../../src/core/model/graph.ts';
import { BUILTIN_TEMPLATES } from '../../src/core/templates/builtins.ts';
import type { Field, FieldKind, NodeTemplate, Output, OutputKind, Problem } from '../../src/core/model/template.ts';

/** A field with sensible test defaults: titled after its name, optional, connectable. */
export function field(name: string, kind: FieldKind, extra: Partial<Field> = {}): Field {
  return { name, title: name.charAt(0).toUpperCase() + name.slice(1), kind, required: false, connectable: true, ...extra };
}

export function output(name: string, kind: OutputKind, list = false): Output {
  return list ? { name, kind, list } : { name, kind };
}

function checkOne(f: Field, value: unknown): string | null {
  switch (f.kind) {
    case 'text':
      if (typeof value !== 'string') return 'must be text';
      if (f.maxLength !== undefined && value.length > f.maxLength) return `must be at most ${f.maxLength} characters`;
      if (f.minLength !== undefined && value.length < f.minLength) return `must be at least ${f.minLength} characters`;
      return null;
    case 'enum':
      return f.options?.some((o) => o.value === value) ? null : `must be one of ${f.options?.map((o) => String(o.value)).join(', ')}`;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (f.kind === 'integer' && !Number.isInteger(value))) return `must be ${f.kind === 'integer' ? 'an integer' : 'a number'}`;
      if (f.min !== undefined && value < f.min) return `must be at least ${f.min}`;
      if (f.max !== undefined && value > f.max) return `must be at most ${f.max}`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'image':
    case 'video':
    case 'audio':
      return typeof value === 'string' ? null : `must be a ${f.kind} URL`;
    case 'json':
      return null;
  }
}

/** A simple validator over a template's fields: required, type, enum options, ranges, list counts. */
function validatorFor(inputs: Field[]): (payload: Record<string, unknown>) => Problem[] {
  return (payload) => {
    const problems: Problem[] = [];
    for (const f of inputs) {
      const value = payload[f.name];
      if (value === undefined) {
        if (f.required) problems.push({ field: f.name, code: 'required', message: `${f.title} is required` });
        continue;
      }
      if (f.list) {
        if (!Array.isArray(value)) {
          problems.push({ field: f.name, code: 'type', message: 'must be a list' });
          continue;
        }
        if (f.list.max !== undefined && value.length > f.list.max) {
          problems.push({ field: f.name, code: 'max_items', message: `takes at most ${f.list.max} items` });
        }
        value.forEach((item, i) => {
          const message = checkOne(f, item);
          if (message) problems.push({ field: `${f.name}[${i}]`, code: 'type', message });
        });
        continue;
      }
      const message = checkOne(f, value);
      if (message) problems.push({ field: f.name, code: 'invalid', message });
    }
    return problems;
  };
}

export interface TemplateSpec {
  id: string;
  title?: string;
  inputs?: Field[];
  outputs?: Output[];
  schemaHash?: string;
  validate?: NodeTemplate['validate'];
}

/** A NodeTemplate from a few lines; provider and category follow the id. */
export function template(spec: TemplateSpec): NodeTemplate {
  const inputs = spec.inputs ?? [];
  const provider = spec.id.split('/')[0] ?? 'test';
  return {
    id: spec.id,
    title: spec.title ?? spec.id,
    provider,
    endpoint: spec.id.split('/').slice(1).join('/'),
    category: provider,
    inputs,
    outputs: spec.outputs ?? [],
    schemaHash: spec.schemaHash ?? `hash-of-${spec.id}`,
    validate: spec.validate ?? validatorFor(inputs),
  };
}

/**
 * The real built-in node types (`weft/text`, `weft/image`, `weft/preview`, …): core code, so tests use
 * them as they are rather than copies that could drift.
 */
export const builtins: readonly NodeTemplate[] = BUILTIN_TEMPLATES;

/**
 * RunComfy Veo 3.1 reference-to-video, as PROVIDERS.md documents it, with the schema hash the compiler
 * gives the real definition today (so the golden fixtures carry a current hash).
 */
export const veo31 = template({
  id: 'runcomfy/google-deepmind/veo-3-1/reference-to-video',
  title: 'Veo 3.1',
  schemaHash: 'ed4c6cf902aae665',
  inputs: [
    field('prompt', 'text', { required: true, multiline: true }),
    field('image_urls', 'image', { title: 'Images', required: true, list: { min: 1, max: 10 } }),
    field('duration', 'enum', { options: [{ value: 8, label: '8' }], default: 8, valueType: 'integer' }),
    field('resolution', 'enum', { options: [{ value: '720p', label: '720p' }, { value: '1080p', label: '1080p' }], default: '720p' }),
    field('generate_audio', 'boolean', { title: 'Generate Audio', default: true }),
  ],
  outputs: [output('video', 'video')],
});

/** RunComfy Veo 3 image-to-video: a single image input. */
export const veo3 = template({
  id: 'runcomfy/google-deepmind/veo-3/image-to-video',
  title: 'Veo 3',
  schemaHash: 'veo3-v1',
  inputs: [
    field('image', 'image', { required: true }),
    field('prompt', 'text', { required: true, maxLength: 1999 }),
    field('generateAudio', 'boolean', { title: 'Generate Audio', default: false }),
  ],
  outputs: [output('video', 'video')],
});

/** RunningHub Veo 3.1 Pro reference-to-video (up to three images). */
export const runningHubVeo = template({
  id: 'runninghub/rhart-video-v3.1-pro-official/reference-to-video',
  title: 'Veo 3.1 Pro (RunningHub)',
  schemaHash: '5fda7e7194e1a8f6',
  inputs: [
    field('prompt', 'text', { required: true, maxLength: 8000 }),
    field('imageUrls', 'image', { title: 'Images', required: true, list: { min: 1, max: 3 } }),
    field('negativePrompt', 'text', { title: 'Negative prompt' }),
    field('seed', 'integer', { title: 'Seed' }),
    field('resolution', 'enum', {
      required: true,
      options: ['720p', '1080p', '4k'].map((value) => ({ value, label: value })),
      default: '1080p',
      valueType: 'string',
    }),
    field('generateAudio', 'boolean', { title: 'Generate Audio', required: true, default: false }),
  ],
  outputs: [output('video', 'video')],
});

/** A model returning several images, for list-output rules. */
export const fourImages = template({
  id: 'test/four-images',
  title: 'Four images',
  inputs: [field('prompt', 'text', { required: true })],
  outputs: [output('images', 'image', true)],
});

/** Looks templates up by id, like the editor's registry. */
export function registry(...templates: NodeTemplate[]): GetTemplate {
  const byId = new Map(templates.map((t) => [t.id, t]));
  return (type) => byId.get(type);
}

/** Every test template above. */
export const getTemplate: GetTemplate = registry(...builtins, veo31, veo3, runningHubVeo, fourImages);

/** A saved node: `node('n1', 'weft/text', { values: { text: 'hi' } })`. */
export function node(id: string, type: string, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, type, position: { x: 0, y: 0 }, values: {}, ...extra };
}

/** An edge written `edge('e1', 'n1.text', 'n2.prompt')` (node id, dot, port). */
export function edge(id: string, from: string, to: string, index?: number): GraphEdge {
  const ref = (text: string) => {
    const dot = text.indexOf('.');
    return { node: text.slice(0, dot), port: text.slice(dot + 1) };
  };
  const result: GraphEdge = { id, from: ref(from), to: ref(to) };
  if (index !== undefined) result.index = index;
  return result;
}

/** A version-1 graph holding the given nodes and edges. */
export function graph(nodes: GraphNode[], edges: GraphEdge[] = [], name = 'Test graph'): Graph {
  return { format: 'weft.graph', version: 1, name, nodes, edges };
}
