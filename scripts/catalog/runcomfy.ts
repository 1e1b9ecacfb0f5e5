/** RunComfy catalog entries (and the brief's RunComfy endpoints) → endpoint definitions. */

import type { Definition } from '../../src/core/model/definition.ts';
import { categoryOf, type CategoryMedia } from './category.ts';
import { inputMediaOf } from './schemaFacts.ts';
import { mayReturnSeveral } from '../../src/core/templates/outputs.ts';
import { SOURCE_FILES, type BriefEndpoint, type CatalogSources, type RunComfyModel } from './sources.ts';

const PROVIDER = 'runcomfy';
const OUTPUT: Record<string, { kind: 'image' | 'video' | 'audio'; media: CategoryMedia }> = {
  VIDEO: { kind: 'video', media: 'Video' },
  IMAGE: { kind: 'image', media: 'Image' },
  AUDIO: { kind: 'audio', media: 'Audio' },
};

function outputOf(endpoint: string, outputType: string): { kind: 'image' | 'video' | 'audio'; media: CategoryMedia } {
  const out = OUTPUT[outputType.toUpperCase()];
  if (!out) throw new Error(`${PROVIDER}/${endpoint}: unknown output_type ${JSON.stringify(outputType)}`);
  return out;
}

/** Limitations as given, plus any omitted input the limitations do not already name. */
function notesOf(model: RunComfyModel): string[] | undefined {
  const notes = [...(model.limitations ?? [])];
  const unmentioned = (model.omitted_inputs ?? []).filter((name) => !notes.some((n) => n.includes(name)));
  if (unmentioned.length) notes.push(`This node does not expose the inputs: ${unmentioned.join(', ')}.`);
  return notes.length ? notes : undefined;
}

/** One RunComfy catalog model → a definition (its schema kept verbatim). */
export function runComfyDefinition(model: RunComfyModel, commit?: string): Definition {
  const endpoint = model.model_id;
  const schema = model.schema;
  const out = outputOf(endpoint, model.output_type);
  const notes = notesOf(model);
  return {
    id: `${PROVIDER}/${endpoint}`,
    provider: PROVIDER,
    endpoint,
    title: model.display_name.replace(/^RunComfy\s+/, ''),
    category: categoryOf(out.media, inputMediaOf(schema), endpoint),
    output: { kind: out.kind, list: mayReturnSeveral(schema) },
    inputSchema: schema,
    source: { catalog: SOURCE_FILES.runcomfy, ...(commit ? { version: commit } : {}), ref: model.node_class },
    ...(notes ? { notes } : {}),
    pricing: { mode: model.pricing_mode },
  };
}

/** A RunComfy endpoint from the brief → a definition. The brief gives no output type: Veo models make video. */
export function runComfyBriefDefinition(entry: Extract<BriefEndpoint, { provider: 'runcomfy' }>): Definition {
  const endpoint = entry.model_id;
  const schema = entry.input_schema;
  const media: CategoryMedia = /video/.test(endpoint) ? 'Video' : 'Image';
  return {
    id: `${PROVIDER}/${endpoint}`,
    provider: PROVIDER,
    endpoint,
    title: entry.title,
    category: categoryOf(media, inputMediaOf(schema), endpoint),
    output: { kind: media === 'Video' ? 'video' : 'image', list: mayReturnSeveral(schema) },
    inputSchema: schema,
    source: { catalog: SOURCE_FILES.brief },
  };
}

/** All RunComfy definitions; a brief endpoint replaces a catalog entry with the same model id. */
export function buildRunComfyDefinitions(sources: CatalogSources): Definition[] {
  const byId = new Map<string, Definition>();
  for (const model of sources.runcomfy) {
    if (byId.has(model.model_id)) throw new Error(`${PROVIDER}/${model.model_id}: listed twice in ${SOURCE_FILES.runcomfy}`);
    byId.set(model.model_id, runComfyDefinition(model, sources.runcomfyCommit));
  }
  for (const entry of sources.brief.endpoints) {
    if (entry.provider === 'runcomfy') byId.set(entry.model_id, runComfyBriefDefinition(entry));
  }
  return [...byId.values()];
}
