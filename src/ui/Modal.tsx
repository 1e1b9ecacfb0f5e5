import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './modal.css';

interface Props {
  title: string;
  /** A line under the title. */
  subtitle?: ReactNode;
  onClose(): void;
  children: ReactNode;
  /** Buttons along the bottom. */
  footer?: ReactNode;
  wide?: boolean;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog (the native `<dialog>` in the top layer, so the page behind is inert): labelled by its
 * title, focus kept inside (Tab wraps), Escape or the × closes it, and focus returns to whatever
 * opened it.
 */
export function Modal({ title, subtitle, onClose, children, footer, wide }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault(); // React decides when it closes
      closeRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDialogElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab') return;
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null && el.closest('dialog') === e.currentTarget);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog ref={ref} className={`weft-modal${wide ? ' weft-modal--wide' : ''}`} aria-labelledby={titleId} onKeyDown={onKeyDown}>
      <header className="weft-modal__header">
        <div>
          <h2 id={titleId} className="weft-modal__title">{title}</h2>
          {subtitle ? <p className="weft-modal__subtitle">{subtitle}</p> : null}
        </div>
        <button type="button" className="weft-icon-button weft-modal__close" aria-label={`Close ${title}`} onClick={onClose}>
          ×
        </button>
      </header>
      <div className="weft-modal__body">{children}</div>
      {footer ? <footer className="weft-modal__footer">{footer}</footer> : null}
    </dialog>
  );
}
