import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCustomEndpoint, customEndpointFromDocument, customEndpointId, customTypesIn, parseCustomEndpoint } from '../../../src/core/document/customEndpoints.ts';
import { exportGraph } from '../../../src/core/document/exportGraph.ts';
import { findSecrets } from '../../../src/core/document/findSecrets.ts';
import { loadGraph } from '../../../src/core/document/loadGraph.ts';
import { saveGraph } from '../../../src/core/document/saveGraph.ts';
import type { CustomEndpointDefinition, GetTemplate, Graph } from '../../../src/core/model/graph.ts';
import { BUILTIN_TEMPLATES } from '../../../src/core/templates/builtins.ts';
import { SchemaSourceError } from '../../../src/core/templates/schemaSource.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const schemaFile = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, 'reference-schemas', name), 'utf8'));
const builtins: GetTemplate = (type) => BUILTIN_TEMPLATES.find((t) => t.id === type);
const choice = { id: 'custom/nano-edit', title: 'My nano edit', provider: 'runcomfy', endpoint: 'google/nano-banana-2-lite/edit' };

function graphWith(def: CustomEndpointDefinition): Graph {
  return {
    format: 'weft.graph',
    version: 1,
    name: 'Custom',
    nodes: [
      { id: 't', type: 'weft/text', position: { x: 0, y: 0 }, values: { text: 'a red fox' } },
      { id: 'c', type: def.id, schemaHash: compileCustomEndpoint(def).schemaHash, position: { x: 400, y: 0 }, values: {} },
    ],
    edges: [{ id: 'e1', from: { node: 't', port: 'text' }, to: { node: 'c', port: 'prompt' } }],
    customEndpoints: [def],
  };
}

describe('custom endpoints from pasted schemas', () => {
  it('compiles every reference schema into a node that runs on the chosen provider endpoint', () => {
    const names = readdirSync(path.join(FIXTURES, 'reference-schemas')).filter((n) => n.endsWith('.json'));
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      const def = customEndpointFromDocument(schemaFile(name), { ...choice, id: customEndpointId(name, new Set()) });
      const template = compileCustomEndpoint(def);
      expect(template.id, name).toBe(def.id);
      expect(template.provider, name).toBe('runcomfy');
      expect(template.endpoint, name).toBe('google/nano-banana-2-lite/edit');
      expect(template.outputs.length, name).toBe(1);
      // Normalised once, it compiles to the same node however often it is read back.
      expect(compileCustomEndpoint(parseCustomEndpoint(JSON.parse(JSON.stringify(def)))).schemaHash, name).toBe(template.schemaHash);
    }
  });

  it('keeps the fields of a RunComfy entry in the provider order with their kinds and validates payloads', () => {
    const template = compileCustomEndpoint(customEndpointFromDocument(schemaFile('runcomfy__google_nano-banana-2-lite_edit.json'), choice));
    expect(template.inputs[0]?.name).toBe('prompt');
    expect(template.inputs.find((f) => f.name === 'image_urls')?.kind).toBe('image');
    expect(template.outputs[0]?.kind).toBe('image');
    expect(template.validate({}).map((p) => p.field)).toContain('prompt');
  });

  it('refuses what is not a schema, with a message that says what was expected', () => {
    expect(() => customEndpointFromDocument([1, 2], choice)).toThrow(SchemaSourceError);
    expect(() => customEndpointFromDocument({ hello: 'world' }, choice)).toThrow(/JSON Schema/);
    expect(() => customEndpointFromDocument({ type: 'string' }, choice)).toThrow(/object of fields/);
  });

  it('refuses an endpoint id that could name another path, and an empty title', () => {
    const doc = schemaFile('runcomfy__google_nano-banana-2-lite_edit.json');
    expect(() => customEndpointFromDocument(doc, { ...choice, endpoint: 'a/../../v1/requests' })).toThrow(/endpoint/);
    expect(() => customEndpointFromDocument(doc, { ...choice, endpoint: 'https://evil.example/x' })).toThrow(/endpoint/);
    expect(() => customEndpointFromDocument(doc, { ...choice, title: '  ' })).toThrow(/title/);
  });

  it('makes ids from titles, unique among those taken', () => {
    expect(customEndpointId('My Flux (v2)!', new Set())).toBe('custom/my-flux-v2');
    expect(customEndpointId('My Flux', new Set(['custom/my-flux', 'custom/my-flux-2']))).toBe('custom/my-flux-3');
    expect(customEndpointId('***', new Set())).toBe('custom/endpoint');
  });
});

describe('graph files carrying custom endpoints', () => {
  const def = customEndpointFromDocument(schemaFile('runcomfy__google_nano-banana-2-lite_edit.json'), choice);

  it('opens a file that carries its custom node where that node type is not installed: no placeholder, wires kept', () => {
    const text = saveGraph(graphWith(def));
    const result = loadGraph(text, builtins);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.placeholders).toEqual([]);
    expect(result.warnings.filter((w) => w.code !== 'invalid-value')).toEqual([]);
    expect(result.graph.edges).toHaveLength(1);
    expect(result.graph.customEndpoints?.[0]?.id).toBe('custom/nano-edit');
    expect(customTypesIn(result.graph)).toEqual(['custom/nano-edit']);
  });

  it('saves deterministically: sorted definitions, the schema in its own field order, the same text after a round trip', () => {
    const other = { ...def, id: 'custom/a-first', title: 'A first' };
    const g = { ...graphWith(def), customEndpoints: [def, other] };
    const text = saveGraph(g);
    expect(text.indexOf('"custom/a-first"')).toBeLessThan(text.indexOf('"id": "custom/nano-edit"'));
    const props = Object.keys((def.inputSchema.properties ?? {}) as object);
    const positions = props.map((p) => text.indexOf(`"${p}": {`));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const again = loadGraph(text, builtins);
    expect(again.ok && saveGraph(again.graph)).toBe(text);
  });

  it('matches the golden file, and reads it back to the same text', () => {
    const golden = readFileSync(path.join(FIXTURES, 'graphs', 'custom-endpoint.weft.json'), 'utf8');
    const result = loadGraph(golden, builtins);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.placeholders).toEqual([]);
    expect(saveGraph(result.graph)).toBe(golden);
  });

  it('leaves files without custom endpoints exactly as they were', () => {
    const g: Graph = { format: 'weft.graph', version: 1, name: 'Plain', nodes: [], edges: [] };
    const text = saveGraph(g);
    expect(text).not.toContain('customEndpoints');
    expect(saveGraph({ ...g, customEndpoints: [] })).toBe(text);
    const loaded = loadGraph(text, builtins);
    expect(loaded.ok && loaded.graph.customEndpoints).toBeUndefined();
  });

  it('prefers the installed version of a custom node over the copy in the file', () => {
    const mine = compileCustomEndpoint({ ...def, title: 'Mine' });
    const result = loadGraph(saveGraph(graphWith(def)), (type) => (type === def.id ? mine : builtins(type)));
    expect(result.ok).toBe(true);
  });

  it('refuses hostile definitions before building anything: unknown keys, prototype keys, bad ids, duplicates, oversize schemas', () => {
    const base = JSON.parse(saveGraph(graphWith(def))) as Record<string, unknown> & { customEndpoints: Record<string, unknown>[] };
    const variant = (patch: Record<string, unknown>) => JSON.stringify({ ...base, customEndpoints: [{ ...base.customEndpoints[0], ...patch }] });
    const cases: [string, RegExp][] = [
      [variant({ script: 'alert(1)' }), /unknown key "script"/],
      [variant({ id: 'runcomfy/google/veo' }), /custom\//],
      [variant({ endpoint: '../v1/requests/x' }), /endpoint/],
      [variant({ inputSchema: { type: 'object', description: 'x'.repeat(300 * 1024) } }), /larger than/],
      [JSON.stringify({ ...base, customEndpoints: [base.customEndpoints[0], base.customEndpoints[0]] }), /same id/],
      [saveGraph(graphWith(def)).replace('"properties": {', '"properties": { "__proto__": { "type": "string" },'), /__proto__/],
    ];
    for (const [text, message] of cases) {
      const result = loadGraph(text, builtins);
      expect(result.ok, String(message)).toBe(false);
      expect(result.errors.map((e) => e.message).join('\n')).toMatch(message);
    }
  });

  it('lets the export scan see a key hidden in a custom schema', () => {
    const key = 'rc-live-key-4f7Q';
    const leaky = { ...def, inputSchema: { ...def.inputSchema, description: `use ${key}` } };
    expect(findSecrets(graphWith(leaky), { knownSecrets: [key] }).map((f) => f.path)).toEqual(['customEndpoints[0].inputSchema.description']);
    expect(exportGraph(graphWith(leaky), { knownSecrets: [key] }).ok).toBe(false);
    expect(exportGraph(graphWith(def), { knownSecrets: [key] }).ok).toBe(true);
  });
});
