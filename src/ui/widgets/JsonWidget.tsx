import { useState } from 'react';
import type { WidgetProps } from './types.ts';

function show(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

/**
 * A JSON editor for anything the compiler could not map to a simpler widget. Text that does not parse
 * is kept in the box with the parse error under it, and the stored value stays the last valid one.
 */
export function JsonWidget({ inputId, value, onChange, invalid }: WidgetProps) {
  const [draft, setDraft] = useState<{ text: string; error: string | null; for: unknown } | null>(null);
  const live = draft && draft.for === value ? draft : null;
  return (
    <>
      <textarea
        id={inputId}
        className="nodrag nowheel weft-input weft-textarea weft-mono"
        rows={3}
        spellCheck={false}
        value={live ? live.text : show(value)}
        aria-invalid={invalid || live?.error ? true : undefined}
        placeholder="JSON"
        onChange={(e) => {
          const text = e.target.value;
          if (text.trim() === '') {
            setDraft({ text, error: null, for: undefined });
            onChange(undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(text);
            setDraft({ text, error: null, for: parsed });
            onChange(parsed);
          } catch (error) {
            setDraft({ text, error: error instanceof Error ? error.message : 'Invalid JSON', for: value });
          }
        }}
      />
      {live?.error ? <div className="weft-problem">Invalid JSON: {live.error}</div> : null}
    </>
  );
}
