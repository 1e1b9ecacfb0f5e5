import { parseLocalFileRef } from '../run/localFiles.ts';
import { LocalFileChooser } from '../run/LocalFileChooser.tsx';
import type { WidgetProps } from './types.ts';

function lines(value: unknown): string {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string').join('\n') : typeof value === 'string' ? value : '';
}

/**
 * A media URL. One field takes one URL; a list field takes one URL per line (wires add more). The URL
 * is only text here: nothing is fetched or shown from it in this widget. A single field can instead
 * take a file chosen (or dropped) in this browser, shown by name with a preview.
 */
export function MediaWidget({ inputId, field, value, onChange, invalid }: WidgetProps) {
  if (field.list) {
    return (
      <textarea
        id={inputId}
        className="nodrag nowheel weft-input weft-textarea weft-urls"
        rows={2}
        spellCheck={false}
        value={lines(value)}
        aria-invalid={invalid || undefined}
        placeholder={`One ${field.kind} URL per line, or wire ${field.kind}s in`}
        onChange={(e) => {
          const urls = e.target.value.split('\n');
          onChange(urls.length === 1 && urls[0] === '' ? undefined : urls);
        }}
        onBlur={(e) => {
          const urls = e.target.value.split('\n').map((u) => u.trim()).filter(Boolean);
          onChange(urls.length ? urls : undefined);
        }}
      />
    );
  }
  const kind = field.kind === 'video' || field.kind === 'audio' ? field.kind : 'image';
  const local = parseLocalFileRef(value) !== undefined;
  return (
    <LocalFileChooser kind={kind} value={value} onChange={onChange} wholeNode={!field.connectable}>
      {local ? null : (
        <input
          id={inputId}
          type="url"
          className="nodrag weft-input"
          spellCheck={false}
          value={typeof value === 'string' ? value : ''}
          aria-invalid={invalid || undefined}
          placeholder={`https://… ${field.kind} URL, or drop a file`}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        />
      )}
    </LocalFileChooser>
  );
}
