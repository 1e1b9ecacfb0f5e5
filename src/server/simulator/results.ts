import { tinyGlb } from './media.ts';
import type { Job, JobResult } from './jobs.ts';
import { imageSizeFor, renderPromptPng } from './png.ts';
import type { SimState } from './state.ts';

/**
 * A finished job's results, made the first time someone looks (so a job nobody polls costs nothing):
 * PNGs that show the prompt, the sample video or audio, a tiny GLB, or a line of text.
 */

/** The text a request is about: its prompt (or first plain string input), without media URLs. */
export function promptOf(input: Record<string, unknown>): string {
  for (const name of ['prompt', 'text', 'positive_prompt', 'positivePrompt', 'description', 'caption', 'lyrics']) {
    const v = input[name];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  for (const v of Object.values(input)) {
    if (typeof v === 'string' && v.trim() && !/^(https?:|data:)/i.test(v.trim())) return v.trim();
  }
  return '';
}

export function ensureResults(state: SimState, job: Job): JobResult[] {
  if (job.results) return job.results;
  const { kind, count } = job.output;
  const label = `${job.provider}/${job.endpoint}`;
  const prompt = promptOf(job.input);
  const results: JobResult[] = [];
  if (kind === 'image') {
    const size = imageSizeFor(job.input);
    for (let i = 0; i < count; i++) {
      const footer = count > 1 ? `${label}  ${i + 1}/${count}` : label;
      const png = renderPromptPng({ prompt, footer, ...size });
      results.push({ kind, mediaId: state.media.putData('png', 'image/png', png).id, ext: 'png' });
    }
  } else if (kind === 'video') {
    results.push({ kind, mediaId: state.media.putSample('mp4', 'video/mp4', 'sample.mp4').id, ext: 'mp4' });
  } else if (kind === 'audio') {
    results.push({ kind, mediaId: state.media.putSample('mp3', 'audio/mpeg', 'sample.mp3').id, ext: 'mp3' });
  } else if (kind === 'file') {
    results.push({ kind, mediaId: state.media.putData('glb', 'model/gltf-binary', tinyGlb()).id, ext: 'glb' });
  } else {
    results.push({ kind: 'text', text: prompt ? `Simulated answer from ${job.endpoint} to: ${prompt}` : `Simulated answer from ${job.endpoint}.` });
  }
  job.results = results;
  return results;
}
