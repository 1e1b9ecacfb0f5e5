import type { CustomEndpointDefinition, GetTemplate, Graph } from '../model/graph.ts';
import { zCustomEndpoint } from '../model/graph.ts';
import type { NodeTemplate, OutputKind } from '../model/template.ts';
import { compileSchemaSource } from '../templates/compile.ts';
import { inlineRefs, isObject } from '../templates/resolve.ts';
import { parseSchemaSource } from '../templates/schemaSource.ts';

/**
 * Custom endpoints: node types made from a pasted schema (JSON Schema, OpenAPI document or operation,
 * Replicate model, RunningHub or RunComfy catalog entry), run on a provider endpoint the user names.
 * Each is normalised once into a self-contained definition (`CustomEndpointDefinition`): that is what
 * local settings keep, what a graph file carries, and the only thing compiled into a template — so the
 * node is the same on every machine and its schema hash does not depend on how it was pasted.
 */

/** Deepest nesting a normalised input schema may have (the file's own limit is 64, and it sits at depth 4). */
export const MAX_CUSTOM_SCHEMA_DEPTH = 56;

/** What the user tells Weft about a pasted schema. */
export interface CustomEndpointChoice {
  id: string;
  title: string;
  provider: string;
  endpoint: string;
  /** Which schema of a document that holds several (a JSON pointer, `#/components/schemas/X`). */
  ref?: string;
  /** What the node returns, when the user says (else what the schema suggests). */
  output?: { kind: OutputKind; list: boolean };
}

function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + value.reduce<number>((max, v) => Math.max(max, depthOf(v)), 0);
  if (isObject(value)) return 1 + Object.values(value).reduce<number>((max, v) => Math.max(max, depthOf(v)), 0);
  return 0;
}

/** The first problem zod found, as one sentence naming the field. */
function firstProblem(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'the definition is not valid';
  const where = issue.path.filter((p) => typeof p !== 'symbol').join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Checks an unknown value as a definition (from storage or a file). Throws an Error naming the bad field. */
export function parseCustomEndpoint(value: unknown): CustomEndpointDefinition {
  const parsed = zCustomEndpoint.safeParse(value);
  if (!parsed.success) throw new Error(firstProblem(parsed.error));
  if (depthOf(parsed.data.inputSchema) > MAX_CUSTOM_SCHEMA_DEPTH) throw new Error(`the input schema is nested more than ${MAX_CUSTOM_SCHEMA_DEPTH} levels deep`);
  return parsed.data;
}

/**
 * Normalises a pasted document into a definition: recognises its shape, extracts the request schema,
 * inlines its `$ref`s, and checks the result against the file format's limits. Throws SchemaSourceError
 * (the document is not a schema Weft understands) or Error (a limit or a bad choice), with a message for the user.
 */
export function customEndpointFromDocument(document: unknown, choice: CustomEndpointChoice): CustomEndpointDefinition {
  const src = parseSchemaSource(document, choice.ref);
  const inputSchema = inlineRefs(src.inputSchema, src.root);
  return parseCustomEndpoint({
    id: choice.id,
    title: choice.title.trim(),
    provider: choice.provider,
    endpoint: choice.endpoint.trim(),
    category: src.category.slice(0, 100) || 'Other',
    ...(src.description ? { description: src.description.slice(0, 5000) } : {}),
    output: choice.output ?? { kind: src.output.kind, list: src.output.list },
    inputSchema,
  });
}

/** Compiles a definition into its node template (type `custom/…`, run on its provider's endpoint). */
export function compileCustomEndpoint(def: CustomEndpointDefinition): NodeTemplate {
  const src = parseSchemaSource({
    provider: def.provider,
    endpoint: def.endpoint,
    title: def.title,
    category: def.category,
    ...(def.description ? { description: def.description } : {}),
    output: def.output,
    inputSchema: def.inputSchema,
  });
  return compileSchemaSource(src, def.id);
}

/** `custom/<slug>` from a title, not among `taken` (a `-2`, `-3`… suffix when it is). */
export function customEndpointId(title: string, taken: ReadonlySet<string>): string {
  const base = title.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[-.]+$/g, '').slice(0, 80) || 'endpoint';
  let id = `custom/${base}`;
  for (let n = 2; taken.has(id); n++) id = `custom/${base}-${n}`;
  return id;
}

/** The `custom/…` node types a graph's nodes use, sorted. */
export function customTypesIn(graph: Pick<Graph, 'nodes'>): string[] {
  return [...new Set(graph.nodes.map((n) => n.type).filter((t) => t.startsWith('custom/')))].sort();
}

/**
 * A template lookup that falls back on the definitions a file carries: installed templates win (the
 * user's own version of a custom node), then the file's, compiled once. Definitions that do not compile
 * are reported through `onInvalid` (their nodes stay placeholders).
 */
export function withEmbeddedTemplates(
  getTemplate: GetTemplate,
  defs: readonly CustomEndpointDefinition[],
  onInvalid: (at: number, def: CustomEndpointDefinition, reason: string) => void,
): GetTemplate {
  const embedded = new Map<string, NodeTemplate>();
  defs.forEach((def, at) => {
    if (getTemplate(def.id)) return;
    try {
      embedded.set(def.id, compileCustomEndpoint(def));
    } catch (error) {
      onInvalid(at, def, error instanceof Error ? error.message : String(error));
    }
  });
  return (type) => getTemplate(type) ?? embedded.get(type);
}

/**
 * What a pasted document says about itself, to prefill the form: its title, what it returns, and
 * provider + endpoint when it names one Weft runs. `ref` picks one schema of a document that holds several.
 */
export function suggestChoice(document: unknown, runnable: readonly string[], ref?: string): { title: string; output: { kind: OutputKind; list: boolean }; provider?: string; endpoint?: string } {
  const src = parseSchemaSource(document, ref);
  const output = { kind: src.output.kind, list: src.output.list };
  return runnable.includes(src.provider) ? { title: src.title, output, provider: src.provider, endpoint: src.endpoint } : { title: src.title, output };
}
