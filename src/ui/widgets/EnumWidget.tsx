import type { EnumValue } from '../../core/model/template.ts';
import type { WidgetProps } from './types.ts';

const UNSET = '';

/**
 * A dropdown of the provider's options, showing their labels and storing their typed values. A value
 * the options no longer allow (an old graph) stays visible, marked, instead of silently changing.
 */
export function EnumWidget({ inputId, field, value, onChange, invalid }: WidgetProps) {
  const options = field.options ?? [];
  const index = options.findIndex((o) => o.value === value);
  const orphan = value !== undefined && index < 0;
  const selected = index >= 0 ? String(index) : orphan ? 'orphan' : UNSET;
  return (
    <select
      id={inputId}
      className="nodrag weft-input weft-select"
      value={selected}
      aria-invalid={invalid || undefined}
      onChange={(e) => {
        const v = e.target.value;
        if (v === UNSET) onChange(undefined);
        else if (v !== 'orphan') onChange((options[Number(v)]?.value ?? undefined) as EnumValue | undefined);
      }}
    >
      {(index < 0 && !orphan) || (!field.required && field.default === undefined) ? <option value={UNSET}>—</option> : null}
      {orphan ? <option value="orphan">{`${String(value)} (not allowed)`}</option> : null}
      {options.map((o, i) => (
        <option key={i} value={String(i)}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
