/** RunningHub registry models (and the brief's RunningHub endpoint) → endpoint definitions. */

import type { Definition } from '../../src/core/model/definition.ts';
import { convertRunningHubParams } from '../../src/core/templates/runninghubParams.ts';
import { categoryOf, type CategoryMedia } from './category.ts';
import { inputMediaOf } from './schemaFacts.ts';
import { mayReturnSeveral } from '../../src/core/templates/outputs.ts';
import { SOURCE_FILES, type BriefEndpoint, type CatalogSources, type RunningHubModel } from './sources.ts';
import { titleFromRunningHubName } from './title.ts';

const PROVIDER = 'runninghub';
type OutputKind = Definition['output']['kind'];

const OUTPUT: Record<string, { kind: OutputKind; media: CategoryMedia }> = {
  image: { kind: 'image', media: 'Image' },
  video: { kind: 'video', media: 'Video' },
  audio: { kind: 'audio', media: 'Audio' },
  string: { kind: 'text', media: 'Text' },
  '3d': { kind: 'file', media: '3D' },
};
/** Model keys turned into definition fields; any other key is kept as a note. */
const MAPPED_KEYS = new Set(['class_name', 'display_name', 'name_cn', 'name_en', 'endpoint', 'output_type', 'category', 'params']);

export interface RunningHubBuild {
  definitions: Definition[];
  /** Param conversion warnings, by endpoint (they are also inside each schema as `x-weft-warnings`). */
  warnings: string[];
}

/** Extra model keys (real-person mode etc.) and an unusual display name, as notes. */
function notesOf(model: RunningHubModel): string[] | undefined {
  const notes = Object.entries(model)
    .filter(([key, value]) => !MAPPED_KEYS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  if (model.display_name !== `RH ${model.name_cn}`) notes.push(`display_name: ${model.display_name}`);
  return notes.length ? notes : undefined;
}

/** One registry model → a definition; `pricing` is its entry from the price list, if any. */
export function runningHubDefinition(
  model: RunningHubModel,
  opts: { pricing?: unknown; title?: string; catalog: string; version?: string; onWarning?: (w: string) => void },
): Definition {
  const endpoint = model.endpoint;
  const out = OUTPUT[model.output_type.toLowerCase()];
  if (!out) throw new Error(`${PROVIDER}/${endpoint}: unknown output_type ${JSON.stringify(model.output_type)}`);
  const { schema, warnings } = convertRunningHubParams(model.params);
  for (const w of warnings) opts.onWarning?.(`${PROVIDER}/${endpoint}: ${w}`);
  const nameEn = model.name_en.trim();
  const nameCn = model.name_cn.trim();
  const notes = notesOf(model);
  return {
    id: `${PROVIDER}/${endpoint}`,
    provider: PROVIDER,
    endpoint,
    title: opts.title ?? titleFromRunningHubName(nameEn || endpoint),
    category: categoryOf(out.media, inputMediaOf(schema), endpoint, nameEn),
    description: nameCn && nameCn !== nameEn ? `${model.category} · ${nameCn}` : model.category,
    output: { kind: out.kind, list: mayReturnSeveral(schema) },
    inputSchema: schema,
    source: { catalog: opts.catalog, ...(opts.version ? { version: opts.version } : {}), ref: model.class_name },
    ...(notes ? { notes } : {}),
    ...(opts.pricing !== undefined ? { pricing: opts.pricing } : {}),
  };
}

/** Fails when the brief's documented example body does not fit the converted schema. */
function checkExampleBody(def: Definition, body: Record<string, unknown> | undefined): void {
  if (!body) return;
  const props = def.inputSchema.properties as Record<string, unknown>;
  const unknown = Object.keys(body).filter((k) => !Object.hasOwn(props, k));
  const required = Array.isArray(def.inputSchema.required) ? (def.inputSchema.required as string[]) : [];
  const missing = required.filter((k) => !Object.hasOwn(body, k));
  if (unknown.length || missing.length) {
    throw new Error(`${def.id}: the brief's example body does not fit the schema (unknown ${unknown.join(', ') || '-'}; missing ${missing.join(', ') || '-'})`);
  }
}

/** All RunningHub definitions; the brief's entry replaces the registry's entry for the same endpoint. */
export function buildRunningHubDefinitions(sources: CatalogSources): RunningHubBuild {
  const warnings: string[] = [];
  const prices = new Map(sources.pricing.pricing.map((p) => [p.endpoint, p] as const));
  const byEndpoint = new Map<string, Definition>();
  const common = { catalog: SOURCE_FILES.runninghub, version: sources.runninghub.version, onWarning: (w: string) => warnings.push(w) };
  for (const model of sources.runninghub.models) {
    if (byEndpoint.has(model.endpoint)) throw new Error(`${PROVIDER}/${model.endpoint}: listed twice in ${SOURCE_FILES.runninghub}`);
    byEndpoint.set(model.endpoint, runningHubDefinition(model, { ...common, pricing: prices.get(model.endpoint) }));
  }
  const brief = sources.brief.endpoints.filter((e): e is Extract<BriefEndpoint, { provider: 'runninghub' }> => e.provider === 'runninghub');
  for (const entry of brief) {
    if (entry.registry_entry.endpoint !== entry.endpoint) throw new Error(`brief endpoint ${entry.endpoint}: registry_entry names ${entry.registry_entry.endpoint}`);
    const def = runningHubDefinition(entry.registry_entry, {
      ...common, catalog: SOURCE_FILES.brief, version: undefined, title: entry.title, pricing: prices.get(entry.endpoint),
    });
    checkExampleBody(def, entry.docs_example_body);
    byEndpoint.set(entry.endpoint, def);
  }
  return { definitions: [...byEndpoint.values()], warnings };
}
