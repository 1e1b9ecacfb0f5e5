import { describe, expect, it } from 'vitest';
import { FORBIDDEN_KEYS } from '../../../src/core/document/limits.ts';
import { locatePaths, scanJson } from '../../../src/core/document/scanJson.ts';

const scan = (text: string) => scanJson(text, { maxDepth: 64, forbiddenKeys: FORBIDDEN_KEYS });

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('scanJson', () => {
  it.each([
    '0', '-0', '-1.5e+10', '1E-2', '"\\u00e9\\n\\"\\\\\\/"', '[]', '{}', ' [ 1 , { "a" : [ null, true, false ] } ] ', '"é ✓ 🦊"',
    '01', '1.', '.5', '-', '+1', '1e', '[1,]', '{"a":1,}', '{a:1}', "'x'", '"tab\there"', '"\\x41"', '"\\u12"', '[1] 2', '', 'nul', 'NaN',
  ])('agrees with JSON.parse on whether %j is JSON', (text) => {
    expect(scan(text) === null).toBe(parses(text));
  });

  it('names the path and offset of the first mistake', () => {
    expect(scan('{"nodes":[{"id":"a"},{"id":}]}')).toEqual({
      code: 'json-syntax',
      detail: 'unexpected "}": expected a value',
      offset: 27,
      path: ['nodes', 1, 'id'],
    });
  });

  it('refuses forbidden keys only as keys, not as string values', () => {
    expect(scan('{"name":"__proto__"}')).toBeNull();
    expect(scan('{"a":{"constructor":1}}')).toMatchObject({ code: 'forbidden-key', path: ['a', 'constructor'], offset: 6 });
  });

  it('allows exactly maxDepth levels of nesting', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(scanJson(nested(5), { maxDepth: 5, forbiddenKeys: FORBIDDEN_KEYS })).toBeNull();
    expect(scanJson(nested(6), { maxDepth: 5, forbiddenKeys: FORBIDDEN_KEYS })).toMatchObject({ code: 'too-deep', offset: 5 });
  });
});

describe('locatePaths', () => {
  it('finds the line and column of each value, falling back to the nearest ancestor for a missing key', () => {
    const text = '{\n  "nodes": [\n    { "id": "a",\n      "position": { "x": 1 } }\n  ]\n}';
    const places = locatePaths(text, [['nodes', 0, 'id'], ['nodes', 0, 'position', 'y'], ['edges']]);
    expect(places.get('nodes[0].id')).toEqual({ line: 3, column: 13 });
    expect(places.get('nodes[0].position.y')).toEqual({ line: 4, column: 19 });
    expect(places.get('edges')).toEqual({ line: 1, column: 1 });
  });
});
