import type { Value } from '../../core/executor/types.ts';
import { isMediaValue } from '../../core/executor/values.ts';
import { isSafeMediaUrl, useBlobUrl } from './useBlobUrl.ts';

/** One value as people look at it: an image, a playable video or audio clip, or text (as text). */
export function MediaView({ value, label }: { value: Value; label: string }) {
  const blob = 'blob' in value ? value.blob : undefined;
  const { url: blobUrl, missing } = useBlobUrl(blob);
  if (value.kind === 'text') return <pre className="weft-media weft-media--text nowheel">{value.text}</pre>;
  if (value.kind === 'json') return <pre className="weft-media weft-media--text nowheel">{JSON.stringify(value.value, null, 2)}</pre>;
  if (!isMediaValue(value)) return <pre className="weft-media weft-media--text">{String(value.value)}</pre>;
  const url = blobUrl ?? (blob ? undefined : value.url);
  if (missing) return <div className="weft-media weft-media--empty">The file is no longer stored in this browser; run the node again.</div>;
  if (!isSafeMediaUrl(url)) return <div className="weft-media weft-media--empty">{blob ? 'Loading…' : `No ${value.kind} to show.`}</div>;
  switch (value.kind) {
    case 'image':
      return <img className="weft-media weft-media--image" src={url} alt={label} draggable={false} />;
    case 'video':
      return <video className="weft-media weft-media--video nodrag" src={url} controls playsInline preload="metadata" aria-label={label} />;
    case 'audio':
      return <audio className="weft-media weft-media--audio nodrag" src={url} controls preload="metadata" aria-label={label} />;
    default:
      return (
        <a className="weft-media weft-media--file" href={url} download>
          Download file
        </a>
      );
  }
}
