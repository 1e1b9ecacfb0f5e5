import type { CustomEndpointDefinition, Graph, GraphEdge, GraphNode, Group, PortRef } from '../model/graph.ts';
import { GRAPH_FORMAT, GRAPH_VERSION } from '../model/graph.ts';
import { formatPath, type PathSegment } from './paths.ts';

/** A number as JSON, refusing what JSON cannot hold (a NaN position is a bug, not something to save). */
function num(value: number, path: PathSegment[]): string {
  if (!Number.isFinite(value)) throw new Error(`cannot save the graph: ${formatPath(path)} is ${value}`);
  return JSON.stringify(value);
}

const str = (value: string): string => JSON.stringify(value);

/**
 * Pretty-prints a JSON value with 2-space indent; `indent` is the current margin. Object keys are sorted
 * unless `keepOrder` (schemas, where property order is the order of the node's fields).
 */
function printValue(value: unknown, indent: string, path: PathSegment[], keepOrder = false): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return num(value, path);
  if (typeof value === 'string') return str(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item, i) => `${inner}${printValue(item, inner, [...path, i], keepOrder)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const present = Object.keys(record).filter((key) => record[key] !== undefined);
    const keys = keepOrder ? present : present.sort();
    if (keys.length === 0) return '{}';
    const items = keys.map((key) => `${inner}${str(key)}: ${printValue(record[key], inner, [...path, key], keepOrder)}`);
    return `{\n${items.join(',\n')}\n${indent}}`;
  }
  throw new Error(`cannot save the graph: ${formatPath(path)} is not a JSON value (${typeof value})`);
}

/** `{ "k": v, … }` on one line, in the order given; entries whose value is undefined are left out. */
function inline(entries: [string, string | undefined][]): string {
  const present = entries.filter((entry): entry is [string, string] => entry[1] !== undefined);
  return `{ ${present.map(([key, text]) => `${str(key)}: ${text}`).join(', ')} }`;
}

const portRef = (ref: PortRef): string => inline([['node', str(ref.node)], ['port', str(ref.port)]]);

function printNode(node: GraphNode, at: number): string {
  const path: PathSegment[] = ['nodes', at];
  const lines = [
    `"id": ${str(node.id)}`,
    `"type": ${str(node.type)}`,
    node.title !== undefined ? `"title": ${str(node.title)}` : undefined,
    node.schemaHash !== undefined ? `"schemaHash": ${str(node.schemaHash)}` : undefined,
    `"position": ${inline([['x', num(node.position.x, [...path, 'position', 'x'])], ['y', num(node.position.y, [...path, 'position', 'y'])]])}`,
    node.collapsed ? `"collapsed": true` : undefined,
    `"values": ${printValue(node.values, '      ', [...path, 'values'])}`,
    node.bypass ? '"bypass": true' : undefined,
  ].filter((line) => line !== undefined);
  return `    {\n${lines.map((line) => `      ${line}`).join(',\n')}\n    }`;
}

function printEdge(edge: GraphEdge, at: number): string {
  return `    ${inline([
    ['id', str(edge.id)],
    ['from', portRef(edge.from)],
    ['to', portRef(edge.to)],
    ['index', edge.index !== undefined ? num(edge.index, ['edges', at, 'index']) : undefined],
  ])}`;
}

function printGroup(group: Group, at: number): string {
  const { x, y, width, height } = group.rect;
  const path: PathSegment[] = ['groups', at, 'rect'];
  return `    ${inline([
    ['id', str(group.id)],
    ['title', str(group.title)],
    ['rect', inline([['x', num(x, [...path, 'x'])], ['y', num(y, [...path, 'y'])], ['width', num(width, [...path, 'width'])], ['height', num(height, [...path, 'height'])]])],
    ['color', group.color !== undefined ? str(group.color) : undefined],
  ])}`;
}

function printCustomEndpoint(def: CustomEndpointDefinition, at: number): string {
  const path: PathSegment[] = ['customEndpoints', at];
  const lines = [
    `"id": ${str(def.id)}`,
    `"title": ${str(def.title)}`,
    `"provider": ${str(def.provider)}`,
    `"endpoint": ${str(def.endpoint)}`,
    `"category": ${str(def.category)}`,
    def.description !== undefined ? `"description": ${str(def.description)}` : undefined,
    `"output": ${inline([['kind', str(def.output.kind)], ['list', String(def.output.list)]])}`,
    `"inputSchema": ${printValue(def.inputSchema, '      ', [...path, 'inputSchema'], true)}`,
  ].filter((line) => line !== undefined);
  return `    {\n${lines.map((line) => `      ${line}`).join(',\n')}\n    }`;
}

function printList<T>(items: readonly T[], print: (item: T, at: number) => string): string {
  return items.length === 0 ? '[]' : `[\n${items.map(print).join(',\n')}\n  ]`;
}

/**
 * Writes a graph as its file text, deterministically so diffs stay readable: fixed key order at every
 * level (values' keys sorted), JSON's shortest round-trip numbers, 2-space indent, one wire or group
 * per line, a trailing newline; custom endpoint definitions sorted by id, their schemas in their own
 * key order (it is the order of the node's fields). Only schema fields are written — anything else on the objects
 * (UI state, a stray key) never reaches the file. Throws on a value JSON cannot hold (NaN, a function).
 */
export function saveGraph(graph: Graph): string {
  const { viewport } = graph;
  const lines = [
    `"format": ${str(GRAPH_FORMAT)}`,
    `"version": ${GRAPH_VERSION}`,
    graph.id !== undefined ? `"id": ${str(graph.id)}` : undefined,
    `"name": ${str(graph.name)}`,
    viewport
      ? `"viewport": ${inline([['x', num(viewport.x, ['viewport', 'x'])], ['y', num(viewport.y, ['viewport', 'y'])], ['zoom', num(viewport.zoom, ['viewport', 'zoom'])]])}`
      : undefined,
    `"nodes": ${printList(graph.nodes, printNode)}`,
    `"edges": ${printList(graph.edges, printEdge)}`,
    graph.groups && graph.groups.length > 0 ? `"groups": ${printList(graph.groups, printGroup)}` : undefined,
    graph.customEndpoints && graph.customEndpoints.length > 0
      ? `"customEndpoints": ${printList([...graph.customEndpoints].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), printCustomEndpoint)}`
      : undefined,
  ].filter((line) => line !== undefined);
  return `{\n${lines.map((line) => `  ${line}`).join(',\n')}\n}\n`;
}
