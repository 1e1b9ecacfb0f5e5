import { useState } from 'react';
import type { WidgetProps } from './types.ts';

function show(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/**
 * A number input with the field's min/max/step. While it has focus it shows exactly what the user
 * typed ("-", "1.", "") and stores a number whenever the text is one; empty means "not set" (the
 * default applies), shown once the input loses focus.
 */
export function NumberWidget({ inputId, field, value, onChange, invalid }: WidgetProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const step = field.step ?? (field.kind === 'integer' ? 1 : 'any');
  return (
    <input
      id={inputId}
      type="number"
      inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
      className="nodrag weft-input weft-number"
      min={field.min}
      max={field.max}
      step={step}
      value={draft ?? show(value)}
      aria-invalid={invalid || undefined}
      placeholder={field.min !== undefined && field.max !== undefined ? `${field.min} – ${field.max}` : ''}
      onChange={(e) => {
        const raw = e.target.value;
        setDraft(raw);
        if (raw.trim() === '') {
          // Chrome reports "" for a partial number ("-", "1e") too: keep the stored value until the text
          // is really empty (validity says whether the box holds something unparseable).
          if (!e.target.validity.badInput && value !== undefined) onChange(undefined);
          return;
        }
        const n = Number(raw);
        if (Number.isFinite(n) && n !== value) onChange(n);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
