import { useState } from 'react';
import type { WidgetProps } from './types.ts';

function show(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/**
 * A number input with the field's min/max/step. It keeps what the user typed ("1.", "-") while they
 * type and stores a number only when the text is one; empty means "not set".
 */
export function NumberWidget({ inputId, field, value, onChange, invalid }: WidgetProps) {
  const [draft, setDraft] = useState<{ text: string; for: unknown } | null>(null);
  const text = draft && draft.for === value ? draft.text : show(value);
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
      value={text}
      aria-invalid={invalid || undefined}
      placeholder={field.min !== undefined && field.max !== undefined ? `${field.min} – ${field.max}` : ''}
      onChange={(e) => {
        const raw = e.target.value;
        const n = raw.trim() === '' ? undefined : Number(raw);
        const next = n === undefined || Number.isFinite(n) ? n : value;
        setDraft({ text: raw, for: next });
        if (next !== value) onChange(next);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
