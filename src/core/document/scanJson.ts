import { appendPath, formatPath, type PathSegment } from './paths.ts';

export type ScanCode = 'json-syntax' | 'too-deep' | 'forbidden-key' | 'duplicate-key';

/** Why a text is refused, where (offset into the text), and at which JSON path. */
export interface ScanFailure {
  code: ScanCode;
  detail: string;
  offset: number;
  path: PathSegment[];
}

export interface ScanOptions {
  maxDepth: number;
  forbiddenKeys: ReadonlySet<string>;
  /** Called with each value's formatted path and offset (used to locate issues; slower). */
  onValue?: (path: string, offset: number) => void;
}

class Stop {
  constructor(readonly failure: ScanFailure | null) {}
}

/**
 * Checks a text against the JSON grammar without building anything, and refuses what must never reach
 * `JSON.parse`: nesting deeper than `maxDepth`, forbidden keys (also when spelled with escapes) and
 * duplicate keys (which parsers resolve differently). Returns `null` when the text is safe to parse.
 * Gives the same located messages in every browser and in Node, unlike `JSON.parse` errors.
 */
export function scanJson(text: string, options: ScanOptions): ScanFailure | null {
  const { maxDepth, forbiddenKeys, onValue } = options;
  const n = text.length;
  const segments: PathSegment[] = [];
  let pos = 0;

  const fail = (code: ScanCode, detail: string, at = pos): never => {
    throw new Stop({ code, detail, offset: at, path: [...segments] });
  };
  const describeHere = (): string => (pos >= n ? 'the end of the file' : JSON.stringify(text[pos]));
  const skipSpace = (): void => {
    for (; pos < n; pos++) {
      const c = text.charCodeAt(pos);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
    }
  };

  /** Reads a string starting at its opening quote; returns its decoded text when `decode` is set. */
  const readString = (decode: boolean): string => {
    const open = pos++;
    let escaped = false;
    for (;;) {
      if (pos >= n) fail('json-syntax', 'unterminated string', open);
      const c = text.charCodeAt(pos);
      if (c === 34) break;
      if (c < 32) fail('json-syntax', 'control character in a string (write it as an escape such as \\n)');
      if (c === 92) {
        escaped = true;
        const e = text[pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) fail('json-syntax', 'bad \\u escape');
          pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) pos += 2;
        else fail('json-syntax', 'bad escape in a string');
      } else pos++;
    }
    pos++;
    if (!decode) return '';
    return escaped ? (JSON.parse(text.slice(open, pos)) as string) : text.slice(open + 1, pos - 1);
  };

  const readDigits = (): void => {
    const start = pos;
    while (pos < n && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++;
    if (pos === start) fail('json-syntax', 'invalid number: expected a digit');
  };

  const readNumber = (): void => {
    if (text[pos] === '-') pos++;
    if (text[pos] === '0') pos++;
    else readDigits();
    if (text[pos] === '.') {
      pos++;
      readDigits();
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos++;
      if (text[pos] === '+' || text[pos] === '-') pos++;
      readDigits();
    }
  };

  const readValue = (depth: number, path: string): void => {
    skipSpace();
    if (pos >= n) fail('json-syntax', 'unexpected end of the file: a value is missing');
    onValue?.(path, pos);
    const c = text[pos]!;
    if (c === '{' || c === '[') {
      if (depth > maxDepth) fail('too-deep', `nesting is deeper than ${maxDepth} levels`);
      if (c === '{') readObject(depth, path);
      else readArray(depth, path);
    } else if (c === '"') readString(false);
    else if (c === '-' || (c >= '0' && c <= '9')) readNumber();
    else if (text.startsWith('true', pos)) pos += 4;
    else if (text.startsWith('false', pos)) pos += 5;
    else if (text.startsWith('null', pos)) pos += 4;
    else fail('json-syntax', `unexpected ${describeHere()}: expected a value`);
  };

  const readObject = (depth: number, path: string): void => {
    pos++;
    skipSpace();
    if (text[pos] === '}') {
      pos++;
      return;
    }
    const keys = new Set<string>();
    for (;;) {
      skipSpace();
      if (text[pos] !== '"') fail('json-syntax', `unexpected ${describeHere()}: expected a property name in double quotes`);
      const keyAt = pos;
      const key = readString(true);
      segments.push(key);
      if (forbiddenKeys.has(key)) fail('forbidden-key', `the key "${key}" is not allowed anywhere in a graph file`, keyAt);
      if (keys.has(key)) fail('duplicate-key', `the key "${key}" appears twice in the same object`, keyAt);
      keys.add(key);
      skipSpace();
      if (text[pos] !== ':') fail('json-syntax', `unexpected ${describeHere()}: expected ":" after a property name`);
      pos++;
      readValue(depth + 1, onValue ? appendPath(path, key) : '');
      segments.pop();
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] === '}') {
        pos++;
        return;
      } else fail('json-syntax', `unexpected ${describeHere()}: expected "," or "}" after a property value`);
    }
  };

  const readArray = (depth: number, path: string): void => {
    pos++;
    skipSpace();
    if (text[pos] === ']') {
      pos++;
      return;
    }
    for (let i = 0; ; i++) {
      segments.push(i);
      readValue(depth + 1, onValue ? appendPath(path, i) : '');
      segments.pop();
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] === ']') {
        pos++;
        return;
      } else fail('json-syntax', `unexpected ${describeHere()}: expected "," or "]" after an array item`);
    }
  };

  try {
    readValue(1, '');
    skipSpace();
    if (pos < n) fail('json-syntax', `unexpected ${describeHere()} after the end of the document`);
    return null;
  } catch (error) {
    if (error instanceof Stop) return error.failure;
    if (error instanceof RangeError) {
      return { code: 'too-deep', detail: 'nesting is too deep to read', offset: pos, path: [...segments] };
    }
    throw error;
  }
}

/** 1-based line and column of an offset into a text. */
export interface TextPlace {
  line: number;
  column: number;
}

/** Converts offsets into 1-based line:column, in one pass over the text. */
export function placesOf(text: string, offsets: readonly number[]): Map<number, TextPlace> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const places = new Map<number, TextPlace>();
  let line = 1;
  let lineStart = 0;
  let at = 0;
  for (const offset of sorted) {
    for (; at < offset && at < text.length; at++) {
      if (text.charCodeAt(at) === 10) {
        line++;
        lineStart = at + 1;
      }
    }
    places.set(offset, { line, column: offset - lineStart + 1 });
  }
  return places;
}

/**
 * Finds where each wanted path's value starts in a (valid) JSON text. A path not in the text (a
 * missing key) is placed at its nearest ancestor that is. Returns line:column per wanted path.
 */
export function locatePaths(text: string, wanted: readonly (readonly PathSegment[])[]): Map<string, TextPlace> {
  const prefixes = new Set<string>();
  for (const segments of wanted) {
    for (let i = 0; i <= segments.length; i++) prefixes.add(formatPath(segments.slice(0, i)));
  }
  const offsets = new Map<string, number>();
  scanJson(text, {
    maxDepth: Infinity,
    forbiddenKeys: new Set(),
    onValue: (path, offset) => {
      if (prefixes.has(path) && !offsets.has(path)) offsets.set(path, offset);
    },
  });
  const places = placesOf(text, [...offsets.values()]);
  const result = new Map<string, TextPlace>();
  for (const segments of wanted) {
    for (let i = segments.length; i >= 0; i--) {
      const offset = offsets.get(formatPath(segments.slice(0, i)));
      if (offset !== undefined) {
        result.set(formatPath(segments), places.get(offset)!);
        break;
      }
    }
  }
  return result;
}
