import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyGraph, type Graph } from '../../src/store/documentTypes.ts';
import { graphFileName } from '../../src/ui/files/download.ts';
import { exportOpenGraph } from '../../src/ui/files/exportOpenGraph.ts';
import { hasUnsavedChanges, useFileState } from '../../src/ui/files/fileState.ts';
import { addRecent, listRecent, MAX_RECENT, RECENT_KEY } from '../../src/ui/files/recent.ts';
import { useSettings } from '../../src/ui/settings/settingsStore.ts';

/** A localStorage that holds at most `quota` characters, like a browser's. */
function memoryStorage(quota = Number.POSITIVE_INFINITY) {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => {
      const used = [...data].reduce((n, [key, value]) => n + (key === k ? 0 : value.length), 0);
      if (used + v.length > quota) throw new DOMException('full', 'QuotaExceededError');
      data.set(k, v);
    },
    removeItem: (k: string) => void data.delete(k),
  };
}

function graphWith(text: string, name = 'G'): Graph {
  return { ...emptyGraph(name), nodes: [{ id: 't', type: 'weft/text', position: { x: 0, y: 0 }, values: { text } }] };
}

describe('recent graphs', () => {
  beforeEach(() => vi.stubGlobal('localStorage', memoryStorage()));

  it('lists the newest first and moves a graph with the same text up instead of repeating it', () => {
    addRecent({ name: 'a', text: 'A', how: 'opened' });
    addRecent({ name: 'b', text: 'B', how: 'saved' });
    addRecent({ name: 'a again', text: 'A', how: 'saved' });
    expect(listRecent().map((r) => r.name)).toEqual(['a again', 'b']);
  });

  it(`keeps only the last ${MAX_RECENT}`, () => {
    for (let i = 0; i < MAX_RECENT + 3; i++) addRecent({ name: `g${i}`, text: `T${i}`, how: 'opened' });
    const names = listRecent().map((r) => r.name);
    expect(names).toHaveLength(MAX_RECENT);
    expect(names[0]).toBe(`g${MAX_RECENT + 2}`);
  });

  it('drops the oldest entries when storage is full rather than failing', () => {
    vi.stubGlobal('localStorage', memoryStorage(3000));
    for (let i = 0; i < 5; i++) addRecent({ name: `g${i}`, text: String(i).repeat(900), how: 'opened' });
    const names = listRecent().map((r) => r.name);
    expect(names[0]).toBe('g4');
    expect(names.length).toBeLessThan(5);
  });

  it('reads a damaged store as empty and skips malformed entries', () => {
    localStorage.setItem(RECENT_KEY, '{nope');
    expect(listRecent()).toEqual([]);
    localStorage.setItem(RECENT_KEY, JSON.stringify([{ name: 1 }, { name: 'ok', text: 'x', how: 'opened', at: 1 }, null]));
    expect(listRecent().map((r) => r.name)).toEqual(['ok']);
  });
});

describe('file names', () => {
  it('are the graph name plus .weft.json, without characters file systems refuse', () => {
    expect(graphFileName('Veo 3.1 clip')).toBe('Veo 3.1 clip.weft.json');
    expect(graphFileName('a/b\\c:d*e?"f"<g>|h')).toBe('a b c d e f g h.weft.json');
    expect(graphFileName('..\u0000hidden')).toBe('hidden.weft.json');
    expect(graphFileName('   ')).toBe('Untitled.weft.json');
    expect(graphFileName('x'.repeat(300))).toHaveLength(120 + '.weft.json'.length);
  });
});

describe('the unsaved-changes mark', () => {
  it('shows when the document differs from the one last saved or opened, but never for an empty graph', () => {
    const saved = graphWith('hi');
    expect(hasUnsavedChanges(saved, saved)).toBe(false);
    expect(hasUnsavedChanges(graphWith('hi'), saved)).toBe(true);
    expect(hasUnsavedChanges(emptyGraph(), saved)).toBe(false);
  });
});

describe('exporting the open graph', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', memoryStorage());
    useFileState.getState().closeDialog();
  });

  it('refuses a graph holding the key configured in Settings, naming the place but never the key', async () => {
    useSettings.getState().setProvider('runninghub', { apiKey: 'hunter2hunter2' });
    expect(await exportOpenGraph('saved', graphWith('prompt hunter2hunter2'))).toBeNull();
    const dialog = useFileState.getState().dialog;
    expect(dialog).toMatchObject({ kind: 'report', report: { title: 'Nothing was saved', errors: [{ path: 'nodes[0].values.text', message: 'contains a configured API key' }] } });
    expect(JSON.stringify(dialog)).not.toContain('hunter2hunter2');
    useSettings.getState().setProvider('runninghub', { apiKey: '' });
  });

  it('returns the saved text of a clean graph', async () => {
    const text = await exportOpenGraph('shared', graphWith('a red fox'));
    expect(JSON.parse(text!)).toMatchObject({ format: 'weft.graph', nodes: [{ values: { text: 'a red fox' } }] });
    expect(useFileState.getState().dialog).toBeNull();
  });
});
