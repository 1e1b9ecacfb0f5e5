import type { GraphNode } from '../model/graph.ts';
import type { EnumValue, NodeTemplate } from '../model/template.ts';
import { inputsOf, knownInputNames } from '../templates/inputsOf.ts';
import { documentMessage, type RawIssue } from './messages.ts';
import type { PathSegment } from './paths.ts';

/** The payload key a problem is about (`image_urls[0]` and `image_urls.x` are about `image_urls`). */
function rootField(field: string, names: ReadonlySet<string>): string {
  if (names.has(field)) return field;
  const cut = field.search(/[.[]/);
  return cut > 0 ? field.slice(0, cut) : field;
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * Warnings about one node's saved values against its template, for values the file actually holds
 * and that no wire overrides (a missing required field is the editor's and the run's concern, not the
 * loader's). Values are never changed or removed here:
 * - a value for a field the template lacks → `unknown-field` (kept, so nothing is lost; not sent);
 * - when `schemaHash` differs from the template's, those fields and enum values no longer allowed are
 *   listed once in a `schema-drift` warning instead;
 * - a value the schema refuses (`template.validate`) → `invalid-value`, naming node and field.
 */
export function checkNodeValues(
  node: GraphNode,
  template: NodeTemplate,
  wired: ReadonlySet<string>,
  nodePath: PathSegment[],
  label: string,
): RawIssue[] {
  const issues: RawIssue[] = [];
  const fields = new Map(inputsOf(template, node.values).map((field) => [field.name, field]));
  const valuePath = (name: string): PathSegment[] => [...nodePath, 'values', name];
  const drift = node.schemaHash !== undefined && node.schemaHash !== template.schemaHash;

  // Values of fields of a variant not chosen are known (kept for a switch back), not sent, not checked.
  const known = knownInputNames(template, node.values);
  const unknown = Object.keys(node.values).filter((name) => !known.has(name));
  const disallowed = new Set<string>();
  if (drift) {
    for (const [name, value] of Object.entries(node.values)) {
      const field = fields.get(name);
      if (!field || field.kind !== 'enum' || !field.options || wired.has(name)) continue;
      if (!field.options.some((option) => option.value === (value as EnumValue))) disallowed.add(name);
    }
    const parts: string[] = [];
    if (unknown.length > 0) parts.push(`removed fields ${unknown.map((name) => `"${name}"`).join(', ')} (values kept, not sent)`);
    if (disallowed.size > 0) {
      const list = [...disallowed].map((name) => `${fields.get(name)!.title} ${quote(node.values[name])}`);
      parts.push(`values no longer allowed: ${list.join(', ')}`);
    }
    const changes = parts.length > 0 ? `: ${parts.join('; ')}` : ' (no saved value is affected)';
    issues.push({ code: 'schema-drift', message: documentMessage('schema-drift', { node: label, changes }), path: [...nodePath, 'schemaHash'] });
  } else {
    for (const name of unknown) {
      issues.push({ code: 'unknown-field', message: documentMessage('unknown-field', { node: label, field: name }), path: valuePath(name) });
    }
  }

  const payload: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(node.values)) {
    if (fields.has(name) && !wired.has(name) && !disallowed.has(name)) payload[name] = value;
  }
  const present = new Set(Object.keys(payload));
  if (present.size === 0) return issues;
  let problems;
  try {
    problems = template.validate(payload);
  } catch (error) {
    const detail = `could not be checked (${error instanceof Error ? error.message : String(error)})`;
    return [...issues, { code: 'invalid-value', message: documentMessage('invalid-value', { node: label, field: '*', detail }), path: [...nodePath, 'values'] }];
  }
  const reported = new Set<string>();
  for (const problem of problems) {
    const name = rootField(problem.field, present);
    if (!present.has(name) || reported.has(`${name}\u0000${problem.message}`)) continue;
    reported.add(`${name}\u0000${problem.message}`);
    const title = fields.get(name)?.title ?? name;
    issues.push({
      code: 'invalid-value',
      message: documentMessage('invalid-value', { node: label, field: title, detail: problem.message }),
      path: valuePath(name),
    });
  }
  return issues;
}
