import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import './menu.css';

/** One entry of a menu. `shortcut` is shown beside it as the keys that do the same (`Ctrl+D`). */
export interface MenuItem {
  label: string;
  onSelect(): void;
  shortcut?: string;
  /** A second line, smaller: what the item does. */
  hint?: string;
  disabled?: boolean;
  /** A toggle that is on (Bypass on a bypassed node): shown checked, announced as `menuitemcheckbox`. */
  checked?: boolean;
  danger?: boolean;
}

export type MenuEntry = MenuItem | 'separator';

interface Props {
  /** The menu's accessible name ("Node", "Canvas", "File"). */
  label: string;
  /** Where its top-left corner goes, in client pixels (moved inside the window if it would overflow). */
  at: { x: number; y: number };
  items: readonly MenuEntry[];
  onClose(): void;
  /** Focus goes back here when the menu closes (the button that opened it), else where it was. */
  returnFocus?: HTMLElement | null;
}

/** `Ctrl+Shift+S` → the aria-keyshortcuts form `Control+Shift+S`. */
function ariaKeys(shortcut: string): string {
  return shortcut
    .split(' · ')
    .map((keys) => keys.replace(/\bCtrl\b/g, 'Control').replace(/\bDel\b/g, 'Delete'))
    .join(' ');
}

const ITEMS = '[role^="menuitem"]:not([aria-disabled="true"])';

/**
 * A menu (WAI-ARIA menu pattern): opens with its first item focused; arrow keys, Home and End move,
 * Enter or Space chooses, Escape or Tab closes, and so does a press anywhere else. Every item shows
 * its keyboard shortcut. Disabled items stay in the list (so users learn they exist) but are skipped.
 */
export function Menu({ label, at, items, onClose, returnFocus }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const [place, setPlace] = useState(at);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    setPlace({ x: Math.max(4, Math.min(at.x, window.innerWidth - width - 4)), y: Math.max(4, Math.min(at.y, window.innerHeight - height - 4)) });
    el.querySelector<HTMLElement>(ITEMS)?.focus();
  }, [at]);

  useEffect(() => {
    const opener = returnFocus ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    const menu = ref.current;
    const outside = (e: Event) => {
      if (ref.current?.contains(e.target as Node)) return;
      close.current();
    };
    const blur = () => close.current();
    document.addEventListener('pointerdown', outside, true);
    document.addEventListener('wheel', outside, true);
    window.addEventListener('blur', blur);
    window.addEventListener('resize', blur);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('wheel', outside, true);
      window.removeEventListener('blur', blur);
      window.removeEventListener('resize', blur);
      // Back to the opener, unless the choice moved focus on purpose (a dialog, a field).
      const active = document.activeElement;
      if (opener?.isConnected && (active === null || active === document.body || menu?.contains(active))) opener.focus();
    };
  }, [returnFocus]);

  const onKeyDown = (e: KeyboardEvent) => {
    const list = [...(ref.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])];
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      e.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at < 0 ? list.length - 1 : at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(list.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      close.current();
    }
  };

  return (
    <div ref={ref} className="weft-menu" role="menu" aria-label={label} style={{ left: place.x, top: place.y }} onKeyDown={onKeyDown} onContextMenu={(e) => e.preventDefault()}>
      {items.map((item, i) =>
        item === 'separator' ? (
          <div key={`sep-${i}`} role="separator" className="weft-menu__separator" />
        ) : (
          <button
            key={item.label}
            type="button"
            role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
            aria-checked={item.checked}
            aria-disabled={item.disabled || undefined}
            aria-keyshortcuts={item.shortcut ? ariaKeys(item.shortcut) : undefined}
            aria-describedby={item.hint ? `${id}-${i}` : undefined}
            tabIndex={-1}
            className={`weft-menu__item${item.danger ? ' is-danger' : ''}`}
            onClick={() => {
              if (item.disabled) return;
              close.current();
              item.onSelect();
            }}
          >
            <span className="weft-menu__check" aria-hidden="true">
              {item.checked ? '✓' : ''}
            </span>
            <span className="weft-menu__label">
              {item.label}
              {item.hint ? (
                <span id={`${id}-${i}`} className="weft-menu__hint" aria-hidden="true">
                  {item.hint}
                </span>
              ) : null}
            </span>
            {/* Said through aria-keyshortcuts and aria-describedby, so the item's name is its label alone. */}
            {item.shortcut ? (
              <kbd className="weft-menu__keys" aria-hidden="true">
                {item.shortcut}
              </kbd>
            ) : null}
          </button>
        ),
      )}
    </div>
  );
}
