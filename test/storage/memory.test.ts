import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/storage/memory.ts';
import { describeStorageContract } from './contractSuite.ts';

describeStorageContract('memory', {
  persistent: false,
  backend: async () => {
    // Lends a urlOf so the contract covers it; the URL carries the hash and type for readUrl.
    const blobs = new Map<string, { bytes: Uint8Array; mimeType: string }>();
    const storage = createMemoryStorage({
      urlOf: (hash, blob) => {
        blobs.set(hash, blob);
        return `mem:${hash}`;
      },
    });
    return {
      open: async () => storage,
      readUrl: async (url) => blobs.get(url.slice('mem:'.length))!,
    };
  },
});

describe('memory storage', () => {
  it('offers no urlOf unless given a URL maker', () => {
    expect(createMemoryStorage().blobs.urlOf).toBeUndefined();
  });

  it('makes one URL per blob, and none for a missing blob', async () => {
    let made = 0;
    const storage = createMemoryStorage({ urlOf: (hash) => `u${++made}:${hash}` });
    const hash = await storage.blobs.put(new Uint8Array([1, 2, 3]), 'image/png');
    expect(await storage.blobs.urlOf!(hash)).toBe(`u1:${hash}`);
    expect(await storage.blobs.urlOf!(hash)).toBe(`u1:${hash}`);
    expect(await storage.blobs.urlOf!('0'.repeat(64))).toBeUndefined();
    expect(made).toBe(1);
  });

  it('keeps instances apart', async () => {
    const a = createMemoryStorage();
    const b = createMemoryStorage();
    await a.journal.put('x', { from: 'a' });
    expect(await b.journal.get('x')).toBeUndefined();
  });
});
