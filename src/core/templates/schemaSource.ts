import type { OutputKind } from '../model/template.ts';
import { getByPointer, isObject, resolveSchema, type JsonSchema } from './resolve.ts';
import { mayReturnSeveral, outputFromSchema, outputKindFromName, outputKindFromWords } from './outputs.ts';
import { runningHubParamsToSchema } from './runninghubParams.ts';
import { requestSchemaChoices, type SchemaChoice } from './schemaChoices.ts';

/**
 * Recognises the shapes a user may paste or a catalog may hold — a bare JSON Schema, an OpenAPI document,
 * an OpenAPI operation (Apifox export), a Replicate model, a RunningHub registry entry, a RunComfy catalog
 * entry, or a Weft definition — and extracts one request-body schema plus what the node is called and returns.
 */
export type SourceShape = 'definition' | 'json-schema' | 'openapi' | 'operation' | 'replicate' | 'runninghub-entry' | 'runcomfy-entry';

export interface SchemaSource {
  shape: SourceShape;
  provider: string;
  endpoint: string;
  title: string;
  category: string;
  description?: string;
  /** The request body's schema, resolved at its top level (may contain `$ref`s into `root`). */
  inputSchema: JsonSchema;
  /** The request body's schema as written (what payloads are validated against); `inputSchema` when absent. */
  requestSchema?: unknown;
  /** The document `$ref`s resolve against. */
  root: unknown;
  output: { kind: OutputKind; list: boolean };
}

export class SchemaSourceError extends Error {
  override name = 'SchemaSourceError';
}

/** The document holds several request schemas and no operation: the user picks one (`…json#/components/schemas/X`). */
export class SchemaChoiceError extends SchemaSourceError {
  override name = 'SchemaChoiceError';
  constructor(readonly choices: SchemaChoice[]) {
    super(`This OpenAPI document has no operations; it defines ${choices.length} request schemas. Choose one: ${choices.map((c) => `#${c.ref.slice(1)} (${c.title})`).join(', ')}.`);
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** "Flux 2 Klein Edit!" → "flux-2-klein-edit". */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9/.]+/g, '-').replace(/^[-/]+|[-/]+$/g, '') || 'endpoint';
}

function categoryFor(kind: OutputKind): string {
  return { image: 'Image', video: 'Video', audio: 'Audio', text: 'Text', file: '3D & files', json: 'Data' }[kind as string] ?? 'Other';
}

function outputOf(inputSchema: JsonSchema, found: { kind: OutputKind; list: boolean } | undefined, ...words: (string | undefined)[]) {
  const kind = found?.kind ?? outputKindFromWords(...words) ?? 'file';
  return { kind, list: found?.list === true || mayReturnSeveral(inputSchema) };
}

function fromOpenApi(doc: JsonSchema): SchemaSource {
  const paths = isObject(doc.paths) ? doc.paths : {};
  const candidates: { path: string; op: JsonSchema; method: string }[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of ['post', 'put', 'patch', 'get']) if (isObject(item[method])) candidates.push({ path, op: item[method] as JsonSchema, method });
  }
  const withBody = candidates.filter((c) => bodySchema(c.op) !== undefined);
  const chosen = withBody.find((c) => !c.path.includes('{')) ?? withBody[0] ?? candidates.find((c) => !c.path.includes('{')) ?? candidates[0];
  if (!chosen) {
    const choices = requestSchemaChoices(doc);
    if (choices.length === 1) return fromPart(doc, choices[0]!.ref);
    if (choices.length > 1) throw new SchemaChoiceError(choices);
    throw new SchemaSourceError('This OpenAPI document has no operations (`paths` is empty) and no request-like schema under `components`, so there is no request to build a node from.');
  }
  const info = isObject(doc.info) ? doc.info : {};
  const meta = isObject(info['x-fal-metadata']) ? info['x-fal-metadata'] : {};
  const servers = Array.isArray(doc.servers) ? doc.servers.map((s) => (isObject(s) ? str(s.url) : undefined)).join(' ') : '';
  return fromOperation(chosen.op, doc, chosen.path, {
    title: str(meta.endpointId) ?? str(chosen.op.summary) ?? str(info.title),
    description: str(chosen.op.description) ?? str(info.description),
    servers,
    category: str(meta.category),
  });
}

/** The JSON (or multipart) request body schema of an OpenAPI operation. */
function bodySchema(op: JsonSchema): unknown {
  const body = isObject(op.requestBody) ? op.requestBody : undefined;
  const content = body && isObject(body.content) ? body.content : undefined;
  if (!content) return undefined;
  const media = content['application/json'] ?? Object.values(content).find(isObject);
  return isObject(media) && media.schema !== undefined ? media.schema : undefined;
}

/** Query/form parameters of a body-less operation as an object schema. */
function parametersSchema(op: JsonSchema): JsonSchema {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const p of Array.isArray(op.parameters) ? op.parameters : []) {
    if (!isObject(p) || typeof p.name !== 'string' || p.in === 'header' || p.in === 'path' || p.in === 'cookie') continue;
    properties[p.name] = { ...(isObject(p.schema) ? p.schema : {}), ...(str(p.description) ? { description: p.description } : {}) };
    if (p.required === true) required.push(p.name);
  }
  return { type: 'object', properties, required };
}

function fromOperation(op: JsonSchema, root: unknown, path: string | undefined, hints: { title?: string; description?: string; servers?: string; category?: string } = {}): SchemaSource {
  const body = bodySchema(op);
  const resolved = body !== undefined ? resolveSchema(body, root).schema : parametersSchema(op);
  const isRunningHub = /runninghub/i.test(hints.servers ?? '') || (path ?? '').startsWith('/openapi/v2/') || (path ?? '').startsWith('/task/openapi/');
  const endpoint = path?.replace(/^\/openapi\/v2\//, '').replace(/^\/+/, '') || slug(hints.title ?? 'endpoint');
  const provider = isRunningHub ? 'runninghub' : /fal\.(ai|run)/i.test(hints.servers ?? '') || /x-fal/.test(JSON.stringify(Object.keys(resolved))) ? 'fal' : 'custom';
  const title = hints.title ?? str(op.summary) ?? endpoint;
  const responses = isObject(op.responses) ? op.responses : {};
  const ok = isObject(responses['200']) ? responses['200'] : undefined;
  const okSchema = ok && isObject(ok.content) ? Object.values(ok.content).find(isObject)?.schema : undefined;
  const components = isObject(root) && isObject(root.components) && isObject(root.components.schemas) ? root.components.schemas : {};
  const outputName = Object.keys(components).find((k) => /Output$/.test(k));
  const resolvedOk = okSchema !== undefined ? resolveSchema(okSchema, root).schema : undefined;
  const found = (outputName ? outputFromSchema(components[outputName], root) : undefined) ?? outputFromSchema(okSchema, root)
    ?? (resolvedOk?.type === 'object' && !outputKindFromWords(endpoint, title) ? { kind: 'json' as const, list: false } : undefined);
  const output = outputOf(resolved, found, endpoint, title, hints.description);
  return {
    shape: 'openapi', provider, endpoint, title, category: hints.category ?? categoryFor(output.kind),
    ...(hints.description ? { description: hints.description } : {}),
    inputSchema: resolved, requestSchema: body ?? resolved, root, output,
  };
}

/**
 * One part of a document, named by a JSON pointer (`#/components/schemas/TextToVideoInput`,
 * `#/paths/~1v1~1generate/post`): an operation, a path item, or a request schema.
 */
function fromPart(doc: JsonSchema, ref: string): SchemaSource {
  const target = getByPointer(doc, ref.startsWith('#') ? ref : `#${ref}`);
  if (!isObject(target)) throw new SchemaSourceError(`This document has no schema at ${ref}.`);
  const info = isObject(doc.info) ? doc.info : {};
  const servers = Array.isArray(doc.servers) ? doc.servers.map((s) => (isObject(s) ? str(s.url) : undefined)).join(' ') : '';
  const op = isObject(target.requestBody) || Array.isArray(target.parameters) ? target
    : ['post', 'put', 'patch', 'get'].map((m) => target[m]).find(isObject);
  if (op) {
    const path = /^#\/paths\/([^/]+)/.exec(ref)?.[1];
    return fromOperation(op, doc, path ? decodeURIComponent(path).replace(/~1/g, '/').replace(/~0/g, '~') : undefined, { title: str(op.summary) ?? str(info.title), description: str(op.description), servers });
  }
  const name = decodeURIComponent(ref.split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  const inputSchema = resolveSchema(target, doc).schema;
  const bare = name.replace(/(Input|Request|Params|Body)$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').trim();
  const title = str(target.title) ?? (bare || name);
  const components = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  const outputName = Object.keys(components).find((k) => k === name.replace(/(Input|Request|Params|Body)$/, 'Output'));
  const output = outputOf(inputSchema, outputName ? outputFromSchema(components[outputName], doc) : undefined, name, title, str(target.description));
  const provider = /fal\.(ai|run)/i.test(servers) || isObject(info['x-fal-metadata']) ? 'fal' : 'custom';
  return {
    shape: 'openapi', provider, endpoint: slug(title), title, category: categoryFor(output.kind),
    ...(str(target.description) ? { description: str(target.description) } : {}),
    inputSchema, requestSchema: { $ref: ref.startsWith('#') ? ref : `#${ref}` }, root: doc, output,
  };
}

/**
 * Identifies a pasted or catalogued schema document and extracts its request schema; `ref` (a JSON
 * pointer) picks one part of a document that holds several. Throws SchemaSourceError
 * (SchemaChoiceError when the document needs a `ref` and lists the choices).
 */
export function parseSchemaSource(value: unknown, ref?: string): SchemaSource {
  if (ref !== undefined && ref !== '' && ref !== '#') {
    if (!isObject(value)) throw new SchemaSourceError('Expected a JSON object to pick a schema from.');
    return fromPart(value, ref);
  }
  if (!isObject(value)) throw new SchemaSourceError('Expected a JSON object (a JSON Schema, an OpenAPI document, or a provider catalog entry).');
  const v = value;

  // A Weft endpoint definition (nodes/…json).
  if (isObject(v.inputSchema) && typeof v.provider === 'string' && typeof v.endpoint === 'string' && isObject(v.output)) {
    const out = v.output as { kind?: unknown; list?: unknown };
    return {
      shape: 'definition', provider: v.provider, endpoint: v.endpoint, title: str(v.title) ?? v.endpoint,
      category: str(v.category) ?? 'Other', ...(str(v.description) ? { description: str(v.description) } : {}),
      inputSchema: v.inputSchema, root: v.inputSchema,
      output: { kind: outputKindFromName(String(out.kind)) ?? (out.kind as OutputKind), list: out.list === true },
    };
  }
  // The brief's RunningHub form wraps a registry entry.
  if (isObject(v.registry_entry)) return parseSchemaSource(v.registry_entry);
  // RunningHub registry entry: {endpoint, params[], output_type}.
  if (typeof v.endpoint === 'string' && Array.isArray(v.params)) {
    const inputSchema = runningHubParamsToSchema(v.params);
    const kind = outputKindFromName(String(v.output_type ?? '')) ?? outputKindFromWords(v.endpoint) ?? 'file';
    return {
      shape: 'runninghub-entry', provider: 'runninghub', endpoint: v.endpoint,
      title: str(v.name_en) ?? str(v.display_name) ?? v.endpoint,
      category: str(v.category)?.replace(/^RunningHub\//, '') ?? categoryFor(kind),
      inputSchema, root: inputSchema, output: { kind, list: mayReturnSeveral(inputSchema) },
    };
  }
  // RunComfy catalog entry: {model_id, schema | input_schema, output_type?}.
  if (typeof v.model_id === 'string' && (isObject(v.schema) || isObject(v.input_schema))) {
    const inputSchema = (isObject(v.input_schema) ? v.input_schema : v.schema) as JsonSchema;
    const kind = outputKindFromName(String(v.output_type ?? '')) ?? outputKindFromWords(v.model_id) ?? 'file';
    return {
      shape: 'runcomfy-entry', provider: 'runcomfy', endpoint: v.model_id,
      title: (str(v.display_name) ?? str(v.title) ?? v.model_id).replace(/^RunComfy\s+/, ''),
      category: categoryFor(kind), inputSchema, root: inputSchema, output: { kind, list: mayReturnSeveral(inputSchema) },
    };
  }
  // Replicate model object: latest_version.openapi_schema.components.schemas.Input.
  const version = isObject(v.latest_version) ? v.latest_version : undefined;
  if (version && isObject(version.openapi_schema)) {
    const doc = version.openapi_schema;
    const schemas = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
    if (!isObject(schemas.Input)) throw new SchemaSourceError('This Replicate model has no components.schemas.Input in its openapi_schema.');
    const inputSchema = resolveSchema(schemas.Input, doc).schema;
    const name = [str(v.owner), str(v.name)].filter(Boolean).join('/') || 'replicate-model';
    const output = outputOf(inputSchema, outputFromSchema(schemas.Output, doc), str(v.name), str(v.description));
    return {
      shape: 'replicate', provider: 'replicate', endpoint: name, title: name, category: categoryFor(output.kind),
      ...(str(v.description) ? { description: str(v.description) } : {}), inputSchema, requestSchema: schemas.Input, root: doc, output,
    };
  }
  if (typeof v.openapi === 'string' || typeof v.swagger === 'string') return fromOpenApi(v);
  // An OpenAPI operation on its own (Apifox exports): {path, method, requestBody}.
  if (isObject(v.requestBody)) {
    const servers = Array.isArray(v.servers) ? v.servers.map((s) => (isObject(s) ? str(s.url) : undefined)).join(' ') : '';
    return { ...fromOperation(v, v, str(v.path), { title: str(v.summary), description: str(v.description), servers }), shape: 'operation' };
  }
  // A bare JSON Schema.
  if (isObject(v.properties) || ['object', 'string', 'number', 'integer', 'boolean', 'array'].includes(String(v.type)) || typeof v.$schema === 'string' || Array.isArray(v.allOf) || Array.isArray(v.oneOf) || Array.isArray(v.anyOf) || typeof v.$ref === 'string') {
    const inputSchema = resolveSchema(v, v).schema;
    if (inputSchema.type !== undefined && inputSchema.type !== 'object') {
      throw new SchemaSourceError(`A node's input schema must describe an object of fields; this one is of type "${String(inputSchema.type)}".`);
    }
    const title = str(v.title) ?? 'Custom endpoint';
    const output = outputOf(inputSchema, undefined, title, str(v.description));
    return {
      shape: 'json-schema', provider: 'custom', endpoint: slug(title), title, category: categoryFor(output.kind),
      ...(str(v.description) ? { description: str(v.description) } : {}), inputSchema, requestSchema: v, root: v, output,
    };
  }
  throw new SchemaSourceError(
    'Not a schema Weft recognises. Expected a JSON Schema (with "properties"), an OpenAPI document ("openapi"), an OpenAPI operation ("requestBody"), a Replicate model ("latest_version"), a RunningHub registry entry ("endpoint" + "params") or a RunComfy catalog entry ("model_id" + "schema").',
  );
}
