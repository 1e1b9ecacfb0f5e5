/** A 2×2 PNG in one colour (valid, tiny), so each picked file has its own content hash. */
export function png(r: number, g: number, b: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const row = [0, r, g, b, r, g, b];
  // Uncompressed deflate block holding both rows.
  const raw = Buffer.from([...row, ...row]);
  const adler = (() => {
    let a = 1;
    let s = 0;
    for (const x of raw) {
      a = (a + x) % 65521;
      s = (s + a) % 65521;
    }
    const out = Buffer.alloc(4);
    out.writeUInt32BE(((s << 16) | a) >>> 0);
    return out;
  })();
  const len = Buffer.alloc(2);
  len.writeUInt16LE(raw.length);
  const nlen = Buffer.alloc(2);
  nlen.writeUInt16LE(~raw.length & 0xffff);
  const idat = Buffer.concat([Buffer.from([0x78, 0x01, 0x01]), len, nlen, raw, adler]);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
