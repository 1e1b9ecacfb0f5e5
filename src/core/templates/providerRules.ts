import type { Field, FieldRule, Problem } from '../model/template.ts';

/**
 * The provider's own per-field rules (RunComfy `validations`, RunningHub `maxSize`), beside JSON Schema:
 * text length rules checked with the payload, media size and pixel rules once the file is known.
 */

/** Checks one text rule of RunComfy's `validations`; media rules (size, pixels) wait for the file. */
export function checkTextRule(rule: FieldRule, value: unknown): boolean {
  if (typeof value !== 'string') return true;
  const limit = Number(rule.value);
  if (!Number.isFinite(limit)) return true;
  const n = [...value].length;
  switch (rule.rule.replace(/\s+/g, '')) {
    case 'length<=': return n <= limit;
    case 'length<': return n < limit;
    case 'length>=': return n >= limit;
    case 'length>': return n > limit;
    default: return true;
  }
}

/** Facts about a media file known once it is read: size in MB and pixel dimensions. */
export interface MediaFacts { sizeMb?: number; width?: number; height?: number }

/** Checks a media field's size and pixel rules (RunComfy `validations`, RunningHub `maxSize`) against a file. */
export function checkMediaFacts(field: Field, facts: MediaFacts): Problem[] {
  const problems: Problem[] = [];
  const fail = (message: string) => problems.push({ field: field.name, message, code: 'media_rule' });
  if (field.maxSizeMb !== undefined && facts.sizeMb !== undefined && facts.sizeMb > field.maxSizeMb) {
    fail(`${field.title} must be at most ${field.maxSizeMb} MB (the file is ${facts.sizeMb.toFixed(1)} MB)`);
  }
  for (const rule of field.rules ?? []) {
    const limit = Number(rule.value);
    const { sizeMb, width, height } = facts;
    const ratio = width !== undefined && height ? width / height : undefined;
    const checks: Record<string, [number | undefined, (a: number) => boolean]> = {
      'file_size_mb<': [sizeMb, (a) => a < limit], 'file_size_mb<=': [sizeMb, (a) => a <= limit],
      'width/height>': [ratio, (a) => a > limit], 'width/height<': [ratio, (a) => a < limit],
      'width/height>=': [ratio, (a) => a >= limit], 'width/height<=': [ratio, (a) => a <= limit],
      'width_pixels>': [width, (a) => a > limit], 'width_pixels<': [width, (a) => a < limit],
      'height_pixels>': [height, (a) => a > limit], 'height_pixels<': [height, (a) => a < limit],
    };
    const check = checks[rule.rule.replace(/\s+/g, '')];
    if (check && check[0] !== undefined && Number.isFinite(limit) && !check[1](check[0])) fail(rule.message);
  }
  return problems;
}
