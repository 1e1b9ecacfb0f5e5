import type { FitGeometry } from '../../core/media/fitGeometry.ts';

/**
 * ffmpeg filter text for the core's decisions: a fit geometry as crop → scale → pad (the same
 * rectangles the browser draws), EXIF orientation as transposes, colours as 0xRRGGBBAA.
 */

export function colourOf([r, g, b, a]: readonly number[]): string {
  return `0x${[r, g, b, a].map((n) => (n ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

/** `crop=…,scale=…,setsar=1[,pad=…]` for a geometry (a full-frame crop costs nothing). */
export function fitFilter(g: FitGeometry, background: readonly number[]): string {
  const { source: s, target: t } = g;
  const steps = [`crop=${s.width}:${s.height}:${s.x}:${s.y}`, `scale=${t.width}:${t.height}:flags=lanczos`, 'setsar=1'];
  if (t.x !== 0 || t.y !== 0 || t.width !== g.width || t.height !== g.height) steps.push(`pad=${g.width}:${g.height}:${t.x}:${t.y}:color=${colourOf(background)}`);
  return steps.join(',');
}

/** The filters that turn a stored image into its EXIF orientation (1 = none). */
export function orientationFilter(orientation: number): string[] {
  switch (orientation) {
    case 2: return ['hflip'];
    case 3: return ['hflip', 'vflip'];
    case 4: return ['vflip'];
    case 5: return ['transpose=0'];
    case 6: return ['transpose=1'];
    case 7: return ['transpose=3'];
    case 8: return ['transpose=2'];
    default: return [];
  }
}
