import { describe, expect, it } from 'vitest';
import { extensionOfMime, extensionsOfKind, kindOfExtension, MIME_BY_EXTENSION, mimeOfExtension } from '../../src/core/model/mediaTypes.ts';
import { extensionForMime } from '../../src/core/executor/saveNames.ts';
import { MIME_BY_EXTENSION as LOCAL_FILES } from '../../src/node/localFile.ts';
import { CONTENT_TYPES as SIMULATOR_TYPES } from '../../src/server/simulator/media.ts';

/** One table of file types: every place that maps extensions, MIME types and kinds agrees with it. */

describe('media types', () => {
  it('knows bmp, heic and tiff the same way everywhere: a result kind, a MIME type, a local input, a saved extension', () => {
    for (const [ext, mime] of [['bmp', 'image/bmp'], ['heic', 'image/heic'], ['tiff', 'image/tiff'], ['tif', 'image/tiff']] as const) {
      expect(kindOfExtension(ext)).toBe('image');
      expect(mimeOfExtension(ext.toUpperCase())).toBe(mime);
      expect(LOCAL_FILES[ext]).toBe(mime);
      expect(SIMULATOR_TYPES[ext]).toBe(mime);
    }
    expect(extensionForMime('image/tiff')).toBe('tiff');
    expect(extensionForMime('image/bmp')).toBe('bmp');
  });

  it('maps every extension to a MIME type that maps back to an extension of the same type', () => {
    for (const [ext, mime] of Object.entries(MIME_BY_EXTENSION)) {
      const back = extensionOfMime(mime)!;
      expect(mimeOfExtension(back), ext).toBe(mime);
    }
  });

  it('saves aliases and parameters under the usual extension, and unknown types by kind', () => {
    expect(extensionForMime('audio/x-wav')).toBe('wav');
    expect(extensionForMime('audio/mp3')).toBe('mp3');
    expect(extensionForMime('image/jpeg; q=1')).toBe('jpg');
    expect(extensionForMime('video/x-unknown', 'video')).toBe('mp4');
    expect(extensionForMime(undefined)).toBe('bin');
  });

  it('reads only images, video and audio as local inputs', () => {
    expect(Object.keys(LOCAL_FILES).sort()).toEqual(extensionsOfKind('image', 'video', 'audio').sort());
    expect(LOCAL_FILES.txt).toBeUndefined();
    expect(LOCAL_FILES.zip).toBeUndefined();
    expect(kindOfExtension('zip')).toBe('file');
    expect(kindOfExtension(undefined)).toBe('file');
  });
});
