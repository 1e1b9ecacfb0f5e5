import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { customEndpointFromDocument } from '../../src/core/document/customEndpoints.ts';
import { loadGraph } from '../../src/core/document/loadGraph.ts';
import { saveGraph } from '../../src/core/document/saveGraph.ts';
import { BUILTIN_TEMPLATES } from '../../src/core/templates/builtins.ts';
import { useDocStore } from '../../src/store/documentStore.ts';
import { getTemplate, peekTemplate } from '../../src/ui/catalog.ts';
import { effectiveModes, type ProviderModeInfo } from '../../src/ui/serverStatus.ts';
import { compileForm } from '../../src/ui/settings/compileCustom.ts';
import { adoptCustomEndpoints, syncDocumentDefinitions } from '../../src/ui/settings/customEndpointsSync.ts';
import { keyProblem } from '../../src/ui/settings/ProviderSettingsSection.tsx';
import { defaultSettings, knownSecrets, maskKey, parseSettings, useSettings, type CustomEndpoint } from '../../src/ui/settings/settingsStore.ts';

const SCHEMA = readFileSync(path.resolve(import.meta.dirname, '../fixtures/reference-schemas/runcomfy__google_nano-banana-2-lite_edit.json'), 'utf8');
const form = { id: 'custom/nano', source: SCHEMA, title: 'Nano', provider: 'runcomfy', endpoint: 'google/nano-banana-2-lite/edit' };

function entry(id = 'custom/nano', title = 'Nano'): CustomEndpoint {
  const definition = customEndpointFromDocument(JSON.parse(SCHEMA), { ...form, id, title });
  return { id, title, source: SCHEMA, provider: 'runcomfy', endpoint: form.endpoint, definition };
}

describe('settings read from storage', () => {
  it('falls back to the defaults, field by field, for anything malformed', () => {
    expect(parseSettings(undefined)).toEqual(defaultSettings());
    expect(parseSettings('nonsense')).toEqual(defaultSettings());
    expect(parseSettings({ providers: [] })).toEqual(defaultSettings());
    const s = parseSettings({
      providers: {
        runcomfy: { apiKey: '  rc-key-1234  ', simulator: 'yes', concurrency: 99 },
        runninghub: { apiKey: 'has a space', simulator: true, concurrency: 0.5 },
        evil: { apiKey: 'x' },
      },
    });
    expect(s.providers.runcomfy).toEqual({ apiKey: 'rc-key-1234', simulator: false, concurrency: 32 });
    expect(s.providers.runninghub).toEqual({ apiKey: '', simulator: true, concurrency: 3 });
    expect(Object.keys(s.providers)).toEqual(['runcomfy', 'runninghub']);
    expect(parseSettings({ providers: { runcomfy: { apiKey: 'k'.repeat(501) } } }).providers.runcomfy.apiKey).toBe('');
  });

  it('keeps only well-formed custom endpoints: a definition of the same id, no duplicates', () => {
    const good = entry();
    const s = parseSettings({
      customEndpoints: [
        good,
        { ...good, title: 'duplicate' },
        { ...good, id: 'runcomfy/x' },
        { ...good, id: 'custom/other' }, // its definition names another id
        { id: 'custom/legacy', title: 'Legacy', source: '{}' },
        null,
        'custom/str',
      ],
    });
    expect(s.customEndpoints.map((e) => e.title)).toEqual(['Nano']);
  });
});

describe('keys', () => {
  it('are shown only as bullets and their last four characters', () => {
    expect(maskKey('rc-abcdefgh-1234')).toBe('••••••••1234');
    expect(maskKey('short')).toBe('••••••••');
  });

  it('are refused when they cannot be keys', () => {
    expect(keyProblem('')).toMatch(/Type or paste/);
    expect(keyProblem('two words')).toMatch(/no spaces/);
    expect(keyProblem('k'.repeat(600))).toMatch(/longer/);
    expect(keyProblem('rc-abc123')).toBeNull();
    // A typographic apostrophe cannot go in an HTTP header: refused here, with its place, not the key.
    expect(keyProblem('rc-abc’123')).toBe('This key cannot be used: the API key contains a character that cannot be sent in an HTTP header (’ at position 7). Check what was pasted.');
  });

  it('saved here are the ones the export scan must refuse', () => {
    const s = defaultSettings();
    s.providers.runninghub.apiKey = 'rh-key-5678';
    expect(knownSecrets(s)).toEqual(['rh-key-5678']);
  });
});

describe('the run mode each provider shows', () => {
  const server: ProviderModeInfo[] = [
    { id: 'runcomfy', title: 'RunComfy', mode: 'simulator' },
    { id: 'runninghub', title: 'RunningHub', mode: 'live' },
  ];
  it('is live with a key saved in this browser, simulated with the switch on, else what the server says', () => {
    const modes = (browser: Record<string, { apiKey: string; simulator: boolean }>) => effectiveModes(server, browser).map((m) => `${m.id}:${m.mode}:${m.reason}`);
    expect(modes({})).toEqual(['runcomfy:simulator:no-key', 'runninghub:live:server-key']);
    expect(modes({ runcomfy: { apiKey: 'k', simulator: false } })).toEqual(['runcomfy:live:browser-key', 'runninghub:live:server-key']);
    expect(modes({ runcomfy: { apiKey: 'k', simulator: true }, runninghub: { apiKey: '', simulator: true } })).toEqual(['runcomfy:simulator:switch', 'runninghub:simulator:switch']);
  });
});

describe('the custom endpoint form', () => {
  it('compiles a pasted schema into the node it previews', async () => {
    const outcome = await compileForm(form);
    expect(outcome.state).toBe('ok');
    if (outcome.state !== 'ok') return;
    expect(outcome.template.inputs.map((f) => f.name)).toEqual(['prompt', 'aspect_ratio', 'image_urls']);
    expect(outcome.definition.endpoint).toBe('google/nano-banana-2-lite/edit');
  });

  it('names the first problem and the field it belongs to', async () => {
    expect(await compileForm({ ...form, source: ' ' })).toEqual({ state: 'empty' });
    expect(await compileForm({ ...form, source: '{ "a": ' })).toMatchObject({ state: 'error', field: 'source', message: expect.stringMatching(/^This is not valid JSON/) });
    expect(await compileForm({ ...form, source: '[]' })).toMatchObject({ state: 'error', field: 'source', message: expect.stringMatching(/JSON object/) });
    expect(await compileForm({ ...form, title: '' })).toMatchObject({ state: 'error', field: 'title' });
    expect(await compileForm({ ...form, endpoint: '' })).toMatchObject({ state: 'error', field: 'endpoint' });
    expect(await compileForm({ ...form, endpoint: 'a/../b' })).toMatchObject({ state: 'error', field: 'endpoint', message: expect.stringMatching(/^The endpoint id is not a valid endpoint id/) });
    expect(await compileForm({ ...form, source: 'x'.repeat(1024 * 1024 + 1) })).toMatchObject({ state: 'error', field: 'source', message: expect.stringMatching(/limit/) });
  });
});

describe('custom endpoints between settings, the catalog and the open graph', () => {
  const builtins = (type: string) => BUILTIN_TEMPLATES.find((t) => t.id === type);

  it('installs saved endpoints as node types, and drops them when removed', async () => {
    useSettings.getState().setCustomEndpoints([entry()]);
    const template = await getTemplate('custom/nano');
    expect(template.provider).toBe('runcomfy');
    expect(template.endpoint).toBe('google/nano-banana-2-lite/edit');
    useSettings.getState().removeCustomEndpoint('custom/nano');
    expect(peekTemplate('custom/nano')).toBeUndefined();
    await expect(getTemplate('custom/nano')).rejects.toThrow(/not in this browser's settings/);
  });

  it('puts the definitions its custom nodes use into the document, and takes them out with the nodes', () => {
    useSettings.getState().setCustomEndpoints([entry(), entry('custom/unused', 'Unused')]);
    useDocStore.getState().replace({ format: 'weft.graph', version: 1, name: 'g', nodes: [{ id: 'n1', type: 'custom/nano', position: { x: 0, y: 0 }, values: {} }], edges: [] });
    expect(useDocStore.getState().doc.customEndpoints?.map((d) => d.id)).toEqual(['custom/nano']);
    syncDocumentDefinitions(); // nothing left to do: the same definitions, the same document
    expect(useDocStore.getState().doc.customEndpoints?.[0]).toBe(useSettings.getState().customEndpoints[0]?.definition);
    expect(useDocStore.getState().canUndo).toBe(false);
    useDocStore.getState().dispatch({ type: 'remove', nodes: ['n1'], edges: [] });
    expect(useDocStore.getState().doc.nodes).toEqual([]);
    expect(useDocStore.getState().doc.customEndpoints).toBeUndefined();
    // Undo brings the node back, and its definition with it.
    useDocStore.getState().undo();
    expect(useDocStore.getState().doc.customEndpoints?.map((d) => d.id)).toEqual(['custom/nano']);
  });

  it('adds the definitions an opened file carries to the settings, and warns when this browser has its own version', () => {
    useSettings.getState().setCustomEndpoints([]);
    const def = entry('custom/from-file', 'From a colleague').definition;
    const text = saveGraph({ format: 'weft.graph', version: 1, name: 'shared', nodes: [{ id: 'n1', type: def.id, position: { x: 0, y: 0 }, values: {} }], edges: [], customEndpoints: [def] });
    const first = loadGraph(text, builtins);
    adoptCustomEndpoints(first);
    expect(useSettings.getState().customEndpoints.map((e) => e.title)).toEqual(['From a colleague']);
    expect(first.warnings.some((w) => w.code === 'custom-endpoint-differs')).toBe(false);

    useSettings.getState().setCustomEndpoints([{ ...entry('custom/from-file', 'Mine') }]);
    const second = loadGraph(text, builtins);
    adoptCustomEndpoints(second);
    expect(second.warnings.find((w) => w.code === 'custom-endpoint-differs')?.message).toMatch(/"Mine"\) is used/);
    expect(useSettings.getState().customEndpoints.map((e) => e.title)).toEqual(['Mine']);
  });
});
