import { useEffect, useId, useRef, type ReactNode } from 'react';
import './files.css';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons along the bottom. */
  footer?: ReactNode;
  /** Extra class (size variants). */
  className?: string;
  /** `alert` for errors the user must read. */
  tone?: 'normal' | 'error';
}

/**
 * A modal dialog on the native `<dialog>` element: focus moves in and is kept there, Escape and a
 * click on the backdrop close it, and focus returns to where it was.
 */
export function Dialog({ title, onClose, children, footer, className, tone = 'normal' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal focuses the first control (the close button); the dialog's main action is a better start.
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`weft-dialog${className ? ` ${className}` : ''}${tone === 'error' ? ' is-error' : ''}`}
      aria-labelledby={titleId}
      role={tone === 'error' ? 'alertdialog' : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onMouseDown={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="weft-dialog__frame">
        <header className="weft-dialog__header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="weft-icon-button" aria-label="Close dialog" title="Close (Esc)" onClick={onClose}>
            ✕
          </button>
        </header>
        <div className="weft-dialog__body">{children}</div>
        {footer ? <footer className="weft-dialog__footer">{footer}</footer> : null}
      </div>
    </dialog>
  );
}
