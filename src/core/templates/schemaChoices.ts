import { isObject, resolveSchema, type JsonSchema } from './resolve.ts';

/**
 * The request-like schemas of an OpenAPI document that has no operations (`"paths": {}`, the schemas
 * under `components`): each is offered as a choice, named by its JSON pointer
 * (`#/components/schemas/TextToVideoInput`), for `weft template file.json#/…` and the paste dialog.
 */
export interface SchemaChoice {
  /** A JSON pointer into the document. */
  ref: string;
  title: string;
}

const OUTPUT_NAMES = /(output|response|result|results|error|errors|status|queue|metadata|file|files|info)$/i;
const INPUT_NAMES = /(input|request|params|parameters|body|args|arguments)$/i;

function escape(name: string): string {
  return encodeURIComponent(name.replace(/~/g, '~0').replace(/\//g, '~1')).replace(/%7E/gi, '~');
}

/** Local `$ref` targets used below a node, except as the whole of a union member (those are shapes, not parts). */
function partRefs(node: unknown, out: Set<string>, inUnion = false): void {
  if (Array.isArray(node)) {
    for (const item of node) partRefs(item, out, inUnion);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.$ref === 'string' && !inUnion) out.add(node.$ref);
  for (const [key, value] of Object.entries(node)) partRefs(value, out, key === 'oneOf' || key === 'anyOf' || key === 'allOf');
}

/** Object shapes (or unions of them) that look like requests: inputs first, outputs and sub-parts left out. */
export function requestSchemaChoices(doc: unknown): SchemaChoice[] {
  const schemas = isObject(doc) && isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  const used = new Set<string>();
  for (const schema of Object.values(schemas)) partRefs(schema, used);
  const choices: SchemaChoice[] = [];
  for (const [name, raw] of Object.entries(schemas)) {
    const ref = `#/components/schemas/${escape(name)}`;
    if (used.has(ref) || used.has(`#/components/schemas/${name}`) || OUTPUT_NAMES.test(name)) continue;
    const { schema } = resolveSchema(raw, doc);
    const union = [schema.oneOf, schema.anyOf].find(Array.isArray);
    const objectLike = (s: JsonSchema) => s.type === 'object' || isObject(s.properties);
    if (!objectLike(schema) && !(union && union.every((m) => objectLike(resolveSchema(m, doc).schema)))) continue;
    choices.push({ ref, title: typeof schema.title === 'string' && schema.title.trim() ? schema.title.trim() : name });
  }
  const inputs = choices.filter((c) => INPUT_NAMES.test(decodeURIComponent(c.ref.split('/').pop()!)));
  return inputs.length ? inputs : choices;
}
