import type { Field, NodeTemplate, Problem } from '../model/template.ts';
import type { CompiledField } from './fieldFromSchema.ts';
import { inputsOf } from './inputsOf.ts';
import { buildValidator } from './validator.ts';

type Validate = (payload: Record<string, unknown>) => Problem[];

/** Distinct sets of added fields whose validators are kept per template (a user editing one node needs a few). */
const CACHE_SIZE = 32;

/**
 * `validate` for a template with `instanceInputs`: the payload is checked against the template's own
 * fields plus the ones that same payload adds (so a text template's placeholders are required text,
 * with the usual messages), through the ordinary validator. One validator is built per distinct set of
 * added fields and reused. `template` is read at call time, so it may be the object this is put on.
 */
export function buildInstanceValidator(compiled: CompiledField[], root: unknown, template: () => NodeTemplate): Validate {
  const own = new Set(compiled.map((c) => c.field.name));
  const cache = new Map<string, Validate>();
  const base = buildValidator(compiled, root);
  return (payload) => {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return base(payload);
    const added = inputsOf(template(), payload).filter((field) => !own.has(field.name));
    if (added.length === 0) return base(payload);
    const key = JSON.stringify(added);
    let validate = cache.get(key);
    if (!validate) {
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      validate = buildValidator([...compiled, ...added.map(compiledOf)], root);
      cache.set(key, validate);
    }
    return validate(payload);
  };
}

/** An added field as the validator takes it: only json fields read the schema, and added fields say all in `Field`. */
function compiledOf(field: Field): CompiledField {
  return { field, schema: {}, nullable: false };
}
