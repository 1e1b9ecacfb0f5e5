import { Dialog } from './Dialog.tsx';
import type { Report, ReportItem } from './fileState.ts';
import { updateDriftedNodes } from './updateSchema.ts';

function place(item: ReportItem): string {
  const parts = [item.path || 'the whole file'];
  if (item.line !== undefined) parts.push(`line ${item.line}${item.column !== undefined ? `, column ${item.column}` : ''}`);
  return parts.join(' · ');
}

function Items({ items, kind }: { items: ReportItem[]; kind: 'error' | 'warning' }) {
  if (items.length === 0) return null;
  return (
    <section className={`weft-report__section is-${kind}`}>
      <h3>
        {items.length} {kind === 'error' ? (items.length === 1 ? 'error' : 'errors') : items.length === 1 ? 'warning' : 'warnings'}
      </h3>
      <ul className="weft-report__list">
        {items.map((item, i) => (
          <li key={i} className="weft-report__item">
            <span className="weft-report__icon" aria-hidden="true">{kind === 'error' ? '✕' : '!'}</span>
            <span className="weft-report__text">
              <span className="weft-report__message">{item.message}</span>
              {item.where ? <span className="weft-report__where">{item.where}</span> : null}
              <code className="weft-report__place">{place(item)}</code>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What happened when a file or link was opened (warnings, or errors and "unchanged"), or why a save was refused. */
export function ReportDialog({ report, onClose }: { report: Report; onClose(): void }) {
  const failed = report.errors.length > 0;
  // An endpoint changed since the file was saved: offer to take its current schema (one undo step).
  const drifted = !failed && report.warnings.some((w) => w.code === 'schema-drift');
  return (
    <Dialog
      title={report.title}
      onClose={onClose}
      tone={failed ? 'error' : 'normal'}
      className="weft-report"
      footer={
        <>
          {drifted ? (
            <button
              type="button"
              className="weft-button"
              title="Drop the values the changed endpoints no longer take, so their defaults apply (Ctrl+Z undoes it)"
              onClick={() => void updateDriftedNodes().then(onClose)}
            >
              Update to the current schema
            </button>
          ) : null}
          <button type="button" className="weft-button weft-button--primary" onClick={onClose} data-autofocus>
            {failed ? 'Close' : 'Got it'}
          </button>
        </>
      }
    >
      <p className="weft-report__summary">{report.summary}</p>
      <Items items={report.errors} kind="error" />
      <Items items={report.warnings} kind="warning" />
    </Dialog>
  );
}
