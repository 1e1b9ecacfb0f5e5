import type { Field, NodeTemplate, Output, OutputKind } from '../model/template.ts';
import { compileFields } from './compile.ts';
import { hashJson } from './hash.ts';
import type { JsonSchema } from './resolve.ts';
import { buildValidator } from './validator.ts';

/**
 * Weft's own nodes (prompt, primitives, media inputs, preview, save, note), described with the same
 * JSON Schema machinery as provider endpoints so they validate the same way. Ids and port names are stable.
 */
const ANY_RESULT: OutputKind[] = ['image', 'video', 'audio', 'text', 'file', 'json', 'integer', 'number', 'boolean'];

interface BuiltinSpec {
  id: string;
  title: string;
  category: string;
  description: string;
  properties: Record<string, JsonSchema>;
  required?: string[];
  outputs: Output[];
  /** Display-side changes applied after compiling (kinds for media pickers, port-only inputs, etc.). */
  patch?: Record<string, Partial<Field>>;
}

function builtin(spec: BuiltinSpec): NodeTemplate {
  const schema: JsonSchema = { type: 'object', properties: spec.properties, required: spec.required ?? [] };
  const compiled = compileFields(schema, schema);
  const validate = buildValidator(compiled, schema);
  const inputs = compiled.map(({ field }) => ({ ...field, connectable: false, ...spec.patch?.[field.name] }));
  return {
    id: spec.id, title: spec.title, provider: 'weft', endpoint: spec.id.slice('weft/'.length), category: spec.category,
    description: spec.description, inputs, outputs: spec.outputs, schemaHash: hashJson(schema), validate,
  };
}

function mediaInput(kind: 'image' | 'video' | 'audio'): NodeTemplate {
  const title = kind[0]!.toUpperCase() + kind.slice(1);
  return builtin({
    id: `weft/${kind}`, title, category: 'Inputs',
    description: `A ${kind}: an https URL, or a local file (chosen in the browser, a path in the CLI).`,
    properties: { url: { type: 'string', title: `${title} URL or file`, minLength: 1 } },
    required: ['url'],
    outputs: [{ name: kind, kind }],
    patch: { url: { kind, connectable: false } },
  });
}

function primitive(id: string, title: string, type: 'number' | 'integer' | 'boolean' | 'string', kind: OutputKind): NodeTemplate {
  return builtin({
    id, title, category: 'Primitives', description: `A ${title.toLowerCase()} value to wire into other nodes.`,
    properties: { value: { type, title: 'Value', ...(type === 'boolean' ? { default: false } : type === 'string' ? { default: '' } : { default: 0 }) } },
    required: ['value'],
    outputs: [{ name: 'value', kind }],
  });
}

const mediaSink = { kind: 'json' as const, connectable: true, accepts: ANY_RESULT, portOnly: true, list: { min: 1 } };

export const BUILTIN_TEMPLATES: readonly NodeTemplate[] = [
  builtin({
    id: 'weft/text', title: 'Text', category: 'Inputs', description: 'A prompt or any text.',
    properties: { text: { type: 'string', title: 'Text', default: '' } },
    outputs: [{ name: 'text', kind: 'text' }],
    patch: { text: { multiline: true } },
  }),
  mediaInput('image'),
  mediaInput('video'),
  mediaInput('audio'),
  primitive('weft/number', 'Number', 'number', 'number'),
  primitive('weft/integer', 'Integer', 'integer', 'integer'),
  primitive('weft/boolean', 'Boolean', 'boolean', 'boolean'),
  primitive('weft/choice', 'Choice', 'string', 'text'),
  builtin({
    id: 'weft/preview', title: 'Preview', category: 'Outputs', description: 'Shows images, plays video and audio, shows text.',
    properties: { media: { title: 'Media' } },
    outputs: [],
    patch: { media: { ...mediaSink, title: 'Media', note: undefined } },
  }),
  builtin({
    id: 'weft/save', title: 'Save', category: 'Outputs',
    description: 'Downloads results (the CLI writes them to its output folder) with a provenance sidecar.',
    properties: { media: { title: 'Media' }, filename: { type: 'string', title: 'File name pattern', default: '{graph}-{node}-{index}' } },
    outputs: [],
    patch: { media: { ...mediaSink, title: 'Media', note: undefined } },
  }),
  builtin({
    id: 'weft/note', title: 'Note', category: 'Annotations', description: 'A note on the canvas; not run.',
    properties: { text: { type: 'string', title: 'Note', default: '' } },
    outputs: [],
    patch: { text: { multiline: true } },
  }),
];

/** The built-in template with this id, if any. */
export function getBuiltinTemplate(id: string): NodeTemplate | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.id === id);
}
