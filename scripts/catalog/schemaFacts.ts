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
