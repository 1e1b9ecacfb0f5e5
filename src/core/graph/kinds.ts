import type { Field, OutputKind } from '../model/template.ts';

/** True when every option of an enum field is a number (so numeric outputs may feed it). */
function hasNumericOptions(field: Field): boolean {
  const options = field.options ?? [];
  return options.length > 0 && options.every((option) => typeof option.value === 'number');
}

/**
 * The output kinds a field takes a wire from. `field.accepts` overrides the rule by kind; otherwise:
 * text ← text; enum ← text (value checked later), and integer/number when its options are numeric;
 * integer ← integer; number ← integer, number; boolean, image, video, audio, json ← the same kind.
 */
export function acceptedKinds(field: Field): OutputKind[] {
  if (field.accepts) return field.accepts;
  switch (field.kind) {
    case 'text':
      return ['text'];
    case 'enum':
      return hasNumericOptions(field) ? ['text', 'integer', 'number'] : ['text'];
    case 'integer':
      return ['integer'];
    case 'number':
      return ['integer', 'number'];
    case 'boolean':
    case 'image':
    case 'video':
    case 'audio':
    case 'json':
      return [field.kind];
  }
}

/** Whether an output of `kind` may feed `field` (kinds only; list and capacity rules are separate). */
export function acceptsKind(field: Field, kind: OutputKind): boolean {
  return acceptedKinds(field).includes(kind);
}

/** "image", "text or integer", "image, video, audio or text": kinds joined for a human reason. */
export function joinKinds(kinds: readonly string[]): string {
  if (kinds.length <= 1) return kinds[0] ?? 'nothing';
  return `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
}
