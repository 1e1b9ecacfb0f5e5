import { useState } from 'react';
import { Dialog } from './Dialog.tsx';
import { openGraphFromText } from './openActions.ts';
import { clearRecent, listRecent, type RecentGraph } from './recent.ts';

function when(at: number): string {
  const minutes = Math.round((Date.now() - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(at).toLocaleDateString();
}

/** Recent graphs kept in this browser with their text; one click reopens one. */
export function RecentDialog({ onClose }: { onClose(): void }) {
  const [list, setList] = useState<RecentGraph[]>(() => listRecent());
  return (
    <Dialog
      title="Recent graphs"
      onClose={onClose}
      className="weft-recent"
      footer={
        <button
          type="button"
          className="weft-button weft-button--danger"
          disabled={list.length === 0}
          onClick={() => {
            clearRecent();
            setList([]);
          }}
        >
          Clear list
        </button>
      }
    >
      {list.length === 0 ? <p className="weft-muted">Graphs you open, save or share appear here, kept in this browser.</p> : null}
      <ul className="weft-recent__list">
        {list.map((entry) => (
          <li key={`${entry.at}-${entry.name}`}>
            <button
              type="button"
              className="weft-recent__item"
              onClick={() => {
                onClose();
                void openGraphFromText(entry.text, { label: `"${entry.name}"`, how: 'reopened' });
              }}
            >
              <span className="weft-recent__name">{entry.name || 'Untitled'}</span>
              <span className="weft-recent__meta">
                {entry.how} · {when(entry.at)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
