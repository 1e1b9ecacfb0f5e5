/** Joins a stream of byte chunks into one array (the chunks are copied: a producer may reuse its buffers). */
export async function concatChunks(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of body) {
    if (!(part instanceof Uint8Array)) throw new TypeError('Byte chunks must be Uint8Arrays.');
    parts.push(part.slice());
    length += part.byteLength;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
