import { describe, expect, it } from 'vitest';
import type { MediaBackend } from '../../src/core/media/backend.ts';
import { lazyMediaBackend } from '../../src/media/lazyBackend.ts';

describe('lazyMediaBackend', () => {
  it('loads the real backend on the first call only, and not at all for work that needs none', async () => {
    let loads = 0;
    const real = { name: 'real', probe: async () => ({ mimeType: 'video/mp4', duration: 1 }) } as unknown as MediaBackend;
    const lazy = lazyMediaBackend('lazy', async () => {
      loads++;
      return real;
    });
    expect(loads).toBe(0);
    await Promise.all([lazy.probe({ bytes: new Uint8Array(), mimeType: 'video/mp4' }), lazy.probe({ bytes: new Uint8Array(), mimeType: 'video/mp4' })]);
    expect(loads).toBe(1);
  });

  it('tries the load again after it failed (a chunk that did not arrive)', async () => {
    let loads = 0;
    const lazy = lazyMediaBackend('lazy', async () => {
      loads++;
      if (loads === 1) throw new Error('chunk failed');
      return { probe: async () => ({ mimeType: 'video/mp4', duration: 2 }) } as unknown as MediaBackend;
    });
    const media = { bytes: new Uint8Array(), mimeType: 'video/mp4' };
    await expect(lazy.probe(media)).rejects.toThrow('chunk failed');
    await expect(lazy.probe(media)).resolves.toMatchObject({ duration: 2 });
  });
});
