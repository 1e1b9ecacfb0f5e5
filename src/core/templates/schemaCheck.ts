import { dereference, validate, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { isObject } from './resolve.ts';
import { draftOf, standardSchema, type Draft } from './standardSchema.ts';

/**
 * Full JSON Schema validation of a request body, by `@cfworker/json-schema` (an interpreter: no `eval`,
 * so it runs under the page's strict CSP). The schema to check may be a copy taken out of a larger
 * document (an OpenAPI body, one variant of a union) whose `$ref`s point into that document: it is
 * put back inside a standard copy of the document, so every reference resolves as written.
 */
export type SchemaError = OutputUnit;

/** Where the checked schema sits inside the copied document. */
const CHECK_KEY = 'x-weft-check';
const DEFAULT_BASE = 'https://weft.invalid/schema.json';

function baseOf(doc: Record<string, unknown>): string {
  const id = typeof doc.$id === 'string' ? doc.$id : typeof doc.id === 'string' ? doc.id : undefined;
  if (!id) return DEFAULT_BASE;
  try {
    const url = new URL(id, DEFAULT_BASE);
    url.hash = '';
    return url.href;
  } catch {
    return DEFAULT_BASE;
  }
}

/**
 * Drops `$ref`s that point nowhere (another file, a typo): the schema they stood for accepts anything,
 * rather than every payload failing. The field compiler already notes the unresolved reference.
 */
function dropDanglingRefs(node: unknown, lookup: Record<string, unknown>, seen = new Set<object>()): void {
  if (Array.isArray(node)) {
    for (const item of node) dropDanglingRefs(item, lookup, seen);
    return;
  }
  if (!isObject(node) || seen.has(node)) return;
  seen.add(node);
  const absolute = (node as { __absolute_ref__?: string }).__absolute_ref__;
  if (typeof node.$ref === 'string' && (absolute === undefined || lookup[absolute] === undefined)) {
    node['x-weft-unresolved'] = node.$ref;
    delete node.$ref;
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'enum' && key !== 'const' && key !== 'default') dropDanglingRefs(value, lookup, seen);
}

/**
 * Builds `check(instance) → errors` for `schema`, whose `$ref`s resolve against `root` (pass the same
 * object for a standalone schema). All errors are returned, not only the first. Never throws for a
 * bad schema: what cannot be built accepts everything, and says so through `broken`.
 */
export interface SchemaCheck {
  check(instance: unknown): SchemaError[];
  /** The schema value at an error's keyword location: the limit, pattern or options it broke. */
  limit(error: SchemaError): unknown;
  /** Why the schema could not be built (then everything is accepted). */
  broken?: string;
}

export function buildSchemaCheck(schema: unknown, root: unknown, draft: Draft = draftOf(root)): SchemaCheck {
  try {
    const doc = (isObject(root) ? standardSchema(root) : {}) as Record<string, unknown>;
    const base = baseOf(doc);
    doc.$id = base;
    doc[CHECK_KEY] = schema === root ? { $ref: '#' } : standardSchema(schema);
    const lookup = dereference(doc as Schema);
    dropDanglingRefs(doc, lookup);
    const entry = lookup[`${base}#/${CHECK_KEY}`] as Schema;
    return {
      check(instance) {
        if (instance === undefined) return [];
        try {
          return validate(instance, entry, draft, lookup, false).errors;
        } catch {
          // A value that is not JSON (an `undefined` inside): checked as JSON would carry it.
          return validate(JSON.parse(JSON.stringify(instance)) as unknown, entry, draft, lookup, false).errors;
        }
      },
      limit(error) {
        let node: unknown = entry;
        for (const raw of error.keywordLocation.replace(/^#\/?/, '').split('/').filter(Boolean)) {
          if (!isObject(node) && !Array.isArray(node)) return undefined;
          let key = raw;
          try { key = decodeURIComponent(raw); } catch { /* as written */ }
          key = key.replace(/~1/g, '/').replace(/~0/g, '~');
          const ref = isObject(node) ? (node as { __absolute_ref__?: string }).__absolute_ref__ : undefined;
          node = key === '$ref' && ref ? lookup[ref] : (node as Record<string, unknown>)[key];
        }
        return node;
      },
    };
  } catch (error) {
    return { check: () => [], limit: () => undefined, broken: error instanceof Error ? error.message : String(error) };
  }
}
