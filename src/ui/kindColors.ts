import type { FieldKind, OutputKind } from '../core/model/template.ts';

/** The one colour palette for port kinds: handles, wires, badges and the minimap all read it. */
export const KIND_COLORS: Record<FieldKind | OutputKind, string> = {
  text: '#f2b632',
  enum: '#f2b632',
  image: '#4f9dff',
  video: '#a77bff',
  audio: '#3fc78a',
  integer: '#2ec4b6',
  number: '#2ec4b6',
  boolean: '#ff6fae',
  json: '#9aa3b2',
  file: '#d9895b',
};

const FALLBACK = '#9aa3b2';

export function kindColor(kind: string | undefined): string {
  return (kind && (KIND_COLORS as Record<string, string>)[kind]) || FALLBACK;
}
