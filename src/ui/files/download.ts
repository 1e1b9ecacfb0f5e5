/** A safe file name for a graph: its name without characters file systems refuse, plus `.weft.json`. */
export function graphFileName(name: string): string {
  const printable = [...name].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c)).join('');
  const base = printable
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 120)
    .trim();
  return `${base || 'Untitled'}.weft.json`;
}

/** Starts a browser download of `data` as `fileName` (graph files, saved results). */
export function downloadData(data: string | Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([typeof data === 'string' ? data : data.slice()], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Long enough for a large video to be handed to the download manager.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Starts a browser download of `text` as `fileName`. */
export function downloadText(text: string, fileName: string, type = 'application/json'): void {
  downloadData(text, fileName, type);
}
