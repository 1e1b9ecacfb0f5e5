/** Readable English titles from RunningHub's slug-like `name_en` ("kling-v3.0-pro-image-to-video" → "Kling v3.0 Pro Image to Video"). */

const SPECIAL: Record<string, string> = {
  gpt: 'GPT', ltx: 'LTX', rh: 'RH', rhart: 'RHArt', hd: 'HD', cgi: 'CGI', lora: 'LoRA', hypir: 'HYPIR',
  i2v: 'I2V', t2v: 'T2V', t2i: 'T2I', cv: 'CV', xai: 'xAI', tts: 'TTS', fps: 'FPS', ai: 'AI', '3d': '3D',
  '4k': '4K', std: 'Std', runwayml: 'RunwayML', minimax: 'MiniMax', pixverse: 'PixVerse', skyreels: 'SkyReels',
};
const SMALL = new Set(['to', 'and', 'of', 'with', 'in', 'for']);

function word(token: string, first: boolean): string {
  const lower = token.toLowerCase();
  if (SPECIAL[lower]) return SPECIAL[lower];
  if (/^sd\d/.test(lower)) return token.toUpperCase();
  if (/^v\d/.test(lower)) return lower; // versions keep the provider's spelling: v3.0
  if (!first && SMALL.has(lower)) return lower;
  return token.charAt(0).toUpperCase() + token.slice(1);
}

/** Turns a RunningHub `name_en` into a title; variant suffixes become a parenthesised note. */
export function titleFromRunningHubName(nameEn: string): string {
  let base = nameEn.trim();
  const notes: string[] = [];
  const deprecated = /^(.*?)-?\[deprecated\]\s*(.*)$/i.exec(base);
  if (deprecated) {
    base = deprecated[1] ?? '';
    notes.push(deprecated[2] ? `deprecated: ${deprecated[2].replace(/^please\s+/i, '')}` : 'deprecated');
  }
  const official = /-official(-stable)?$/.exec(base);
  if (official) { base = base.slice(0, official.index); notes.unshift(official[1] ? 'official stable' : 'official'); }
  if (/[/-]channel-low-price\b/.test(base)) { base = base.replace(/[/-]channel-low-price\b/, ''); notes.unshift('low-price channel'); }
  const tokens = base.split(/[/\s_-]+/).filter((t) => t !== '');
  const title = tokens.map((t, i) => word(t, i === 0)).join(' ') || nameEn.trim();
  return notes.length ? `${title} (${notes.join(', ')})` : title;
}
