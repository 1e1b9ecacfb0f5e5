import type { Definition } from '../model/definition.ts';
import type { NodeTemplate, Output } from '../model/template.ts';
import { fieldFromSchema, type CompiledField } from './fieldFromSchema.ts';
import { hashJson } from './hash.ts';
import { inlineRefs, isObject, type JsonSchema } from './resolve.ts';
import { parseSchemaSource, type SchemaSource } from './schemaSource.ts';
import { buildValidator } from './validator.ts';
import { compileBodyVariants } from './variants.ts';

/**
 * The schema compiler: JSON Schema (+ provider quirks) → NodeTemplate with fields in the provider's
 * order, one primary output named by its kind, and a payload validator.
 */

/** Property names in the order the provider gives: `x-apifox-orders`, `x-fal-order-properties`, `x-order`, else as written. */
export function orderedPropertyNames(schema: JsonSchema): string[] {
  const props = isObject(schema.properties) ? schema.properties : {};
  const names = Object.keys(props);
  for (const key of ['x-apifox-orders', 'x-fal-order-properties', 'x-order']) {
    const order = schema[key];
    if (Array.isArray(order) && order.every((n) => typeof n === 'string')) {
      const listed = order.filter((n) => names.includes(n));
      return [...new Set([...listed, ...names])];
    }
  }
  const rank = (n: string) => {
    const p = props[n];
    return isObject(p) && typeof p['x-order'] === 'number' ? p['x-order'] : Number.POSITIVE_INFINITY;
  };
  return names.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i).map((x) => x.n);
}

/** Compiles every property of an object schema into fields (in order) — never throws. */
export function compileFields(inputSchema: JsonSchema, root: unknown): CompiledField[] {
  const required = new Set(Array.isArray(inputSchema.required) ? inputSchema.required.filter((r): r is string => typeof r === 'string') : []);
  const props = isObject(inputSchema.properties) ? inputSchema.properties : {};
  return orderedPropertyNames(inputSchema).map((name) => fieldFromSchema(name, props[name], required.has(name), root));
}

/** Builds a NodeTemplate from a recognised schema source. */
export function compileSchemaSource(src: SchemaSource, id = `${src.provider}/${src.endpoint}`): NodeTemplate {
  const variants = compileBodyVariants(src.inputSchema, src.root, compileFields);
  const compiled = variants?.compiled ?? compileFields(src.inputSchema, src.root);
  const outputs: Output[] = [{ name: src.output.kind, kind: src.output.kind, ...(src.output.list ? { list: true } : {}) }];
  const template: NodeTemplate = {
    id,
    title: src.title,
    provider: src.provider,
    endpoint: src.endpoint,
    category: src.category,
    ...(src.description ? { description: src.description } : {}),
    inputs: compiled.map((c) => c.field),
    outputs,
    schemaHash: hashJson(src.root === src.inputSchema ? src.inputSchema : inlineRefs(src.inputSchema, src.root)),
    validate: () => [],
  };
  template.validate = buildValidator(() => template, {
    root: src.root,
    body: src.requestSchema ?? src.inputSchema,
    ...(variants ? { variants: { selector: variants.selector, bodies: variants.bodies } } : {}),
  });
  return template;
}

/** Compiles an endpoint definition from `nodes/` into its template. */
export function compileDefinition(def: Definition): NodeTemplate {
  const template = compileSchemaSource(parseSchemaSource(def), def.id);
  return def.description ? { ...template, description: def.description } : template;
}

/**
 * Compiles any supported schema document (pasted or from a file) into a template; `ref` picks one
 * part of a document that holds several (`#/components/schemas/X`). Throws SchemaSourceError.
 */
export function compileTemplate(document: unknown, ref?: string): NodeTemplate {
  return compileSchemaSource(parseSchemaSource(document, ref));
}
