import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GetTemplate, Graph, GraphNode } from '../../core/model/graph.ts';
import type { Field } from '../../core/model/template.ts';
import { inputsOf } from '../../core/templates/inputsOf.ts';

/**
 * `--set <node>.<field>=<value>` and batch columns: a node named by id or title, one of its fields, and a
 * value checked against the field's kind before anything runs (a wrong value is an argument error, exit 2).
 */

/** One override before it is checked: `raw` is text from the command line or CSV, or a JSON value from JSON lines. */
export interface Override {
  /** The node's id or title. */
  node: string;
  field: string;
  raw: unknown;
  /** Where it came from, for messages (`--set`, `row 3`). */
  origin: string;
}

/** `veo.resolution=1080p`; the field is after the last dot of the left side, so titles may contain dots. */
export function parseSet(text: string, origin = '--set'): Override {
  const eq = text.indexOf('=');
  const target = eq > 0 ? text.slice(0, eq) : '';
  const dot = target.lastIndexOf('.');
  if (eq <= 0 || dot <= 0 || dot === target.length - 1) throw new Error(`${origin} takes <node>.<field>=<value>, not "${text}"`);
  return { node: target.slice(0, dot).trim(), field: target.slice(dot + 1).trim(), raw: text.slice(eq + 1), origin };
}

/** `<node>.<field>` column name → override target (same rule as --set). */
export function parseColumn(column: string, raw: unknown, origin: string): Override {
  const dot = column.lastIndexOf('.');
  if (dot <= 0 || dot === column.length - 1) throw new Error(`${origin}: column "${column}" is not <node>.<field>`);
  return { node: column.slice(0, dot).trim(), field: column.slice(dot + 1).trim(), raw, origin };
}

/** The node an override names: its id, else its title (or its template's title), case-insensitively; never ambiguous. */
export function findNode(graph: Graph, ref: string, getTemplate: GetTemplate): GraphNode {
  const byId = graph.nodes.find((n) => n.id === ref);
  if (byId) return byId;
  const lower = ref.toLowerCase();
  const titled = graph.nodes.filter((n) => (n.title ?? getTemplate(n.type)?.title ?? '').toLowerCase() === lower);
  if (titled.length === 1) return titled[0]!;
  if (titled.length > 1) throw new Error(`"${ref}" names ${titled.length} nodes (${titled.map((n) => n.id).join(', ')}); use the node's id`);
  const names = graph.nodes.map((n) => (n.title ? `${n.id} ("${n.title}")` : n.id)).join(', ');
  throw new Error(`there is no node "${ref}" (nodes: ${names})`);
}

const TRUE = new Set(['true', 'yes', '1', 'on']);
const FALSE = new Set(['false', 'no', '0', 'off']);

/** A media reference: a URL as is, a local path made absolute (from `cwd`) after checking it is a file. */
function mediaRef(text: string, cwd: string): string {
  const trimmed = text.trim();
  if (/^(https?:|data:)/i.test(trimmed)) return trimmed;
  const file = trimmed.startsWith('file:') ? fileURLToPath(trimmed) : path.resolve(cwd, trimmed);
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) throw new Error(`"${trimmed}" does not exist (looked for ${file})`);
  if (!info.isFile()) throw new Error(`"${trimmed}" is not a file`);
  return file;
}

/** The value a field takes from `raw`, or a message saying why not. */
export function fieldValue(field: Field, raw: unknown, cwd: string): unknown {
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  switch (field.kind) {
    case 'text':
      return typeof raw === 'string' ? raw : String(raw);
    case 'integer':
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n) || (field.kind === 'integer' && !Number.isInteger(n))) throw new Error(`takes ${field.kind === 'integer' ? 'a whole number' : 'a number'}, not "${text}"`);
      if (field.min !== undefined && n < field.min) throw new Error(`is at least ${field.min} (got ${n})`);
      if (field.max !== undefined && n > field.max) throw new Error(`is at most ${field.max} (got ${n})`);
      return n;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const t = text.trim().toLowerCase();
      if (TRUE.has(t)) return true;
      if (FALSE.has(t)) return false;
      throw new Error(`takes true or false, not "${text}"`);
    }
    case 'enum': {
      const options = field.options ?? [];
      const t = text.trim().toLowerCase();
      const hit = options.find((o) => String(o.value).toLowerCase() === t) ?? options.find((o) => o.label.toLowerCase() === t);
      if (!hit) throw new Error(`takes one of ${options.map((o) => String(o.value)).join(', ')}, not "${text}"`);
      return hit.value;
    }
    case 'image':
    case 'video':
    case 'audio': {
      const items = Array.isArray(raw) ? raw.map(String) : field.list ? text.split(',').filter((s) => s.trim()) : [text];
      const refs = items.map((item) => mediaRef(item, cwd));
      return field.list ? refs : refs[0];
    }
    default:
      if (typeof raw !== 'string') return raw;
      try {
        return JSON.parse(raw);
      } catch {
        throw new Error(`takes JSON, and "${raw}" is not JSON`);
      }
  }
}

/**
 * The graph with every override applied (a copy). A wire into an overridden field is removed, since a
 * wire would win over the value; each removal is reported in `notices`. Throws one message listing every
 * problem (unknown node or field, a value the field does not take, a credential field).
 */
export function applyOverrides(graph: Graph, overrides: readonly Override[], getTemplate: GetTemplate, cwd: string): { graph: Graph; notices: string[] } {
  const next: Graph = structuredClone(graph);
  const problems: string[] = [];
  const notices: string[] = [];
  for (const o of overrides) {
    try {
      const node = findNode(next, o.node, getTemplate);
      const template = getTemplate(node.type);
      if (!template) throw new Error(`node "${node.id}" has type ${node.type}, which is not installed`);
      const fields = inputsOf(template, node.values);
      const field = fields.find((f) => f.name === o.field);
      const settable = fields.filter((f) => !f.portOnly && !f.secret).map((f) => f.name);
      if (!field) throw new Error(`"${node.title ?? node.id}" has no field "${o.field}" (fields: ${settable.join(', ') || 'none'})`);
      if (field.secret) throw new Error(`"${o.field}" is a credential; keys come from the environment (RUNCOMFY_API_KEY, RUNNINGHUB_API_KEY), never from arguments`);
      if (field.portOnly) throw new Error(`"${o.field}" only takes wires`);
      const value = fieldValue(field, o.raw, cwd);
      node.values = { ...node.values, [field.name]: value as never };
      const wires = next.edges.filter((e) => e.to.node === node.id && e.to.port === field.name);
      if (wires.length > 0) {
        next.edges = next.edges.filter((e) => !wires.includes(e));
        // Said the same way for every row of a batch, so it is said once.
        const origin = o.origin.startsWith('row ') ? 'the batch column' : o.origin;
        notices.push(`${origin} ${node.id}.${field.name}: replaces the wire${wires.length > 1 ? 's' : ''} from ${wires.map((w) => `"${w.from.node}"`).join(', ')}`);
      }
    } catch (error) {
      problems.push(`${o.origin} ${o.node}.${o.field}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { graph: next, notices };
}
