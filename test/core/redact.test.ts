import { describe, expect, it } from 'vitest';
import { isKeyShaped, redactDeep, redactSecrets, REDACTED, secretRedactor } from '../../src/core/redact.ts';

/** The one redaction (RELIABILITY promise 18): what it removes, and what it must leave alone. */

const KEY = 'rk-live-7Qx2mP9vL4sT8wZ1';
const HEX_KEY = '9f86d081884c7d659a2feaa0c55ad015'; // RunningHub keys are 32 hex characters

describe('redactSecrets removes', () => {
  const cases: [string, string, readonly string[]][] = [
    ['a configured key anywhere', `token ${KEY} is revoked`, [KEY]],
    ['a configured key percent-encoded', `GET /x?k=${encodeURIComponent('a/b+c=d-key-0001')}`, ['a/b+c=d-key-0001']],
    ['a configured key JSON-escaped', JSON.stringify({ m: 'k"ey\\with-quote-1234' }), ['k"ey\\with-quote-1234']],
    ['a bearer credential', 'upstream said Authorization: Bearer abc.def-ghi_jkl', []],
    ['a bearer credential in lower case', '"authorization":"bearer 12345678"', []],
    ['a basic credential', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', []],
    ['apiKey in JSON', '{"taskId":"1","apiKey":"secret-value-123"}', []],
    ['apikey in JSON with spaces', '{ "apikey" : "secret-value-123" }', []],
    ['api_key in a query string', 'https://x.example/cb?api_key=secret-value-123&a=1', []],
    ['apiKey= in a query string', '/api/webapp/apiCallDemo?apiKey=secret-value-123&webappId=1', []],
    ['x-api-key as a header line', 'x-api-key: secret-value-123', []],
    ['access_token in a form', 'grant=1&access_token=secret-value-123', []],
    ['a password field', "{'password': 'secret-value-123'}", []],
    ['an sk- key', 'use sk-proj-abcdefghijklmnop1234 instead', []],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', []],
    ['a long random token', `key ${HEX_KEY} refused`, []],
  ];
  for (const [what, text, known] of cases) {
    it(what, () => {
      const out = redactSecrets(text, known);
      expect(out).toContain(REDACTED);
      for (const secret of [...known, 'secret-value-123', 'abc.def-ghi_jkl', '12345678', 'dXNlcjpwYXNzd29yZA', 'sk-proj-abcdefghijklmnop1234', HEX_KEY, 'dozjgNryP4J3jVmNHl0w5N']) {
        expect(out).not.toContain(secret);
      }
    });
  }

  it('keeps field names and quotes, so the text still reads', () => {
    expect(redactSecrets('{"apiKey":"abc123456"}')).toBe('{"apiKey":"[redacted]"}');
    expect(redactSecrets('?apikey=abc123456&x=1')).toBe('?apikey=[redacted]&x=1');
    expect(redactSecrets('Authorization: Bearer abc123456')).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets(`${KEY}${KEY}`, [KEY])).toBe(`${REDACTED}${REDACTED}`);
  });

  it('removes a configured key that contains another whole', () => {
    expect(redactSecrets(`k=${KEY}-extended`, [KEY, `${KEY}-extended`])).toBe(`k=${REDACTED}`);
  });
});

describe('redactSecrets leaves alone', () => {
  const kept = [
    'RunComfy refused the API key (missing, expired or revoked).',
    'token missing or expired',
    'APIKEY_INVALID_NODE_INFO',
    '{"max_tokens": 512, "keyframes": 3}',
    'task 1904152026220003329 failed',
    'request 5f2c9a7e-11d0-4b3b-9c1e-5a7b3d2f4e6a not found',
    'https://cdn.runcomfy.net/outputs/clip.mp4',
    'Bearer',
  ];
  for (const text of kept) it(JSON.stringify(text), () => expect(redactSecrets(text)).toBe(text));

  it('a short configured key is not looked for (it would match ordinary text)', () => {
    expect(redactSecrets('abc', ['abc'])).toBe('abc');
  });

  it('data mode: removes configured keys and bearer credentials, keeps signed URLs and hash file names', () => {
    const signed = 'https://bucket.s3.amazonaws.com/o.png?X-Amz-Security-Token=FwoGZXIvYXdzEJr1234567890abcdefABCDEF&X-Amz-Signature=0a1b2c3d4e5f67890a1b2c3d4e5f6789';
    const upload = '{"fileName":"api/7f3a9c1e5b2d4f6a8c0e1f2a3b4c5d6e.png","download_url":"' + signed + '"}';
    expect(redactSecrets(upload, [], { kind: 'data' })).toBe(upload);
    expect(redactSecrets(`{"echo":"${KEY}","auth":"Bearer ${KEY}"}`, [KEY], { kind: 'data' })).toBe('{"echo":"[redacted]","auth":"Bearer [redacted]"}');
  });
});

describe('helpers', () => {
  it('secretRedactor closes over the keys; redactDeep walks values and keys', () => {
    const redact = secretRedactor([KEY]);
    expect(redact(`x ${KEY}`)).toBe(`x ${REDACTED}`);
    expect(redactDeep({ a: [`${KEY}`, 1, null], [KEY]: { b: `Bearer ${KEY}` } }, redact)).toEqual({ a: [REDACTED, 1, null], [REDACTED]: { b: `Bearer ${REDACTED}` } });
  });

  it('isKeyShaped: long, mixed, random; not UUIDs, words or numbers', () => {
    expect(isKeyShaped(HEX_KEY)).toBe(true);
    expect(isKeyShaped('5f2c9a7e-11d0-4b3b-9c1e-5a7b3d2f4e6a')).toBe(false);
    expect(isKeyShaped('a'.repeat(40))).toBe(false);
    expect(isKeyShaped('1904152026220003329190415202622000')).toBe(false);
  });
});
