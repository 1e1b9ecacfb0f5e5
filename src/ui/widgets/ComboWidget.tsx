import { useId } from 'react';
import type { WidgetProps } from './types.ts';

/**
 * An editable combo for an enum whose options are suggestions (`anyOf: [enum, free string]`, e.g.
 * OpenAI's `voice`): pick a suggestion or type any value. A typed label is stored as its option's value.
 */
export function ComboWidget({ inputId, field, value, onChange, invalid }: WidgetProps) {
  const listId = useId();
  const options = field.options ?? [];
  const text = value === undefined || value === null ? '' : String(value);
  return (
    <>
      <input
        id={inputId}
        type="text"
        className="nodrag weft-input weft-combo"
        list={listId}
        value={text}
        spellCheck={false}
        aria-invalid={invalid || undefined}
        placeholder={field.required ? 'Required: pick or type' : 'Pick or type'}
        onChange={(e) => {
          const typed = e.target.value;
          if (typed === '') return onChange(undefined);
          const byLabel = options.find((o) => o.label === typed && o.label !== String(o.value));
          onChange(byLabel ? byLabel.value : typed);
        }}
      />
      <datalist id={listId}>
        {options.map((o, i) => (
          <option key={i} value={String(o.value)}>
            {o.label !== String(o.value) ? o.label : undefined}
          </option>
        ))}
      </datalist>
    </>
  );
}
