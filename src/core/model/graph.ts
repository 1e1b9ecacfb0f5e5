import { z } from 'zod';
import { zOutputKind } from './definition.ts';
import type { NodeTemplate } from './template.ts';

/**
 * The saved file, version 1: a graph of nodes (instances of templates, holding only values) and the
 * edges between their ports. Every object is strict — unknown keys are refused, never passed through.
 * The in-memory document has exactly this shape (`Graph`); `saveGraph` writes it back deterministically.
 *
 * ```json
 * { "format": "weft.graph", "version": 1, "name": "Veo reference clip",
 *   "nodes": [ { "id": "n1", "type": "runcomfy/google-deepmind/veo-3-1/reference-to-video",
 *                "schemaHash": "…", "position": { "x": 0, "y": 0 }, "values": { "resolution": "720p" } } ],
 *   "edges": [ { "id": "e1", "from": { "node": "n0", "port": "text" }, "to": { "node": "n1", "port": "prompt" } } ] }
 * ```
 */

/** The value of `format`: says "this is a Weft graph" before anything else is read. */
export const GRAPH_FORMAT = 'weft.graph';
/** The version this code writes. Older versions are migrated step by step on load; newer ones are refused. */
export const GRAPH_VERSION = 1;

/** Node, edge and group ids: any non-empty string up to 200 characters, unique within its list. */
export const zId = z.string().min(1).max(200);

/** A point on the canvas, in canvas units (not screen pixels). */
export const zPosition = z.strictObject({
  x: z.number(),
  y: z.number(),
});

/** One end of an edge: a node id and a port name (an output name on `from`, an input field name on `to`). */
export const zPortRef = z.strictObject({
  node: zId,
  port: z.string().min(1).max(200),
});

/** A JSON value as a field holds it (the payload value, or what a widget shows when nothing is wired). */
export const zFieldValue = z.json();

/** A saved node: which template it instantiates and the values of its fields — never its ports or widgets. */
export const zGraphNode = z.strictObject({
  /** Unique within the graph; edges refer to it. */
  id: zId,
  /** Template id: `<provider>/<endpoint>` (e.g. `runcomfy/google-deepmind/veo-3-1/reference-to-video`) or `weft/<builtin>`. */
  type: z.string().min(1).max(300),
  /** The user's name for this node; the template's title is shown when absent. */
  title: z.string().max(1000).optional(),
  /** The template's `schemaHash` when the node was last saved; a different hash on load means schema drift. */
  schemaHash: z.string().max(200).optional(),
  /** Top-left corner on the canvas. */
  position: zPosition,
  /** Drawn collapsed: title, run state and ports only (its wires still attach). */
  collapsed: z.boolean().optional(),
  /** Field values keyed by field name (never by position). Fields left out take the template's default. */
  values: z.record(z.string(), zFieldValue),
  /** Bypassed: skipped when the graph runs, its inputs passed on to its outputs where kinds match (`applyBypass`). Saved only when true. */
  bypass: z.boolean().optional(),
});

/**
 * A wire from an output port to an input port. Edges into a list input are ordered by `index`
 * (ascending), then by their order in the file for edges without one.
 */
export const zGraphEdge = z.strictObject({
  /** Unique within the graph. */
  id: zId,
  /** The output end: `port` is an output name of the `from` node's template. */
  from: zPortRef,
  /** The input end: `port` is an input field name of the `to` node's template. */
  to: zPortRef,
  /** Position among the wires into a list input (0-based); absent means "after the indexed ones, in file order". */
  index: z.number().int().min(0).max(10_000).optional(),
});

/** A rectangle on the canvas, in canvas units. */
export const zRect = z.strictObject({
  x: z.number(),
  y: z.number(),
  width: z.number().min(0),
  height: z.number().min(0),
});

/** A titled frame drawn behind nodes to group them visually; it has no effect on running. */
export const zGroup = z.strictObject({
  /** Unique among groups. */
  id: zId,
  title: z.string().max(1000),
  /** The frame's area; a node belongs to the group when it lies inside (membership is not stored). */
  rect: zRect,
  /** Frame colour as `#rrggbb` (only this form, so a file cannot smuggle CSS). */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
});

/** Where the canvas was looking when the file was saved: pan offset and zoom factor. */
export const zViewport = z.strictObject({
  x: z.number(),
  y: z.number(),
  zoom: z.number().positive().max(100),
});

/** Longest custom endpoint input schema carried in a file, as JSON text (characters). */
export const MAX_CUSTOM_SCHEMA_CHARS = 256 * 1024;
/** Most custom endpoint definitions one file may carry. */
export const MAX_CUSTOM_ENDPOINTS = 100;
/** A provider endpoint id as it goes into a URL path: slash-separated names, none starting with "." (so no `..`). */
export const CUSTOM_ENDPOINT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/**
 * A node type the user made by pasting a schema (`custom/<slug>`), carried in the file of a graph that
 * uses it so that whoever opens the file gets the node. Normalised: `inputSchema` has its `$ref`s
 * inlined, so it compiles on its own. It runs on `provider`'s `endpoint` like a catalog node.
 */
export const zCustomEndpoint = z.strictObject({
  /** The node type, `custom/<slug>`. */
  id: z.string().max(200).regex(/^custom\/[a-z0-9][a-z0-9._-]*$/, 'a custom node type is "custom/" then lower-case letters, digits, ".", "_" or "-"'),
  title: z.string().min(1).max(200),
  /** Which provider runs it (`runcomfy`, `runninghub`). */
  provider: z.string().regex(/^[a-z][a-z0-9-]*$/).max(40),
  /** The provider's model / endpoint id, exactly as its API takes it in the path. */
  endpoint: z.string().max(300).regex(CUSTOM_ENDPOINT_ID, 'not a valid endpoint id (slash-separated names, no "." or ".." segments)'),
  category: z.string().min(1).max(100),
  description: z.string().max(5000).optional(),
  output: z.strictObject({ kind: zOutputKind, list: z.boolean() }),
  /** The request body's JSON Schema, self-contained. */
  inputSchema: z
    .record(z.string(), z.json())
    .refine((s) => JSON.stringify(s).length <= MAX_CUSTOM_SCHEMA_CHARS, `the input schema is larger than ${MAX_CUSTOM_SCHEMA_CHARS / 1024} KiB`),
});

/** The whole saved file (and the in-memory document). */
export const zGraphFile = z.strictObject({
  /** Always `weft.graph`. */
  format: z.literal(GRAPH_FORMAT),
  /** Always the current version here; older files are migrated before this schema sees them. */
  version: z.literal(GRAPH_VERSION),
  /**
   * The graph's stable identity (kept when the file is edited, renamed or moved): part of every job's
   * key, so a resumed run finds this graph's unfinished jobs. Minted when absent (the CLI derives one
   * from the file; the editor mints one on New and Save as).
   */
  id: z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'a graph id is printable ASCII without spaces').optional(),
  /** The pipeline's name, shown in the title bar and used for downloads. */
  name: z.string().max(1000),
  /** Optional saved pan/zoom, so a reopened file looks the way it was left. */
  viewport: zViewport.optional(),
  /** The nodes, in drawing order (later ones on top); ids unique. */
  nodes: z.array(zGraphNode),
  /** The wires; their order is the tie-break for list inputs without `index`. */
  edges: z.array(zGraphEdge),
  /** Optional visual frames; omitted from the file when there are none. */
  groups: z.array(zGroup).optional(),
  /** Definitions of the `custom/…` node types the graph uses (sorted by id); omitted when there are none. */
  customEndpoints: z
    .array(zCustomEndpoint)
    .max(MAX_CUSTOM_ENDPOINTS)
    .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'two custom endpoints have the same id')
    .optional(),
});

export type Position = z.infer<typeof zPosition>;
export type PortRef = z.infer<typeof zPortRef>;
export type FieldValue = z.infer<typeof zFieldValue>;
export type GraphNode = z.infer<typeof zGraphNode>;
export type GraphEdge = z.infer<typeof zGraphEdge>;
export type Rect = z.infer<typeof zRect>;
export type Group = z.infer<typeof zGroup>;
export type Viewport = z.infer<typeof zViewport>;
export type CustomEndpointDefinition = z.infer<typeof zCustomEndpoint>;
export type GraphFile = z.infer<typeof zGraphFile>;
/** The in-memory document is the saved file's shape; treat it as an immutable value. */
export type Graph = GraphFile;

/** Looks up a template by node type; `undefined` means the type is not installed (the node is a placeholder). */
export type GetTemplate = (type: string) => NodeTemplate | undefined;
