/** The JPEG with an EXIF APP1 segment (big- or little-endian TIFF) holding one orientation tag, inserted after SOI. */
export function withOrientation(jpeg: Uint8Array, orientation: number, little = false): Uint8Array {
  const w16 = (n: number) => (little ? [n & 255, n >> 8] : [n >> 8, n & 255]);
  const w32 = (n: number) => (little ? [n & 255, (n >> 8) & 255, 0, 0] : [0, 0, (n >> 8) & 255, n & 255]);
  const tiff = [...(little ? [0x49, 0x49] : [0x4d, 0x4d]), ...w16(42), ...w32(8), ...w16(1), ...w16(0x0112), ...w16(3), ...w32(1), ...w16(orientation), 0, 0, ...w32(0)];
  const body = [...'Exif'].map((c) => c.charCodeAt(0)).concat(0, 0, ...tiff);
  const app1 = [0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255, ...body];
  return new Uint8Array([...jpeg.subarray(0, 2), ...app1, ...jpeg.subarray(2)]);
}
