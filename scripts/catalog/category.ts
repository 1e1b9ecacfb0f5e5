/**
 * The palette category of an endpoint, one scheme for every provider: `<Media>/<Task>`.
 * Task is read from the endpoint id (and the provider's English name) by the first matching rule;
 * Media is the task's own medium (a lip-sync helper that returns an id is still `Video/...`), else
 * what the node outputs. Nothing matched: decided by the media the endpoint takes as input.
 */

export type CategoryMedia = 'Video' | 'Image' | 'Audio' | '3D' | 'Text';
export type InputMedia = 'image' | 'video' | 'audio';

/** [pattern, task, medium of the task (undefined: the node's output medium)]. First match wins. */
const TASK_RULES: Array<[RegExp, string, CategoryMedia?]> = [
  [/lip-?sync|avatar|image-audio-to-video|audio-to-video/, 'Lip Sync & Avatar', 'Video'],
  [/motion-control|dreamactor|video-ref-to-video/, 'Motion Control', 'Video'],
  [/first-last-frame|start-end|start-to-end/, 'First & Last Frame', 'Video'],
  [/transition|effects/, 'Effects & Transitions', 'Video'],
  [/upload/, 'Assets'],
  [/upscale|enhance|hypir|fps-increaser/, 'Upscale & Enhance'],
  [/to-world/, 'World', '3D'],
  [/to-3d/, 'Generate', '3D'],
  [/audio-inpaint|audio-outpaint/, 'Music & Sound', 'Audio'],
  [/extend|extension/, 'Extend', 'Video'],
  [/reference|refrence|multimodal|elements/, 'Reference to Video', 'Video'],
  [/image-to-video|\bi2v\b|[/-]i2v/, 'Image to Video', 'Video'],
  [/text-to-video|\bt2v\b|[/-]t2v/, 'Text to Video', 'Video'],
  [/video-to-video|video-edit|edit-video|restyl|aleph/, 'Video Edit', 'Video'],
  [/image-to-text|video-to-text|text-to-text|chat/, 'Understanding', 'Text'],
  [/speech|tts|voice/, 'Speech & Voice', 'Audio'],
  [/music|suno|audio/, 'Music & Sound', 'Audio'],
  [/text-to-image|\bt2i\b|niji|midjourney|f-dev/, 'Text to Image', 'Image'],
  [/image-to-image|edit/, 'Image Edit', 'Image'],
];

/** The task when no rule matched: from the media the endpoint takes as input. */
function taskFromInputs(media: CategoryMedia, inputs: ReadonlySet<InputMedia>): string {
  if (media === 'Video') {
    if (inputs.has('video') || (inputs.has('image') && inputs.has('audio'))) return inputs.has('image') ? 'Reference to Video' : 'Video Edit';
    return inputs.has('image') ? 'Image to Video' : 'Text to Video';
  }
  if (media === 'Image') return inputs.has('image') ? 'Image Edit' : 'Text to Image';
  return 'Other';
}

/** `<Media>/<Task>` for an endpoint, from its output medium, input media and names (id first). */
export function categoryOf(output: CategoryMedia, inputs: ReadonlySet<InputMedia>, ...names: string[]): string {
  const text = names.join(' ').toLowerCase();
  const rule = TASK_RULES.find(([re]) => re.test(text));
  if (!rule) return `${output}/${taskFromInputs(output, inputs)}`;
  return `${rule[2] ?? output}/${rule[1]}`;
}
