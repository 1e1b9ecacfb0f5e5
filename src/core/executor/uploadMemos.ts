import { z } from 'zod';
import type { MediaFile, Provider } from '../providers/types.ts';
import type { BlobStore, RecordStore } from './storage.ts';
import type { Clock, MediaValue } from './types.ts';

/**
 * A media input as its provider takes it: a user's URL or a fresh result URL as it is; otherwise the
 * stored file inlined or uploaded — once per provider and content, remembered in the `uploads` store
 * (an upload's URL is reused for six hours) so a re-run uploads nothing.
 */

const UPLOAD_FRESH_MS = 6 * 60 * 60 * 1000;

interface UploadMemo {
  provider: string;
  blob: string;
  url: string;
  createdAt: number;
}

const zUploadMemo: z.ZodType<UploadMemo> = z.object({ provider: z.string(), blob: z.string(), url: z.string().min(1), createdAt: z.number() });

export class UploadMemos {
  /** Uploads in flight or done in this session, by provider and content, so each happens once. */
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly store: RecordStore,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly urlFreshMs: number,
  ) {}

  /** The value for the payload; `send` makes the provider call (with retries, under the caller's signal). */
  async mediaFor(provider: Provider, v: MediaValue, send: (file: MediaFile) => Promise<string>): Promise<string> {
    const now = this.clock.now();
    const userUrl = v.url && !v.from && !v.url.startsWith('data:');
    const freshResult = v.url && v.from && v.urlAt !== undefined && now - v.urlAt < this.urlFreshMs;
    if (v.url && (userUrl || freshResult)) return v.url;
    if (v.url?.startsWith('data:') && provider.media.local === 'inline') return v.url;
    const blob = v.blob;
    if (!blob) throw new Error('A media input has neither a usable URL nor a stored file.');
    const id = `${provider.id}:${blob}`;
    let pending = this.pending.get(id);
    if (!pending) {
      pending = this.upload(provider, blob, id, now, send);
      this.pending.set(id, pending);
      pending.catch(() => this.pending.delete(id));
    }
    return pending;
  }

  private async upload(provider: Provider, blob: string, id: string, now: number, send: (file: MediaFile) => Promise<string>): Promise<string> {
    const remembered = provider.media.local === 'upload' ? zUploadMemo.safeParse(await this.store.get(id).catch(() => undefined)) : undefined;
    if (remembered?.success && now - remembered.data.createdAt < UPLOAD_FRESH_MS) return remembered.data.url;
    const stored = await this.blobs.get(blob);
    if (!stored) throw new Error('A stored input file is gone; run its node again.');
    const value = await send({ bytes: stored.bytes, mimeType: stored.mimeType });
    if (provider.media.local === 'upload') await this.store.put(id, { provider: provider.id, blob, url: value, createdAt: this.clock.now() } satisfies UploadMemo);
    return value;
  }
}
