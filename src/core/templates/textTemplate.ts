/**
 * Text templates: `A {animal} in {place}, cinematic`. A placeholder is `{name}` where name matches
 * `[A-Za-z_][A-Za-z0-9_-]{0,63}`; `{{` and `}}` write a literal brace; any other brace is literal text
 * (so `{ x }`, `{1}` and a lone `{` are not placeholders). Names a saved file may not use as keys
 * (`__proto__`, `constructor`, `prototype`) are not placeholders either: they stay literal and
 * `templateTextProblems` says so. Pure string work, shared by the node's ports, its validator and the
 * executor.
 */

/** At most this many distinct placeholders become inputs; `templateTextProblems` reports a template with more. */
export const MAX_PLACEHOLDERS = 32;

const NAME = /([A-Za-z_][A-Za-z0-9_-]{0,63})\}/y;
/** The loader refuses these keys anywhere in a file (`FORBIDDEN_KEYS`), so no value may be stored under them. */
const RESERVED: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

type Part = { text: string } | { name: string };

/**
 * Splits a template into literal text (escapes resolved) and placeholders, left to right; reserved
 * names are kept as literal text and listed in `reserved` when given.
 */
function parse(text: string, reserved?: Set<string>): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i += 2;
      continue;
    }
    if (c === '{') {
      NAME.lastIndex = i + 1;
      const match = NAME.exec(text);
      if (match && RESERVED.has(match[1]!)) reserved?.add(match[1]!);
      else if (match) {
        if (literal) parts.push({ text: literal });
        literal = '';
        parts.push({ name: match[1]! });
        i = NAME.lastIndex;
        continue;
      }
    }
    literal += c;
    i++;
  }
  if (literal) parts.push({ text: literal });
  return parts;
}

/**
 * The placeholder names of a template in order of first appearance, each once, at most `max`
 * (default `MAX_PLACEHOLDERS`; pass `Infinity` to count them all).
 */
export function templatePlaceholders(text: string, max = MAX_PLACEHOLDERS): string[] {
  const names = new Set<string>();
  for (const part of parse(text)) {
    if ('name' in part) {
      if (names.size >= max && !names.has(part.name)) break;
      names.add(part.name);
    }
  }
  return [...names];
}

/**
 * The template with each placeholder replaced by its value in `vars` and `{{`/`}}` turned into single
 * braces. A placeholder without a value is kept as written (a missing value is the validator's
 * concern, and a visible `{name}` beats a silent gap).
 */
export function renderTemplate(text: string, vars: Readonly<Record<string, string>>): string {
  let out = '';
  for (const part of parse(text)) {
    if ('text' in part) out += part.text;
    else out += Object.hasOwn(vars, part.name) ? vars[part.name] : `{${part.name}}`;
  }
  return out;
}

/**
 * What is wrong with a template's text as a template, as sentences: more than `MAX_PLACEHOLDERS`
 * distinct placeholders (the rest get no input), or a reserved name written as a placeholder.
 */
export function templateTextProblems(text: string): string[] {
  const problems: string[] = [];
  const count = templatePlaceholders(text, Infinity).length;
  if (count > MAX_PLACEHOLDERS) {
    problems.push(`A template takes at most ${MAX_PLACEHOLDERS} placeholders; this one has ${count}, so the rest get no input`);
  }
  const reserved = new Set<string>();
  parse(text, reserved);
  for (const name of reserved) problems.push(`{${name}} cannot be a placeholder name; rename it (it is left as written)`);
  return problems;
}
