import { useEffect, useState } from 'react';
import { runStorage } from './runStorage.ts';

/**
 * An object URL for a file in the blob store (a result or a picked input), made when needed and
 * revoked when the component goes away. Undefined while loading or when the file is gone.
 */
export function useBlobUrl(hash: string | undefined): { url?: string; missing: boolean } {
  const [state, setState] = useState<{ hash?: string; url?: string; missing: boolean }>({ missing: false });
  useEffect(() => {
    if (!hash) return;
    let url: string | undefined;
    let live = true;
    void runStorage()
      .then(({ storage }) => storage.blobs.get(hash))
      .then(
        (blob) => {
          if (!live) return;
          if (!blob) return setState({ hash, missing: true });
          url = URL.createObjectURL(new Blob([blob.bytes.slice()], { type: blob.mimeType }));
          setState({ hash, url, missing: false });
        },
        () => live && setState({ hash, missing: true }),
      );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [hash]);
  return state.hash === hash ? { ...(state.url ? { url: state.url } : {}), missing: state.missing } : { missing: false };
}

/** Only these URLs may go into a media element (never javascript: or the like). */
export function isSafeMediaUrl(url: string | undefined): url is string {
  return typeof url === 'string' && /^(https?:|blob:|data:(image|video|audio)\/)/i.test(url);
}
