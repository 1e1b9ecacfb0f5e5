/** Facts the catalog reads from an endpoint's input schema: which media it takes, whether it returns several results. */

import type { InputMedia } from './category.ts';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function propertiesOf(schema: Schema): Array<[string, Schema]> {
  const props = isSchema(schema.properties) ? schema.properties : {};
  return Object.entries(props).filter((e): e is [string, Schema] => isSchema(e[1]));
}

/** The media kinds an input schema takes, from `format` (`image_uri`, `video_uris`, …) on properties or their items. */
export function inputMediaOf(schema: Schema): Set<InputMedia> {
  const found = new Set<InputMedia>();
  for (const [, prop] of propertiesOf(schema)) {
    const formats = [prop.format, isSchema(prop.items) ? prop.items.format : undefined];
    for (const f of formats) {
      const m = typeof f === 'string' ? /^(image|video|audio)_uris?$/.exec(f) : null;
      if (m) found.add(m[1] as InputMedia);
    }
  }
  return found;
}

/**
 * Names (lower-case, separators removed) of inputs that set how many results a job returns, as they
 * occur in the catalogs (`num_images`, `max_images`, `maxImages`, `imageNum`, `n`) plus common synonyms.
 */
const COUNT_NAMES = new Set([
  'n', 'numimages', 'numoutputs', 'numvideos', 'numsamples', 'maximages', 'batchsize', 'batchcount',
  'numberofimages', 'numberofvideos', 'numberofoutputs', 'imagenum', 'imagecount', 'videocount', 'outputcount',
]);

/** The count inputs of a schema whose maximum or enum allows more than one result (unbounded counts do too). */
export function countFieldsOf(schema: Schema): string[] {
  return propertiesOf(schema).filter(([name, prop]) => {
    if (!COUNT_NAMES.has(name.toLowerCase().replace(/[^a-z0-9]/g, ''))) return false;
    if (Array.isArray(prop.enum)) return prop.enum.some((v) => Number(v) > 1);
    if (prop.type !== 'integer' && prop.type !== 'number') return false;
    return typeof prop.maximum !== 'number' || prop.maximum > 1;
  }).map(([name]) => name);
}

/** Whether the provider may return several results for one job (output.list). */
export function returnsList(schema: Schema): boolean {
  return countFieldsOf(schema).length > 0;
}
