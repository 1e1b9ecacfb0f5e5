import { VideoSampleSink } from 'mediabunny';
import type { FitImageRequest, FrameRequest, ImageFormat, MediaBytes, MediaInput } from '../../core/media/backend.ts';
import { readAll } from '../../core/media/backend.ts';
import { MediaError } from '../../core/media/mediaError.ts';
import { frameTime } from '../frameTime.ts';
import { openInput } from '../openInput.ts';

/**
 * Pictures in the browser: one decoded frame drawn to a canvas, an image drawn into the core's fit
 * geometry, and a canvas encoded as PNG or JPEG.
 */

export function canvas2d(width: number, height: number): { canvas: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D } {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new MediaError('unsupported', 'This browser has no 2D canvas to draw pictures with.');
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  return { canvas, context };
}

export async function encodeCanvas(canvas: OffscreenCanvas, format: ImageFormat): Promise<MediaBytes> {
  const mimeType = `image/${format}`;
  const blob = await canvas.convertToBlob({ type: mimeType, ...(format === 'jpeg' ? { quality: 0.95 } : {}) });
  return { bytes: new Uint8Array(await blob.arrayBuffer()), mimeType };
}

/** The frame a request names, as an image the video's display size (rotation applied). */
export async function frameImage(media: MediaInput, request: FrameRequest): Promise<MediaBytes> {
  const at = await frameTime(media, request.position);
  const input = openInput(media);
  try {
    const track = (await input.getPrimaryVideoTrack())!;
    if (!(await track.canDecode())) throw new MediaError('unsupported', `This browser cannot decode ${track.codec ?? 'this'} video. Run the graph with weft run instead.`, 'video');
    const sample = await new VideoSampleSink(track).getSample(at);
    if (!sample) throw new MediaError('failed', `No frame could be decoded at ${at} s.`);
    const { canvas, context } = canvas2d(track.displayWidth, track.displayHeight);
    try {
      sample.draw(context, 0, 0, canvas.width, canvas.height);
    } finally {
      sample.close();
    }
    return await encodeCanvas(canvas, request.format);
  } finally {
    input.dispose();
  }
}

/** An image resized, cropped and padded as the core's geometry says (EXIF orientation applied by the browser). */
export async function fitImage(media: MediaInput, request: FitImageRequest): Promise<MediaBytes> {
  const bytes = await readAll(media);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: media.mimeType }));
  } catch {
    throw new MediaError('invalid_input', 'This image could not be decoded.', 'image');
  }
  const { geometry: g, background } = request;
  const { canvas, context } = canvas2d(g.width, g.height);
  const [r, gr, b, a] = background;
  if (a > 0 || request.format === 'jpeg') {
    context.fillStyle = `rgb(${r} ${gr} ${b})`;
    context.fillRect(0, 0, g.width, g.height);
  }
  context.drawImage(bitmap, g.source.x, g.source.y, g.source.width, g.source.height, g.target.x, g.target.y, g.target.width, g.target.height);
  bitmap.close();
  return encodeCanvas(canvas, request.format);
}
