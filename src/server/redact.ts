import { Transform } from 'node:stream';

/**
 * Defence in depth: an upstream that echoes the key back (in an error message, a debug header) must not
 * hand it to the page. Text bodies are rewritten while streaming, holding back only the last
 * `key.length - 1` bytes of each chunk so a key split across chunks is still caught.
 */

export const REDACTED = '[redacted]';

/** A stream that replaces every occurrence of `secret` with `[redacted]`. */
export function createRedactor(secret: string): Transform {
  if (!secret) throw new Error('createRedactor needs a non-empty secret');
  const key = Buffer.from(secret);
  const mark = Buffer.from(REDACTED);
  let pending = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      // A match starting before safeEnd lies wholly inside buf; later bytes may start a match.
      const safeEnd = Math.max(0, buf.length - key.length + 1);
      const parts: Buffer[] = [];
      let pos = 0;
      for (let i = buf.indexOf(key, pos); i !== -1 && i < safeEnd; i = buf.indexOf(key, pos)) {
        parts.push(buf.subarray(pos, i), mark);
        pos = i + key.length;
      }
      const end = Math.max(pos, safeEnd);
      parts.push(buf.subarray(pos, end));
      pending = Buffer.from(buf.subarray(end));
      done(null, Buffer.concat(parts));
    },
    flush(done) {
      done(null, pending);
    },
  });
}

/** `text` with every occurrence of each secret replaced. */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(REDACTED);
  return out;
}

/** Whether a content type is text a key could be echoed in (JSON, text, XML, or unknown). */
export function isTextLike(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' || type.startsWith('text/') || type.endsWith('json') || type.endsWith('+json') || type.endsWith('xml') || type === 'application/javascript' || type === 'application/x-www-form-urlencoded';
}
