import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, expectedThumbnails } from '../../scripts/thumbnails.ts';

describe('example thumbnails', () => {
  it('every example in the gallery has a thumbnail drawn from its graph as it is now (else run `npm run thumbnails`)', async () => {
    const expected = await expectedThumbnails();
    expect(expected.length).toBeGreaterThanOrEqual(5);
    for (const { file, svg } of expected) {
      const committed = await readFile(`${EXAMPLES_DIR}${file}`, 'utf8').catch(() => '(missing)');
      expect(committed, `public/examples/${file} is out of date: run npm run thumbnails`).toBe(svg);
      // A drawing, not an empty frame: a box per node and a path per wire.
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect((svg.match(/<path /g) ?? []).length).toBeGreaterThan(0);
    }
  });
});
