import type { MediaBackend } from '../core/media/backend.ts';

/**
 * A MediaBackend that loads the real one on its first call, so a host can hand the executor a backend
 * at start-up while the heavy code (mediabunny, the WebCodecs backend) stays out of the first-load
 * bundle and loads only when a media node first runs. A failed load is retried on the next call.
 */
export function lazyMediaBackend(name: string, load: () => Promise<MediaBackend>): MediaBackend {
  let loading: Promise<MediaBackend> | undefined;
  const backend = () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    name,
    probe: async (...a) => (await backend()).probe(...a),
    frame: async (...a) => (await backend()).frame(...a),
    trim: async (...a) => (await backend()).trim(...a),
    concat: async (...a) => (await backend()).concat(...a),
    muxAudio: async (...a) => (await backend()).muxAudio(...a),
    extractAudio: async (...a) => (await backend()).extractAudio(...a),
    fitImage: async (...a) => (await backend()).fitImage(...a),
  };
}

/** The browser's backend (mediabunny + WebCodecs), loaded with `import()` when a media node first runs. */
export function browserMediaBackend(): MediaBackend {
  return lazyMediaBackend('browser (WebCodecs)', () => import('./browser/webBackend.ts').then((m) => new m.WebCodecsBackend()));
}
