import { GRAPH_FORMAT, GRAPH_VERSION } from '../model/graph.ts';
import { documentMessage, type RawIssue } from './messages.ts';

/** A parsed document before it is validated: a plain object from `JSON.parse`. */
export type RawDocument = Record<string, unknown>;

/** One pure migration step: a document of version `n` in, version `n + 1` out (never mutates its input). */
export type MigrationStep = (document: RawDocument) => RawDocument;

/**
 * Migration steps keyed by the version they upgrade from. Version 1 is the first and current
 * version, so there are none yet. A version bump adds `n: step` here and a golden fixture of version n.
 */
export const MIGRATIONS: Readonly<Record<number, MigrationStep>> = {};

export type MigrateResult = { ok: true; document: RawDocument; from: number } | { ok: false; error: RawIssue };

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : JSON.stringify(value);
}

/** A hint for files from the tool users most often confuse with this one. */
function formatHint(document: RawDocument): string {
  const looksLikeComfyUi =
    'last_node_id' in document ||
    'links' in document ||
    Object.values(document).some((v) => typeof v === 'object' && v !== null && 'class_type' in v);
  return looksLikeComfyUi ? ' (it looks like a ComfyUI workflow, which Weft cannot open)' : '';
}

/**
 * Checks `format` and `version`, then applies each migration step from the file's version up to
 * `current`. Refuses files without the Weft format, from a newer Weft, or of a version never written.
 */
export function migrateDocument(
  parsed: unknown,
  migrations: Readonly<Record<number, MigrationStep>> = MIGRATIONS,
  current: number = GRAPH_VERSION,
): MigrateResult {
  const fail = (error: RawIssue): MigrateResult => ({ ok: false, error });
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail({ code: 'not-a-graph', message: documentMessage('not-a-graph', { found: describe(parsed) }), path: [] });
  }
  let document = parsed as RawDocument;
  if (!('format' in document)) {
    return fail({ code: 'format-missing', message: documentMessage('format-missing', { hint: formatHint(document) }), path: [] });
  }
  if (document.format !== GRAPH_FORMAT) {
    return fail({
      code: 'format-unknown',
      message: documentMessage('format-unknown', { format: describe(document.format) }),
      path: ['format'],
    });
  }
  const version = document.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return fail({ code: 'version-missing', message: documentMessage('version-missing', { found: describe(version) }), path: ['version'] });
  }
  if (version > current) {
    return fail({ code: 'version-future', message: documentMessage('version-future', { version, current }), path: ['version'] });
  }
  if (version < 1) {
    return fail({ code: 'version-unsupported', message: documentMessage('version-unsupported', { version }), path: ['version'] });
  }
  for (let at = version; at < current; at++) {
    const step = migrations[at];
    if (!step) {
      return fail({ code: 'version-unsupported', message: documentMessage('version-unsupported', { version }), path: ['version'] });
    }
    document = { ...step(document), version: at + 1 };
  }
  return { ok: true, document, from: version };
}
