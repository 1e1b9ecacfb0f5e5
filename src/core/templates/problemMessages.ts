import type { Field, Problem } from '../model/template.ts';
import { fieldPath, formOf } from './requestBody.ts';
import type { SchemaError } from './schemaCheck.ts';

/**
 * Turns JSON Schema errors about a request body into problems a person can act on: located on the
 * field they are about (by the field's place in the body), worded like the provider would ("Prompt is
 * required", "Images takes at most 3 images (it has 4)"), one per cause — the container errors
 * ("a subschema had errors") give way to what is wrong inside them, and a value that fits none of a
 * union's shapes is explained by the shape it resembles.
 */

/** Keywords whose error only says "something inside me failed". */
const CONTAINERS = new Set(['properties', 'patternProperties', 'additionalProperties', 'items', 'prefixItems', 'additionalItems', 'unevaluatedItems', 'unevaluatedProperties', '$ref', '$recursiveRef', '$dynamicRef', 'allOf', 'if', 'dependentSchemas', 'dependencies', 'propertyNames', 'contains']);

export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const TYPE_WORDS: Record<string, string> = { string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', array: 'a list', object: 'an object', null: 'null' };

function orList(words: string[]): string {
  return words.length <= 1 ? words[0] ?? '' : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function decodePointer(location: string): string[] {
  const raw = location.replace(/^#\/?/, '');
  if (raw === '') return [];
  return raw.split('/').map((s) => {
    let t = s;
    try { t = decodeURIComponent(s); } catch { /* keep as is */ }
    return t.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

function valueAt(body: unknown, path: readonly string[]): unknown {
  let node = body;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

interface Located { field?: Field; rest: string[] }

/** The field whose place in the body holds `path` (the longest match), and the path left inside it. */
function locate(fields: readonly Field[], path: string[]): Located {
  let best: Located = { rest: path };
  let length = -1;
  for (const field of fields) {
    const at = fieldPath(field);
    if (at.length === 0 || at.length <= length || at.length > path.length) continue;
    if (at.every((key, i) => key === path[i])) {
      best = { field, rest: path.slice(at.length) };
      length = at.length;
    }
  }
  return best;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface Context {
  fields: readonly Field[];
  body: unknown;
  /** The schema nodes by keyword location, to quote limits and options. */
  limit(error: SchemaError): unknown;
}

/** One leaf error in words, with its subject: the field title (and where inside it). */
function describe(error: SchemaError, ctx: Context): Problem {
  const path = decodePointer(error.instanceLocation);
  const value = valueAt(ctx.body, path);
  const { field, rest } = locate(ctx.fields, path);
  const limit = ctx.limit(error);
  let code = error.keyword;

  // A missing property is about the field it names, when the body's top level misses it.
  if (error.keyword === 'required' || error.keyword === 'dependentRequired' || error.keyword === 'dependencies') {
    const missing = /"([^"]*)"\s*\.?$/.exec(error.error)?.[1] ?? '';
    const target = locate(ctx.fields, [...path, missing]);
    if (error.keyword === 'required' && target.field && target.rest.length === 0) {
      return { field: target.field.name, message: `${target.field.title} is required`, code: 'required' };
    }
    const owner = error.keyword === 'required' ? undefined : /has "([^"]*)"/.exec(error.error)?.[1];
    const ownerTitle = owner !== undefined ? locate(ctx.fields, [...path, owner]).field?.title ?? `"${owner}"` : undefined;
    const missingTitle = target.field && target.rest.length === 0 ? target.field.title : `"${missing}"`;
    const message = ownerTitle ? `${ownerTitle} needs ${missingTitle} to be set too` : `${missingTitle} is required`;
    return finish(field, rest, message, 'required');
  }
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties' || error.keyword === 'false') {
    // "Property "k" does not match …" names the key on the object; a false schema sits on the key itself.
    const named = error.keyword === 'false' ? undefined : /^Property "(.*)" does not match/.exec(error.error)?.[1];
    const at = named !== undefined ? [...path, named] : path;
    const key = at[at.length - 1] ?? '';
    const owner = locate(ctx.fields, at);
    if (at.length === 1 && !owner.field) return { field: key, message: `"${key}" is not a field of this endpoint`, code: 'unknown_field' };
    if (owner.field && owner.rest.length === 0) return { field: owner.field.name, message: `${owner.field.title} is not allowed here`, code: 'not_allowed' };
    return finish(owner.field, owner.rest.slice(0, -1), `"${key}" is not allowed`, 'not_allowed');
  }

  const form = field && rest.length === 0 ? formOf(field, value) : undefined;
  const media = form && (form.kind === 'image' || form.kind === 'video' || form.kind === 'audio') ? form.kind : undefined;
  const items = media ?? 'item';
  const count = Array.isArray(value) ? value.length : 0;
  const length = typeof value === 'string' ? [...value].length : 0;
  let text: string;
  switch (error.keyword) {
    case 'type': {
      const expected = /Expected "([^"]*)"/.exec(error.error)?.[1]?.split('", "') ?? [];
      text = `must be ${orList(expected.map((t) => TYPE_WORDS[t] ?? t))}, not ${show(value)}`;
      code = 'invalid_type';
      break;
    }
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'const' ? [limit] : Array.isArray(limit) ? limit : [];
      const labels = form?.options ?? field?.options;
      const words = allowed.map((v) => {
        const label = labels?.find((o) => o.value === v)?.label;
        const plain = typeof v === 'string' ? v : JSON.stringify(v);
        return label && label !== plain ? `${plain} (${label})` : plain;
      });
      text = error.keyword === 'const' ? `must be ${words[0]}; ${show(value)} is not allowed` : `must be one of ${words.slice(0, 12).join(', ')}${words.length > 12 ? ', …' : ''}; ${show(value)} is not allowed`;
      code = 'invalid_value';
      break;
    }
    case 'minimum': text = `must be at least ${String(limit)} (got ${show(value)})`; code = 'too_small'; break;
    case 'exclusiveMinimum': text = `must be more than ${String(limit)} (got ${show(value)})`; code = 'too_small'; break;
    case 'maximum': text = `must be at most ${String(limit)} (got ${show(value)})`; code = 'too_big'; break;
    case 'exclusiveMaximum': text = `must be less than ${String(limit)} (got ${show(value)})`; code = 'too_big'; break;
    case 'multipleOf': text = `must be a multiple of ${String(limit)} (got ${show(value)})`; code = 'not_multiple_of'; break;
    case 'minLength': text = `must be at least ${plural(Number(limit), 'character')} (it has ${length})`; code = 'too_small'; break;
    case 'maxLength': text = `must be at most ${plural(Number(limit), 'character')} (it has ${length})`; code = 'too_big'; break;
    case 'pattern': text = `must match the pattern ${String(limit)} (got ${show(value)})`; code = 'invalid_format'; break;
    case 'format': text = `must be a valid ${String(limit)} (got ${show(value)})`; code = 'invalid_format'; break;
    case 'minItems': text = `${rest.length === 0 && field ? 'needs' : 'must have'} at least ${plural(Number(limit), items)} (it has ${count})`; code = 'too_small'; break;
    case 'maxItems': text = `${rest.length === 0 && field ? 'takes' : 'must have'} at most ${plural(Number(limit), items)} (it has ${count})`; code = 'too_big'; break;
    case 'uniqueItems': text = `must not repeat an item (${error.error.replace(/^Duplicate items at indexes (\d+) and (\d+)\.$/, (_m, a: string, b: string) => `items ${Number(a) + 1} and ${Number(b) + 1} are the same`)})`; code = 'not_unique'; break;
    case 'minProperties': text = `must have at least ${plural(Number(limit), 'entry')}`; code = 'too_small'; break;
    case 'maxProperties': text = `must have at most ${plural(Number(limit), 'entry')}`; code = 'too_big'; break;
    case 'not': text = `must not be ${show(value)}`; code = 'not'; break;
    case 'oneOf': text = /\((\d+) matches\)/.exec(error.error)?.[1] === '0' ? `does not match any of its allowed forms (got ${show(value)})` : `matches more than one of its allowed forms; make it fit exactly one`; code = 'invalid_union'; break;
    case 'anyOf': text = `does not match any of its allowed forms (got ${show(value)})`; code = 'invalid_union'; break;
    case 'minContains':
    case 'maxContains':
    case 'contains': text = error.error.replace(/^Array /, 'the list ').toLowerCase(); code = 'contains'; break;
    default: text = error.error; break;
  }
  if (field && rest.length === 0) {
    // A field-level message, as the provider would word it.
    return { field: field.name, message: `${field.title} ${text}`, code };
  }
  return finish(field, rest, text, code);
}

/** A message about a place inside a field (`Style: must be … (at colors.0)`) or about the whole body. */
function finish(field: Field | undefined, rest: string[], text: string, code: string): Problem {
  if (!field) return { field: rest[0] ?? '', message: rest.length ? `${rest.join('.')}: ${text}` : `The request ${text}`, code };
  const where = rest.length ? ` (at ${rest.join('.')})` : '';
  return { field: field.name, message: `${field.title}: ${text}${where}`, code };
}

interface Node { error: SchemaError; children: Node[] }

/** The errors as a tree: an error's children are those whose keyword location lies below its own. */
function treeOf(errors: readonly SchemaError[]): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const error of errors) {
    const node: Node = { error, children: [] };
    while (stack.length && !error.keywordLocation.startsWith(`${stack[stack.length - 1]!.error.keywordLocation}/`)) stack.pop();
    (stack.length ? stack[stack.length - 1]!.children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/** The branch of a failed union a value resembles: the only one with no type/const/enum error at the union's own place. */
function closestBranch(node: Node): Node[] | undefined {
  const prefix = node.error.keywordLocation;
  const branches = new Map<string, Node[]>();
  for (const child of node.children) {
    const index = child.error.keywordLocation.slice(prefix.length + 1).split('/')[0]!;
    branches.set(index, [...(branches.get(index) ?? []), child]);
  }
  const here = node.error.instanceLocation;
  const shallowMismatch = (nodes: Node[]): boolean => nodes.some((n) => {
    if (n.error.instanceLocation === here && ['type', 'const', 'enum', 'required', 'false'].includes(n.error.keyword)) return true;
    return CONTAINERS.has(n.error.keyword) && n.error.instanceLocation === here && shallowMismatch(n.children);
  });
  const close = [...branches.values()].filter((nodes) => !shallowMismatch(nodes));
  return close.length === 1 ? close[0] : undefined;
}

function leaves(nodes: Node[], out: SchemaError[]): void {
  for (const node of nodes) {
    const { keyword } = node.error;
    if (CONTAINERS.has(keyword) && node.children.length) {
      leaves(node.children, out);
    } else if ((keyword === 'anyOf' || keyword === 'oneOf') && node.children.length) {
      const branch = closestBranch(node);
      if (branch) leaves(branch, out);
      else out.push(node.error);
    } else {
      out.push(node.error);
    }
  }
}

/**
 * The problems schema `errors` describe, for the body built from `fields`; `limit` gives the schema value
 * at an error's keyword location (the limit or options it broke).
 */
export function problemsFromErrors(errors: readonly SchemaError[], fields: readonly Field[], body: unknown, limit: (error: SchemaError) => unknown): Problem[] {
  const out: SchemaError[] = [];
  leaves(treeOf(errors), out);
  const problems: Problem[] = [];
  const ctx: Context = { fields, body, limit };
  for (const error of out) {
    const problem = describe(error, ctx);
    if (!problems.some((p) => p.field === problem.field && p.message === problem.message)) problems.push(problem);
  }
  return problems;
}
