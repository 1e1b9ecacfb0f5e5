import type { Field, NodeTemplate, Output, OutputKind, Problem } from '../model/template.ts';
import { compileFields } from './compile.ts';
import { hashJson } from './hash.ts';
import type { JsonSchema } from './resolve.ts';
import { templatePlaceholders, templateTextProblems } from './textTemplate.ts';
import { buildValidator } from './validator.ts';
import { MEDIA_NODE_SPECS } from '../media/mediaNodes.ts';

/**
 * Weft's own nodes (prompt, primitives, media inputs, preview, save, note), described with the same
 * JSON Schema machinery as provider endpoints so they validate the same way. Ids and port names are stable.
 */
const ANY_RESULT: OutputKind[] = ['image', 'video', 'audio', 'text', 'file', 'json', 'integer', 'number', 'boolean'];

export interface BuiltinSpec {
  id: string;
  title: string;
  category: string;
  description: string;
  properties: Record<string, JsonSchema>;
  required?: string[];
  outputs: Output[];
  /** Display-side changes applied after compiling (kinds for media pickers, port-only inputs, etc.). */
  patch?: Record<string, Partial<Field>>;
  /** Inputs a node adds from its own values (`NodeTemplate.instanceInputs`); validated like the others. */
  instanceInputs?(values: Record<string, unknown>): Field[];
  /** Checks beyond the fields' own rules, added to `validate`'s problems. */
  check?(payload: Record<string, unknown>): Problem[];
}

function builtin(spec: BuiltinSpec): NodeTemplate {
  const schema: JsonSchema = { type: 'object', properties: spec.properties, required: spec.required ?? [] };
  const compiled = compileFields(schema, schema);
  const inputs = compiled.map(({ field }) => ({ ...field, connectable: false, ...spec.patch?.[field.name] }));
  const template: NodeTemplate = {
    id: spec.id, title: spec.title, provider: 'weft', endpoint: spec.id.slice('weft/'.length), category: spec.category,
    description: spec.description, inputs, outputs: spec.outputs, schemaHash: hashJson(schema),
    validate: () => [],
  };
  template.validate = buildValidator(() => template, { root: schema, body: schema, localMedia: true });
  if (spec.instanceInputs) template.instanceInputs = spec.instanceInputs;
  const { check } = spec;
  if (check) {
    const fieldsOnly = template.validate;
    const isObject = (p: unknown) => typeof p === 'object' && p !== null && !Array.isArray(p);
    template.validate = (payload) => (isObject(payload) ? [...fieldsOnly(payload), ...check(payload)] : fieldsOnly(payload));
  }
  return template;
}

/** A text template's placeholders as required text inputs, in order (a `{template}` placeholder is ignored). */
function placeholderInputs(values: Record<string, unknown>): Field[] {
  const text = values.template;
  if (typeof text !== 'string') return [];
  return templatePlaceholders(text).map((name) => ({
    name, title: name, kind: 'text', required: true, connectable: true, description: `Replaces {${name}} in the template.`,
  }));
}

/** The template's own problems (too many placeholders, a reserved name), reported on its `template` field. */
function checkTemplateText(payload: Record<string, unknown>): Problem[] {
  const text = payload.template;
  if (typeof text !== 'string') return [];
  return templateTextProblems(text).map((message) => ({ field: 'template', message, code: 'template_text' }));
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
  builtin({
    id: 'weft/template', title: 'Text template', category: 'Inputs',
    description: 'Text with {name} placeholders, each a text input (typed or wired); {{ and }} write literal braces.',
    properties: { template: { type: 'string', title: 'Template', default: '' } },
    outputs: [{ name: 'text', kind: 'text' }],
    patch: { template: { multiline: true, placeholder: 'A {subject} in {style}, cinematic' } },
    instanceInputs: placeholderInputs,
    check: checkTemplateText,
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
  // Local media and text-list nodes (src/core/media): frames, trim, join, audio, image fit, info.
  ...MEDIA_NODE_SPECS.map(builtin),
];

/** The built-in template with this id, if any. */
export function getBuiltinTemplate(id: string): NodeTemplate | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.id === id);
}
