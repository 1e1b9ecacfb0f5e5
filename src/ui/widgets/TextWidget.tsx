import type { WidgetProps } from './types.ts';

/** A line for short text, a textarea for prompt-like text (`multiline`), capped at `maxLength`. */
export function TextWidget({ inputId, field, value, onChange, invalid }: WidgetProps) {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const common = {
    id: inputId,
    value: text,
    maxLength: field.maxLength,
    'aria-invalid': invalid || undefined,
    spellCheck: false,
  };
  if (field.multiline) {
    return (
      <textarea
        {...common}
        className="nodrag nowheel weft-input weft-textarea"
        rows={4}
        placeholder={field.placeholder ? `e.g. ${field.placeholder}` : field.required ? 'Required' : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <input
      {...common}
      type="text"
      className="nodrag weft-input"
      placeholder={field.placeholder ? `e.g. ${field.placeholder}` : field.required ? 'Required' : ''}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
