import type { ResultKind } from '../providers/types.ts';

/**
 * The one table of file types Weft knows, by extension: MIME type and result kind. Every other mapping
 * is derived from it — what kind a provider's result URL is, which local files a media node reads and
 * with what type, the extension a saved file gets, what the simulator and the static server send — so
 * an extension cannot be an image in one place and unknown in another.
 */

interface MediaType {
  /** Extensions, lowercase, the usual one first (the one saved files get). */
  exts: readonly string[];
  mime: string;
  kind: ResultKind;
  /** Other MIME types seen for the same files (saved under the usual extension). */
  aliases?: readonly string[];
}

const MEDIA_TYPES: readonly MediaType[] = [
  { exts: ['png'], mime: 'image/png', kind: 'image' },
  { exts: ['jpg', 'jpeg'], mime: 'image/jpeg', kind: 'image', aliases: ['image/jpg'] },
  { exts: ['webp'], mime: 'image/webp', kind: 'image' },
  { exts: ['gif'], mime: 'image/gif', kind: 'image' },
  { exts: ['avif'], mime: 'image/avif', kind: 'image' },
  { exts: ['bmp'], mime: 'image/bmp', kind: 'image', aliases: ['image/x-ms-bmp'] },
  { exts: ['heic'], mime: 'image/heic', kind: 'image' },
  { exts: ['heif'], mime: 'image/heif', kind: 'image' },
  { exts: ['tiff', 'tif'], mime: 'image/tiff', kind: 'image' },
  { exts: ['mp4'], mime: 'video/mp4', kind: 'video' },
  { exts: ['webm'], mime: 'video/webm', kind: 'video' },
  { exts: ['mov'], mime: 'video/quicktime', kind: 'video' },
  { exts: ['mkv'], mime: 'video/x-matroska', kind: 'video' },
  { exts: ['m4v'], mime: 'video/x-m4v', kind: 'video' },
  { exts: ['avi'], mime: 'video/x-msvideo', kind: 'video' },
  { exts: ['mp3'], mime: 'audio/mpeg', kind: 'audio', aliases: ['audio/mp3'] },
  { exts: ['wav'], mime: 'audio/wav', kind: 'audio', aliases: ['audio/x-wav', 'audio/wave'] },
  { exts: ['flac'], mime: 'audio/flac', kind: 'audio' },
  { exts: ['m4a'], mime: 'audio/mp4', kind: 'audio', aliases: ['audio/x-m4a'] },
  { exts: ['ogg'], mime: 'audio/ogg', kind: 'audio' },
  { exts: ['aac'], mime: 'audio/aac', kind: 'audio' },
  { exts: ['opus'], mime: 'audio/opus', kind: 'audio' },
  { exts: ['txt'], mime: 'text/plain', kind: 'text' },
  { exts: ['json'], mime: 'application/json', kind: 'file' },
  { exts: ['glb'], mime: 'model/gltf-binary', kind: 'file' },
  { exts: ['obj'], mime: 'model/obj', kind: 'file' },
  { exts: ['zip'], mime: 'application/zip', kind: 'file' },
];

const BY_EXTENSION = new Map(MEDIA_TYPES.flatMap((t) => t.exts.map((ext) => [ext, t] as const)));
const BY_MIME = new Map(MEDIA_TYPES.flatMap((t) => [t.mime, ...(t.aliases ?? [])].map((mime) => [mime, t] as const)));

/** MIME types by lowercase extension, for every type in the table. */
export const MIME_BY_EXTENSION: Readonly<Record<string, string>> = Object.fromEntries([...BY_EXTENSION].map(([ext, t]) => [ext, t.mime]));

/** The MIME type of an extension (any case, with or without its dot), if Weft knows it. */
export function mimeOfExtension(ext: string | undefined): string | undefined {
  return ext ? BY_EXTENSION.get(ext.replace(/^\./, '').toLowerCase())?.mime : undefined;
}

/** What kind of result a file extension is (`file` when unknown). */
export function kindOfExtension(ext: string | undefined): ResultKind {
  return (ext ? BY_EXTENSION.get(ext.replace(/^\./, '').toLowerCase())?.kind : undefined) ?? 'file';
}

/** The usual extension for a MIME type (parameters ignored), if Weft knows it. */
export function extensionOfMime(mime: string | undefined): string | undefined {
  const bare = (mime ?? '').split(';')[0]!.trim().toLowerCase();
  return BY_MIME.get(bare)?.exts[0];
}

/** Extensions of one kind (`image`, `video`, `audio`): what a media node reads from a local file. */
export function extensionsOfKind(...kinds: ResultKind[]): string[] {
  return [...BY_EXTENSION].filter(([, t]) => kinds.includes(t.kind)).map(([ext]) => ext);
}
