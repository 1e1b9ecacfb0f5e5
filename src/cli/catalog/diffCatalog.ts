import type { Definition } from '../../core/model/definition.ts';
import type { Field, NodeTemplate } from '../../core/model/template.ts';
import { compileDefinition, compileTemplate } from '../../core/templates/compile.ts';
import type { LiveModel } from './fetchRunComfyCatalog.ts';

/** The live catalog against `nodes/`: endpoints added, removed, and changed field by field. */

export interface CatalogDiff {
  added: { id: string; title: string }[];
  removed: { id: string; title: string }[];
  changed: { id: string; changes: string[] }[];
  unchanged: number;
}

function describeValues(field: Field): string {
  return (field.options ?? []).map((o) => String(o.value)).join(', ');
}

/** What differs between two templates' fields, as short sentences. */
export function fieldChanges(before: NodeTemplate, after: NodeTemplate): string[] {
  const changes: string[] = [];
  const old = new Map(before.inputs.map((f) => [f.name, f]));
  const now = new Map(after.inputs.map((f) => [f.name, f]));
  for (const [name, f] of now) {
    const o = old.get(name);
    if (!o) {
      changes.push(`new field ${name} (${f.kind}${f.required ? ', required' : ''})`);
      continue;
    }
    if (o.kind !== f.kind) changes.push(`${name}: ${o.kind} → ${f.kind}`);
    if (o.required !== f.required) changes.push(`${name}: ${f.required ? 'now required' : 'no longer required'}`);
    if (describeValues(o) !== describeValues(f)) changes.push(`${name}: values ${describeValues(o) || '(any)'} → ${describeValues(f) || '(any)'}`);
    if (o.min !== f.min || o.max !== f.max) changes.push(`${name}: range ${o.min ?? '…'}–${o.max ?? '…'} → ${f.min ?? '…'}–${f.max ?? '…'}`);
    if (o.list?.min !== f.list?.min || o.list?.max !== f.list?.max) changes.push(`${name}: ${f.list?.min ?? '-'}–${f.list?.max ?? '…'} items (was ${o.list?.min ?? '-'}–${o.list?.max ?? '…'})`);
    if (o.maxLength !== f.maxLength) changes.push(`${name}: max length ${o.maxLength ?? 'none'} → ${f.maxLength ?? 'none'}`);
  }
  for (const name of old.keys()) if (!now.has(name)) changes.push(`field ${name} removed`);
  return changes;
}

/** Compares the live RunComfy models with the RunComfy definitions in `nodes/`. */
export function diffCatalog(live: readonly LiveModel[], local: readonly Definition[]): CatalogDiff {
  const mine = new Map(local.filter((d) => d.provider === 'runcomfy').map((d) => [d.endpoint, d]));
  const theirs = new Map(live.map((m) => [m.model_id, m]));
  const diff: CatalogDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [id, model] of theirs) {
    const def = mine.get(id);
    if (!def) {
      diff.added.push({ id, title: String(model.display_name ?? id) });
      continue;
    }
    let changes: string[];
    try {
      changes = fieldChanges(compileDefinition(def), compileTemplate(model));
    } catch (error) {
      changes = [`its schema could not be compiled: ${(error as Error).message}`];
    }
    if (changes.length) diff.changed.push({ id, changes });
    else diff.unchanged++;
  }
  for (const [id, def] of mine) if (!theirs.has(id)) diff.removed.push({ id, title: def.title });
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  diff.added.sort(byId);
  diff.removed.sort(byId);
  diff.changed.sort(byId);
  return diff;
}
