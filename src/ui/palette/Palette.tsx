import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { getTemplate, usePaletteEntries } from '../catalog.ts';
import { kindColor } from '../kindColors.ts';
import { providerLabel, type PaletteEntry } from '../catalogEntry.ts';
import { categoryLabel, entriesForWire, filterEntries, groupEntries, type WireFilter } from './paletteEntries.ts';

/** The drag-and-drop type of a palette row dragged onto the canvas (its value is the node type). */
export const NODE_DRAG_TYPE = 'application/x-weft-node';

interface Props {
  variant: 'side' | 'popup';
  onPick(entry: PaletteEntry): void;
  /** Escape on an empty search box (the popup closes). */
  onClose?(): void;
  autoFocus?: boolean;
  /** Only nodes that can take (or feed) a wire dropped on empty canvas. */
  wire?: WireFilter;
}

/**
 * The searchable list of every node type, grouped by provider and category. Type to filter (all words
 * must match), arrow keys move the highlight, Enter or a click adds the node; rows of the docked
 * palette can also be dragged onto the canvas.
 */
export function Palette({ variant, onPick, onClose, autoFocus, wire }: Props) {
  const all = usePaletteEntries();
  const entries = useMemo(() => (wire ? entriesForWire(all, wire) : all), [all, wire]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const listRef = useRef<HTMLDivElement>(null);

  const groups = useMemo(() => groupEntries(filterEntries(entries, query), query), [entries, query]);
  const flat = useMemo(() => groups.flatMap((g) => g.entries), [groups]);
  const current = Math.min(active, Math.max(flat.length - 1, 0));
  const optionId = (i: number) => `${listId}-opt-${i}`;

  useEffect(() => {
    if (flat.length === 0) return;
    const el = document.getElementById(optionId(current));
    el?.scrollIntoView({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current, flat]);

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const move = (delta: number) => {
      e.preventDefault();
      if (flat.length) setActive((Math.min(current, flat.length - 1) + delta + flat.length) % flat.length);
    };
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'PageDown') move(10);
    else if (e.key === 'PageUp') move(-10);
    else if (e.key === 'Enter') {
      e.preventDefault();
      const entry = flat[current];
      if (entry) onPick(entry);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (query) setQuery('');
      else onClose?.();
    }
  }

  let index = 0;
  return (
    <div className={`weft-palette weft-palette--${variant}`}>
      <div className="weft-palette__search">
        <input
          type="search"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={flat.length ? optionId(current) : undefined}
          aria-label="Search nodes"
          placeholder={`Search ${entries.length} nodes…`}
          className="weft-input"
          value={query}
          autoFocus={autoFocus}
          spellCheck={false}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <div className="weft-palette__list" role="listbox" id={listId} ref={listRef} aria-label="Nodes">
        {flat.length === 0 ? <div className="weft-palette__empty">No node matches “{query}”.</div> : null}
        {groups.map((g) => (
          <div key={g.key} role="group" aria-label={`${providerLabel(g.provider)} · ${g.category}`} className="weft-palette__group">
            <div className="weft-palette__group-head" aria-hidden="true">
              <span>{providerLabel(g.provider)}</span>
              <span className="weft-palette__sep">›</span>
              <span className="weft-palette__category">{categoryLabel(g.category)}</span>
              <span className="weft-palette__count">{g.entries.length}</span>
            </div>
            {g.entries.map((entry) => {
              const i = index++;
              return (
                <div
                  key={entry.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === current}
                  data-id={entry.id}
                  className={`weft-palette__row${i === current ? ' is-active' : ''}`}
                  title={`${entry.title}\n${entry.id}`}
                  onMouseEnter={() => {
                    setActive(i);
                    getTemplate(entry.id).catch(() => undefined);
                  }}
                  draggable={variant === 'side'}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(NODE_DRAG_TYPE, entry.id);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onMouseDown={(e) => {
                    if (variant === 'popup') e.preventDefault(); // keep focus in the search box
                  }}
                  onClick={() => onPick(entry)}
                >
                  <span className="weft-palette__title">{entry.title}</span>
                  {entry.output ? (
                    <span className="weft-palette__kind" style={{ color: kindColor(entry.output) }}>
                      {entry.output}
                      {entry.outputList ? '[]' : ''}
                    </span>
                  ) : null}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
