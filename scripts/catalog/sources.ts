/** Reads the provider catalogs from the sources folder and checks their outer shape (the entries are data we do not own). */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const zRunComfyModel = z.looseObject({
  model_id: z.string().min(1),
  node_class: z.string(),
  display_name: z.string().min(1),
  output_type: z.string(),
  pricing_mode: z.string(),
  schema: z.record(z.string(), z.unknown()),
  limitations: z.array(z.string()).optional(),
  omitted_inputs: z.array(z.string()).optional(),
});

const zRunningHubModel = z.looseObject({
  class_name: z.string(),
  display_name: z.string(),
  name_cn: z.string(),
  name_en: z.string(),
  endpoint: z.string().min(1),
  output_type: z.string(),
  category: z.string(),
  params: z.array(z.unknown()),
});

const zBriefEndpoint = z.discriminatedUnion('provider', [
  z.looseObject({ provider: z.literal('runcomfy'), model_id: z.string().min(1), title: z.string().min(1), input_schema: z.record(z.string(), z.unknown()) }),
  z.looseObject({ provider: z.literal('runninghub'), endpoint: z.string().min(1), title: z.string().min(1), registry_entry: zRunningHubModel, docs_example_body: z.record(z.string(), z.unknown()).optional() }),
]);

const zSources = z.object({
  runcomfy: z.array(zRunComfyModel),
  runninghub: z.looseObject({ version: z.string().optional(), models: z.array(zRunningHubModel) }),
  pricing: z.looseObject({ pricing: z.array(z.looseObject({ endpoint: z.string() })) }),
  brief: z.looseObject({ endpoints: z.array(zBriefEndpoint) }),
});

export type RunComfyModel = z.infer<typeof zRunComfyModel>;
export type RunningHubModel = z.infer<typeof zRunningHubModel>;
export type BriefEndpoint = z.infer<typeof zBriefEndpoint>;
export type CatalogSources = z.infer<typeof zSources> & { runcomfyCommit?: string };

export const SOURCE_FILES = {
  runcomfy: 'runcomfy-models.json',
  runninghub: 'runninghub-model-registry.json',
  pricing: 'runninghub-pricing.json',
  brief: 'brief-endpoints.json',
} as const;

function readJson(dir: string, file: string): unknown {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`catalog source missing: ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`catalog source ${path} is not JSON: ${(e as Error).message}`, { cause: e });
  }
}

/** The upstream commit of the RunComfy catalog, as SOURCES.md records it (optional provenance). */
function runComfyCommit(dir: string): string | undefined {
  const path = join(dir, 'SOURCES.md');
  if (!existsSync(path)) return undefined;
  return /runcomfy-models\.json[\s\S]*?commit `([0-9a-f]{40})`/.exec(readFileSync(path, 'utf8'))?.[1];
}

/** Loads and shape-checks all catalog sources in `dir`; throws naming the file and place on a bad one. */
export function loadSources(dir: string): CatalogSources {
  const raw = Object.fromEntries(Object.entries(SOURCE_FILES).map(([k, f]) => [k, readJson(dir, f)]));
  const parsed = zSources.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const file = SOURCE_FILES[String(issue?.path[0]) as keyof typeof SOURCE_FILES] ?? '?';
    throw new Error(`catalog source ${file} has an unexpected shape at ${issue?.path.slice(1).join('.')}: ${issue?.message}`);
  }
  return { ...parsed.data, runcomfyCommit: runComfyCommit(dir) };
}
