import { useState } from 'react';
import type { WidgetProps } from './types.ts';

function show(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

/**
 * A JSON editor for anything the compiler could not map to a simpler widget. While it has focus it
 * keeps the user's text as typed; text that does not parse shows the parse error under it and leaves
 * the stored value at the last valid one. Empty means "not set".
 */
export function JsonWidget({ inputId, value, onChange, invalid }: WidgetProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? show(value);
  let error: string | null = null;
  if (draft !== null && draft.trim() !== '') {
    try {
      JSON.parse(draft);
    } catch (e) {
      error = e instanceof Error ? e.message : 'Invalid JSON';
    }
  }
  return (
    <>
      <textarea
        id={inputId}
        className="nodrag nowheel weft-input weft-textarea weft-mono"
        rows={3}
        spellCheck={false}
        value={text}
        aria-invalid={invalid || error !== null || undefined}
        placeholder="JSON"
        onChange={(e) => {
          const next = e.target.value;
          setDraft(next);
          if (next.trim() === '') return onChange(undefined);
          try {
            onChange(JSON.parse(next));
          } catch {
            // keep the last valid value; the error shows under the box
          }
        }}
        onBlur={() => {
          if (error === null) setDraft(null);
        }}
      />
      {error !== null ? <div className="weft-problem">Invalid JSON: {error}</div> : null}
    </>
  );
}
