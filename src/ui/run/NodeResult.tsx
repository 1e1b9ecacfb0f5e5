import type { NodeTemplate } from '../../core/model/template.ts';

/** What a node produced in the last run: the preview node shows images, plays video/audio, shows text. */
export function NodeResult(_props: { id: string; template: NodeTemplate }) {
  return null;
}
