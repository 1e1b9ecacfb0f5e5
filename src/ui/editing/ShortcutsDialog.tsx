import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './useShortcuts.ts';

/** The list of keyboard shortcuts (`?`). A modal dialog: Escape or the button closes it. */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div className="weft-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="weft-modal weft-shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby="weft-shortcuts-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id="weft-shortcuts-title" className="weft-modal__title">Keyboard shortcuts</h2>
        <table className="weft-shortcuts__table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  {s.keys.split(' · ').map((k, i) => (
                    <span key={k}>
                      {i > 0 ? ' or ' : null}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </th>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="weft-modal__actions">
          <button ref={closeRef} type="button" className="weft-button weft-button--primary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
