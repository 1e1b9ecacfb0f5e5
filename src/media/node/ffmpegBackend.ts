import type {
  ConcatRequest, ExtractAudioRequest, FitImageRequest, FrameRequest, MediaBackend, MediaBytes, MediaInfo, MediaInput, MediaOpOptions,
  MuxAudioRequest, TrimRequest,
} from '../../core/media/backend.ts';
import { readAll } from '../../core/media/backend.ts';
import { CONCAT_AUDIO } from '../../core/media/concatPlan.ts';
import { readImageInfo } from '../../core/media/imageInfo.ts';
import { MediaError } from '../../core/media/mediaError.ts';
import { frameTime } from '../frameTime.ts';
import { probeMedia } from '../probe.ts';
import { concatCopy, extractAudioCopy, trimCopy } from '../remux.ts';
import { findFfmpeg, runFfmpeg, type Ffmpeg } from './ffmpeg.ts';
import { colourOf, fitFilter, orientationFilter } from './filters.ts';
import { withWorkdir } from './workdir.ts';

/**
 * The Node backend (`weft run`): probing, frame lookup and everything that only moves packets
 * (joining matching clips, trimming at key frames, taking sound out) by mediabunny — the same code
 * as the browser, no ffmpeg needed — and everything that decodes or encodes by the system ffmpeg.
 * Re-encoded video is H.264 (libx264, CRF 18) with AAC sound in MP4, what every provider accepts.
 */

const secs = (t: number) => (Math.floor(Math.max(0, t) * 1e6) / 1e6).toFixed(6);
const H264 = (ffmpeg: Ffmpeg) => {
  if (!ffmpeg.h264) throw new MediaError('unsupported', 'This ffmpeg has no H.264 encoder (libx264 or libopenh264); install a full ffmpeg build.');
  return ['-c:v', ffmpeg.h264, ...(ffmpeg.h264 === 'libx264' ? ['-preset', 'veryfast', '-crf', '18'] : ['-b:v', '8M']), '-pix_fmt', 'yuv420p'];
};
const AAC = ['-c:a', 'aac', '-b:a', '192k'];
const MP4 = ['-movflags', '+faststart', '-f', 'mp4'];

export class FfmpegBackend implements MediaBackend {
  readonly name = 'ffmpeg';

  /** `ffmpegPath`: a specific ffmpeg (default: `WEFT_FFMPEG`, else the one on the PATH). */
  constructor(private readonly ffmpegPath?: string) {}

  private ffmpeg(): Promise<Ffmpeg> {
    return findFfmpeg(...(this.ffmpegPath ? [this.ffmpegPath] : []));
  }

  probe(input: MediaInput): Promise<MediaInfo> {
    return probeMedia(input);
  }

  async frame(input: MediaInput, request: FrameRequest, options: MediaOpOptions = {}): Promise<MediaBytes> {
    const ffmpeg = await this.ffmpeg();
    const at = await frameTime(input, request.position);
    const codec = request.format === 'png' ? ['-c:v', 'png', '-pix_fmt', 'rgb24'] : ['-c:v', 'mjpeg', '-q:v', '2', '-pix_fmt', 'yuvj444p'];
    return withWorkdir(async (dir) => {
      const file = await dir.put('in', input);
      await runFfmpeg(ffmpeg, ['-ss', secs(at), '-i', file, '-map', '0:v:0', '-frames:v', '1', ...codec, '-f', 'image2', dir.path('out')], options);
      const bytes = await dir.read('out');
      if (bytes.length === 0) throw new MediaError('failed', `ffmpeg found no frame at ${secs(at)} s.`);
      return { bytes, mimeType: `image/${request.format}` };
    });
  }

  async trim(input: MediaInput, request: TrimRequest, options: MediaOpOptions = {}): Promise<MediaBytes> {
    if (!request.exact) return trimCopy(input, request, options);
    const ffmpeg = await this.ffmpeg();
    const length = request.end - request.start;
    return withWorkdir(async (dir) => {
      const file = await dir.put('in', input);
      const range = ['-ss', secs(request.start), '-i', file, '-t', secs(length), '-map', '0:v:0', '-map', '0:a:0?'];
      await runFfmpeg(ffmpeg, [...range, ...H264(ffmpeg), ...AAC, ...MP4, dir.path('out')], { ...options, expectedSeconds: length });
      return { bytes: await dir.read('out'), mimeType: 'video/mp4' };
    });
  }

  async concat(inputs: readonly MediaInput[], { plan }: ConcatRequest, options: MediaOpOptions = {}): Promise<MediaBytes> {
    if (plan.mode === 'copy') return concatCopy(inputs, plan, options);
    const ffmpeg = await this.ffmpeg();
    const total = plan.clips.reduce((sum, c) => sum + c.duration, 0);
    return withWorkdir(async (dir) => {
      const files: string[] = [];
      for (const [i, input] of inputs.entries()) files.push(await dir.put(`in${i}`, input));
      const graph: string[] = [];
      const pads: string[] = [];
      const layout = `aresample=${CONCAT_AUDIO.sampleRate},aformat=sample_fmts=fltp:channel_layouts=stereo`;
      plan.clips.forEach((clip, i) => {
        const d = secs(clip.duration);
        graph.push(`[${i}:v:0]${fitFilter(clip.geometry, [0, 0, 0, 255])},fps=${plan.fps},format=yuv420p,trim=duration=${d},setpts=PTS-STARTPTS[v${i}]`);
        pads.push(`[v${i}]`);
        if (plan.audio === 'none') return;
        graph.push(clip.hasAudio
          ? `[${i}:a:0]${layout},apad,atrim=duration=${d},asetpts=PTS-STARTPTS[a${i}]`
          : `anullsrc=r=${CONCAT_AUDIO.sampleRate}:cl=stereo,atrim=duration=${d}[a${i}]`);
        pads.push(`[a${i}]`);
      });
      const hasAudio = plan.audio !== 'none';
      graph.push(`${pads.join('')}concat=n=${plan.clips.length}:v=1:a=${hasAudio ? 1 : 0}[v]${hasAudio ? '[a]' : ''}`);
      const args = [...files.flatMap((f) => ['-i', f]), '-filter_complex', graph.join(';'), '-map', '[v]', ...(hasAudio ? ['-map', '[a]', ...AAC] : []), ...H264(ffmpeg), ...MP4, dir.path('out')];
      await runFfmpeg(ffmpeg, args, { ...options, expectedSeconds: total });
      return { bytes: await dir.read('out'), mimeType: 'video/mp4' };
    });
  }

  async muxAudio(video: MediaInput, audio: MediaInput, request: MuxAudioRequest, options: MediaOpOptions = {}): Promise<MediaBytes> {
    const ffmpeg = await this.ffmpeg();
    const info = await probeMedia(video);
    const webm = info.mimeType === 'video/webm';
    const chain = [
      request.offset < 0 ? `atrim=start=${secs(-request.offset)},asetpts=PTS-STARTPTS` : '',
      request.offset > 0 ? `adelay=delays=${Math.round(request.offset * 1000)}:all=1` : '',
      `volume=${request.volume}`,
      'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo',
      'apad',
    ].filter(Boolean).join(',');
    const mix = request.mode === 'mix' && request.videoHasAudio;
    const graph = mix
      ? `[1:a:0]${chain}[new];[0:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,apad[old];[old][new]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[a]`
      : `[1:a:0]${chain}[a]`;
    return withWorkdir(async (dir) => {
      const [v, a] = [await dir.put('video', video), await dir.put('audio', audio)];
      const codec = webm ? ['-c:a', 'libopus', '-b:a', '160k', '-f', 'webm'] : [...AAC, ...MP4];
      await runFfmpeg(ffmpeg, ['-i', v, '-i', a, '-filter_complex', graph, '-map', '0:v:0', '-map', '[a]', '-c:v', 'copy', '-t', secs(request.duration), ...codec, dir.path('out')], { ...options, expectedSeconds: request.duration });
      return { bytes: await dir.read('out'), mimeType: webm ? 'video/webm' : 'video/mp4' };
    });
  }

  async extractAudio(input: MediaInput, { container }: ExtractAudioRequest, options: MediaOpOptions = {}): Promise<MediaBytes> {
    if (container.copy) return extractAudioCopy(input, container, options);
    const ffmpeg = await this.ffmpeg();
    return withWorkdir(async (dir) => {
      const file = await dir.put('in', input);
      await runFfmpeg(ffmpeg, ['-i', file, '-map', '0:a:0', '-vn', '-c:a', 'pcm_s16le', '-f', 'wav', dir.path('out')], options);
      return { bytes: await dir.read('out'), mimeType: container.mimeType };
    });
  }

  async fitImage(input: MediaInput, request: FitImageRequest, options: MediaOpOptions = {}): Promise<MediaBytes> {
    const ffmpeg = await this.ffmpeg();
    const bytes = await readAll(input);
    const orientation = readImageInfo(bytes)?.orientation ?? 1;
    const { geometry: g, background } = request;
    const filters = [...orientationFilter(orientation), 'format=rgba', fitFilter(g, background)];
    // JPEG has no alpha: flatten onto the pad colour first.
    const out = request.format === 'png'
      ? ['-c:v', 'png', '-pix_fmt', 'rgba']
      : ['-c:v', 'mjpeg', '-q:v', '2', '-pix_fmt', 'yuvj444p'];
    const graph = request.format === 'png'
      ? `[0:v]${filters.join(',')}[out]`
      : `color=c=${colourOf([...background.slice(0, 3), 255])}:s=${g.width}x${g.height}[bg];[0:v]${filters.join(',')}[fg];[bg][fg]overlay=format=auto:shortest=1,format=yuvj444p[out]`;
    return withWorkdir(async (dir) => {
      const file = await dir.put('in', { bytes, mimeType: 'image/*' });
      // -noautorotate: some ffmpeg versions turn EXIF-oriented JPEGs and some do not; Weft turns them itself.
      await runFfmpeg(ffmpeg, ['-noautorotate', '-i', file, '-filter_complex', graph, '-map', '[out]', '-frames:v', '1', ...out, '-f', 'image2', dir.path('out')], options);
      return { bytes: await dir.read('out'), mimeType: `image/${request.format}` };
    });
  }
}
