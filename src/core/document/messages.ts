import type { ConnectCode } from '../graph/messages.ts';
import type { PathSegment } from './paths.ts';

/**
 * The registry of loading and saving codes and their messages. Edges dropped for a connection rule
 * carry that rule's code from `connectMessages` instead, so each problem has exactly one code.
 */
export const documentMessages = {
  'too-large': (p: { chars: number; max: number }) =>
    `the file is too large (${p.chars} characters; the limit is ${p.max})`,
  'json-syntax': (p: { detail: string }) => `not valid JSON: ${p.detail}`,
  'too-deep': (p: { detail: string }) => `the file is nested too deeply: ${p.detail}`,
  'forbidden-key': (p: { detail: string }) => `refused: ${p.detail}`,
  'duplicate-key': (p: { detail: string }) => `refused: ${p.detail}`,
  'too-many': (p: { what: string; count: number; max: number }) =>
    `the file has ${p.count} ${p.what}; the limit is ${p.max}`,
  'not-a-graph': (p: { found: string }) => `this is not a Weft graph: the file holds ${p.found}, not an object`,
  'format-missing': (p: { hint: string }) => `this is not a Weft graph: it has no "format": "weft.graph"${p.hint}`,
  'format-unknown': (p: { format: string }) => `this is not a Weft graph: its format is ${p.format}, not "weft.graph"`,
  'version-missing': (p: { found: string }) => `the graph has no valid "version" (found ${p.found})`,
  'version-future': (p: { version: number; current: number }) =>
    `this graph was saved by a newer Weft (file version ${p.version}); this Weft reads versions up to ${p.current}. Update Weft to open it`,
  'version-unsupported': (p: { version: number }) => `file version ${p.version} is not one Weft ever wrote`,
  schema: (p: { detail: string }) => p.detail,
  'duplicate-id': (p: { what: string; id: string; renamed: string }) =>
    `two ${p.what}s have the id "${p.id}"; the later one is renamed "${p.renamed}"${p.what === 'node' ? ` and wires naming "${p.id}" go to the first` : ''}`,
  'unknown-node-type': (p: { node: string; type: string }) =>
    `node "${p.node}" has type ${p.type}, which is not installed; it is kept as a placeholder (values and wires untouched) and cannot run`,
  'dangling-edge': (p: { edge: string; reason: string }) => `wire "${p.edge}" was dropped: ${p.reason}`,
  'unknown-field': (p: { node: string; field: string }) =>
    `${p.node} has no field "${p.field}"; its value is kept in the file but not sent`,
  'schema-drift': (p: { node: string; changes: string }) =>
    `${p.node} changed since this file was saved${p.changes}`,
  'custom-endpoint-invalid': (p: { id: string; reason: string }) =>
    `the custom node ${p.id} this file carries cannot be built (${p.reason}); its nodes are kept as placeholders`,
  'custom-endpoint-differs': (p: { id: string; title: string; mine: string }) =>
    `this file carries its own version of the custom node ${p.id} ("${p.title}"); the one in your settings ("${p.mine}") is used`,
  'invalid-value': (p: { node: string; field: string; detail: string }) => `${p.node} › ${p.field}: ${p.detail}`,
} satisfies Record<string, (params: never) => string>;

export type DocumentCode = keyof typeof documentMessages;

/** Builds the human message for a document code from its parameters. */
export function documentMessage<C extends DocumentCode>(
  code: C,
  params: Parameters<(typeof documentMessages)[C]>[0],
): string {
  return (documentMessages[code] as (p: typeof params) => string)(params);
}

/** The message of a wire dropped on load for a connection rule (its code is the rule's code). */
export function droppedWireMessage(edge: string, reason: string): string {
  return `wire "${edge}" was dropped: ${reason}`;
}

/** A problem found while loading, located in the file. */
export interface Issue {
  code: DocumentCode | ConnectCode;
  message: string;
  /** JSON path into the file, e.g. `nodes[3].position.x`; `` for the whole file. */
  path: string;
  /** 1-based place in the file text, when it could be found. */
  line?: number;
  column?: number;
}

/** An issue before it is placed in the text: its path is still a list of segments. */
export interface RawIssue {
  code: Issue['code'];
  message: string;
  path: PathSegment[];
}
