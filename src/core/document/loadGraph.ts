import type { z } from 'zod';
import { zGraphFile, type GetTemplate, type Graph } from '../model/graph.ts';
import { withEmbeddedTemplates } from './customEndpoints.ts';
import { DEFAULT_LOAD_LIMITS, FORBIDDEN_KEYS, type LoadLimits } from './limits.ts';
import { documentMessage, type Issue, type RawIssue } from './messages.ts';
import { migrateDocument } from './migrate.ts';
import { formatPath, type PathSegment } from './paths.ts';
import { repairGraph } from './repairGraph.ts';
import { locatePaths, placesOf, scanJson } from './scanJson.ts';

export interface LoadOptions {
  /** Overrides of `DEFAULT_LOAD_LIMITS` (tests use small ones). */
  limits?: Partial<LoadLimits>;
}

export type LoadResult =
  | {
      ok: true;
      graph: Graph;
      /** What was repaired or looks wrong; the graph opens anyway. */
      warnings: Issue[];
      errors: [];
      /** Ids of nodes whose type is not installed (kept as saved, shown as placeholders, never run). */
      placeholders: string[];
      /** The file's version before migration. */
      migratedFrom: number;
    }
  | {
      ok: false;
      graph: null;
      warnings: Issue[];
      errors: Issue[];
      /** The text could not be read as a graph file at all: too large, not JSON, or beyond a limit. */
      unreadable: boolean;
    };

/** At most this many schema problems are listed; the rest are counted. */
const MAX_SCHEMA_ISSUES = 20;

function schemaIssues(error: z.ZodError): RawIssue[] {
  const issues: RawIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const at = [...path, key];
        issues.push({ code: 'schema', message: documentMessage('schema', { detail: `${formatPath(at)}: unknown key "${key}" (not part of a Weft graph)` }), path: at });
      }
    } else {
      const detail = `${formatPath(path) || 'the file'}: ${issue.message.replace(/^Invalid input: /, '')}`;
      issues.push({ code: 'schema', message: documentMessage('schema', { detail }), path });
    }
  }
  if (issues.length <= MAX_SCHEMA_ISSUES) return issues;
  const more = issues.length - MAX_SCHEMA_ISSUES;
  return [
    ...issues.slice(0, MAX_SCHEMA_ISSUES),
    { code: 'schema', message: documentMessage('schema', { detail: `…and ${more} more problem${more === 1 ? '' : 's'}` }), path: [] },
  ];
}

/** Adds line:column to issues whose path can be found in the text (one scan for all of them). */
function placeIssues(text: string, raw: RawIssue[]): Issue[] {
  const places = raw.length > 0 ? locatePaths(text, raw.map((issue) => issue.path)) : new Map();
  return raw.map((issue) => {
    const path = formatPath(issue.path);
    const place = places.get(path);
    return place ? { code: issue.code, message: issue.message, path, ...place } : { code: issue.code, message: issue.message, path };
  });
}

function tooMany(document: unknown, limits: LoadLimits): RawIssue | null {
  if (typeof document !== 'object' || document === null) return null;
  const lists = [
    ['nodes', 'nodes', limits.maxNodes],
    ['edges', 'wires', limits.maxEdges],
    ['groups', 'groups', limits.maxGroups],
  ] as const;
  for (const [key, what, max] of lists) {
    const list = (document as Record<string, unknown>)[key];
    if (Array.isArray(list) && list.length > max) {
      return { code: 'too-many', message: documentMessage('too-many', { what, count: list.length, max }), path: [key] };
    }
  }
  return null;
}

/**
 * Loads a graph file: parse (size, depth and key checks before anything is built), migrate to the
 * current version, validate with the strict schema, then repair with warnings (see `repairGraph`).
 * Custom node types the file carries (`customEndpoints`) are compiled first, so their nodes are not
 * placeholders; a template `getTemplate` already knows wins over the file's copy.
 * Never throws for bad input; every warning and error names its place (`path`, and `line`/`column`).
 */
export function loadGraph(text: string, getTemplate: GetTemplate, options: LoadOptions = {}): LoadResult {
  const limits = { ...DEFAULT_LOAD_LIMITS, ...options.limits };
  const failed = (errors: Issue[], unreadable: boolean): LoadResult => ({ ok: false, graph: null, warnings: [], errors, unreadable });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  if (text.length > limits.maxChars) {
    return failed([{ code: 'too-large', message: documentMessage('too-large', { chars: text.length, max: limits.maxChars }), path: '' }], true);
  }
  const scan = scanJson(text, { maxDepth: limits.maxDepth, forbiddenKeys: FORBIDDEN_KEYS });
  if (scan) {
    const place = placesOf(text, [scan.offset]).get(scan.offset)!;
    const message = documentMessage(scan.code, { detail: scan.detail });
    const unreadable = scan.code === 'json-syntax' || scan.code === 'too-deep';
    return failed([{ code: scan.code, message, path: formatPath(scan.path), ...place }], unreadable);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return failed([{ code: 'json-syntax', message: documentMessage('json-syntax', { detail }), path: '' }], true);
  }

  const excess = tooMany(parsed, limits);
  if (excess) return failed(placeIssues(text, [excess]), true);
  const migrated = migrateDocument(parsed);
  if (!migrated.ok) return failed(placeIssues(text, [migrated.error]), false);
  const valid = zGraphFile.safeParse(migrated.document);
  if (!valid.success) return failed(placeIssues(text, schemaIssues(valid.error)), false);

  // Custom node types the file carries count as installed (after the caller's own templates).
  const invalid: RawIssue[] = [];
  const lookup = withEmbeddedTemplates(getTemplate, valid.data.customEndpoints ?? [], (at, def, reason) => {
    invalid.push({ code: 'custom-endpoint-invalid', message: documentMessage('custom-endpoint-invalid', { id: def.id, reason }), path: ['customEndpoints', at] });
  });
  const repaired = repairGraph(valid.data, lookup);
  return {
    ok: true,
    graph: repaired.graph,
    warnings: placeIssues(text, [...invalid, ...repaired.warnings]),
    errors: [],
    placeholders: repaired.placeholders,
    migratedFrom: migrated.from,
  };
}
