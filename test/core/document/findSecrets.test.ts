import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../../src/core/document/findSecrets.ts';
import { graph, node } from '../../support/templateBuilder.ts';

const scan = (value: unknown, options = {}) => findSecrets(graph([node('n', 'weft/text', { values: { text: value as never } })]), options);

describe('findSecrets', () => {
  it('flags sk- keys, bearer tokens and long random tokens, without repeating them', () => {
    expect(scan('key: sk-ant-0123456789abcdefABCDEF')).toEqual([{ path: 'nodes[0].values.text', reason: 'contains an API key (sk-…)' }]);
    expect(scan('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc')[0]?.reason).toBe('contains a bearer token');
    expect(scan('token 9f8e7d6c5b4a39281706f5e4d3c2b1a0 here')[0]?.reason).toBe('contains a long random token that looks like a key');
    expect(JSON.stringify(scan('sk-ant-0123456789abcdefABCDEF'))).not.toContain('0123456789');
  });

  it('flags any string containing a configured key, whatever its shape', () => {
    expect(scan('my key is hunter2hunter2', { knownSecrets: ['hunter2hunter2'] })[0]?.reason).toBe('contains a configured API key');
  });

  it('flags credentials in URL parameters but not long hashes in media URL paths', () => {
    expect(scan('https://cdn.example.com/a/9f8e7d6c5b4a39281706f5e4d3c2b1a0ffee.png')).toEqual([]);
    expect(scan('https://api.example.com/v1?api_key=abcd1234efgh')[0]?.reason).toBe('a URL carries a credential in its "api_key" parameter');
  });

  it('does not flag the content hash of a file picked in the browser, but still scans its name', () => {
    const hash = 'a3f1c9e07b5d2468e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7';
    expect(scan(`weft-file:${hash}:ref-1.png`)).toEqual([]);
    expect(scan(`weft-file:${hash}:sk-ant-0123456789abcdefABCDEF.png`)[0]?.reason).toBe('contains an API key (sk-…)');
    // The same hash anywhere else is still a long random token.
    expect(scan(`see ${hash}`)[0]?.reason).toBe('contains a long random token that looks like a key');
  });

  it('flags a JSON value field named like a credential', () => {
    expect(scan({ headers: { Authorization: 'Basic dXNlcjpwYXNz' } })).toEqual([
      { path: 'nodes[0].values.text.headers.Authorization', reason: 'a field named "Authorization" holds a value; credentials never belong in a graph' },
    ]);
  });

  it('leaves ordinary prompts, prompt-like long words and ids alone', () => {
    expect(scan('cinematic_lighting_ultra_detailed_masterpiece_8k, a fox at dawn')).toEqual([]);
    expect(scan('A 35mm photo of a lighthouse, 1080p, f/2.8, ISO 400')).toEqual([]);
  });

  it('scans the graph name, node titles and group titles', () => {
    const g = graph([node('n', 'weft/text', { title: 'sk-abcdefghijklmnopqrstu' })], [], 'Bearer abcdefghijklmnopqrstuvwxyz');
    g.groups = [{ id: 'g', title: 'sk-zyxwvutsrqponmlkjihg', rect: { x: 0, y: 0, width: 1, height: 1 } }];
    expect(findSecrets(g).map((f) => f.path)).toEqual(['name', 'nodes[0].title', 'groups[0].title']);
  });
});
