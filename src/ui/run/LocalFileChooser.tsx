import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useUiStore } from '../../store/uiStore.ts';
import { parseLocalFileRef, storeLocalFile } from './localFiles.ts';
import { useBlobUrl } from './useBlobUrl.ts';

interface Props {
  kind: 'image' | 'video' | 'audio';
  /** The field's current value (a URL, or a `weft-file:` reference). */
  value: unknown;
  onChange(value: string | undefined): void;
  /** Also take files dropped anywhere on the node (the media input nodes, which have one field). */
  wholeNode: boolean;
  /** The URL box, drawn beside the button. */
  children?: ReactNode;
}

function article(kind: Props['kind']): string {
  return kind === 'image' ? 'an image' : kind === 'video' ? 'a video' : 'an audio';
}

/** A small preview of a chosen file. */
function Thumb({ kind, hash, name }: { kind: Props['kind']; hash: string; name: string }) {
  const { url, missing } = useBlobUrl(hash);
  if (missing) return <span className="weft-file__missing">Not stored in this browser: choose it again</span>;
  if (!url) return <span className="weft-file__thumb" aria-hidden="true" />;
  if (kind === 'image') return <img className="weft-file__thumb" src={url} alt={name} draggable={false} />;
  if (kind === 'video') return <video className="weft-file__thumb nodrag" src={url} muted preload="metadata" aria-label={name} />;
  return <audio className="weft-file__audio nodrag" src={url} controls preload="none" aria-label={name} />;
}

/**
 * "Choose file…" for a media field, and drag-and-drop of a file: the bytes are kept in this browser
 * (by content hash) and the field names them; shows the file's name and a preview, and a way back to a URL.
 */
export function LocalFileChooser({ kind, value, onChange, wholeNode, children }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const ref = parseLocalFileRef(value);
  const take = useRef<(file: File) => void>(() => {});
  take.current = (file: File) => {
    setBusy(true);
    storeLocalFile(file, kind).then(
      (next) => onChange(next),
      (error: unknown) => useUiStore.getState().showToast(error instanceof Error ? error.message : String(error), 'error'),
    ).finally(() => setBusy(false));
  };

  useEffect(() => {
    const target: HTMLElement | null | undefined = wholeNode ? root.current?.closest<HTMLElement>('.weft-node') : root.current;
    if (!target) return;
    const hasFile = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const over = (e: DragEvent) => {
      if (!hasFile(e)) return;
      e.preventDefault();
      e.stopPropagation();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      target.classList.add('is-file-over');
    };
    const leave = () => target.classList.remove('is-file-over');
    const drop = (e: DragEvent) => {
      if (!hasFile(e)) return;
      e.preventDefault();
      e.stopPropagation();
      target.classList.remove('is-file-over');
      const file = e.dataTransfer?.files[0];
      if (file) take.current(file);
    };
    target.addEventListener('dragover', over);
    target.addEventListener('dragleave', leave);
    target.addEventListener('drop', drop);
    return () => {
      target.removeEventListener('dragover', over);
      target.removeEventListener('dragleave', leave);
      target.removeEventListener('drop', drop);
    };
  }, [wholeNode]);

  const choose = (
    <button type="button" className="weft-button weft-file__choose" disabled={busy} aria-label={ref ? 'Choose another file…' : 'Choose file…'} title={`Choose ${article(kind)} file from this computer (or drop one on the node)`} onClick={() => input.current?.click()}>
      {busy ? 'Reading…' : ref ? 'Replace…' : 'File…'}
    </button>
  );
  return (
    <div ref={root} className="weft-file nodrag">
      {ref ? (
        <div className="weft-file__chosen">
          <Thumb kind={kind} hash={ref.hash} name={ref.name} />
          <span className="weft-file__name" title={ref.name}>
            {ref.name}
          </span>
          {choose}
          <button type="button" className="weft-icon-button" aria-label={`Remove ${ref.name}`} title="Remove the file (type a URL instead)" onClick={() => onChange(undefined)}>
            ✕
          </button>
        </div>
      ) : (
        <div className="weft-file__actions">
          {children}
          {choose}
        </div>
      )}
      <input
        ref={input}
        type="file"
        accept={`${kind}/*`}
        hidden
        aria-label={`Choose ${article(kind)} file`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) take.current(file);
        }}
      />
    </div>
  );
}
