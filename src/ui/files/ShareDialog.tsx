import { useState } from 'react';
import { Dialog } from './Dialog.tsx';
import { copyText } from './shareActions.ts';

/** The share link, selectable and copyable, with what it does and does not carry. */
export function ShareDialog({ link, copied, onClose }: { link: string; copied: boolean; onClose(): void }) {
  const [state, setState] = useState<'copied' | 'idle' | 'failed'>(copied ? 'copied' : 'idle');
  const kb = Math.max(1, Math.round(link.length / 1024));
  return (
    <Dialog
      title="Share this graph"
      onClose={onClose}
      className="weft-share"
      footer={
        <>
          <button type="button" className="weft-button" onClick={onClose}>
            Done
          </button>
          <button
            type="button"
            className="weft-button weft-button--primary"
            data-autofocus
            onClick={() => void copyText(link).then((ok) => setState(ok ? 'copied' : 'failed'))}
          >
            {state === 'copied' ? 'Copied ✓' : 'Copy link'}
          </button>
        </>
      }
    >
      <p>
        {state === 'copied' ? 'The link is on your clipboard. ' : state === 'failed' ? 'This browser did not allow copying: select the link and copy it. ' : ''}
        Anyone who opens it gets this pipeline as it is now.
      </p>
      <input className="weft-share__link" aria-label="Share link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
      <ul className="weft-share__facts">
        <li>The graph travels inside the link, after the “#”: it is never sent to a server (about {kb} KB).</li>
        <li>It carries the prompts, values and media URLs in the graph — never API keys.</li>
        <li>Opening it keeps the recipient’s own work: theirs goes to Recent first.</li>
      </ul>
    </Dialog>
  );
}
