/**
 * A file picked in the browser is stored by content hash; the field holding it says
 * `weft-file:<sha256>:<name>`. One format, read by the browser's file store (to get the bytes back)
 * and by the export scan (a content hash is not a key; the name is still scanned).
 */
const PREFIX = 'weft-file:';

export interface LocalFileRef {
  hash: string;
  name: string;
}

/** The reference a field stores for a file kept in this browser. */
export function localFileRef(hash: string, name: string): string {
  return `${PREFIX}${hash}:${encodeURIComponent(name)}`;
}

/** Parses a field value made by `localFileRef`; undefined for anything else. */
export function parseLocalFileRef(value: unknown): LocalFileRef | undefined {
  if (typeof value !== 'string' || !value.startsWith(PREFIX)) return undefined;
  const m = /^([0-9a-f]{64}):(.*)$/.exec(value.slice(PREFIX.length));
  if (!m) return undefined;
  let name = m[2]!;
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep it as written
  }
  return { hash: m[1]!, name: name || 'file' };
}
