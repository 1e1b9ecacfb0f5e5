import { useRef, useState } from 'react';
import { formOf } from '../../core/templates/requestBody.ts';
import { FieldWidget } from './FieldWidget.tsx';
import type { WidgetProps } from './types.ts';
import './widgets.css';

/**
 * A field the provider takes in several shapes (fal `image_size`: a preset or `{width, height}`;
 * Runway `promptImage`: an image or a list of keyframes): a switch between the forms, and the chosen
 * form's own widget. The form follows the value; switching keeps what each form held while the node
 * is open, so going back restores it.
 */
export function FormsWidget(props: WidgetProps) {
  const { field, value, onChange } = props;
  const forms = field.forms ?? [];
  const [chosen, setChosen] = useState<number | null>(null);
  const kept = useRef(new Map<number, unknown>());
  // The form the value has (the field's own kind while it is empty), unless the user just chose another.
  const fitting = value === undefined ? Math.max(0, forms.findIndex((f) => f.kind === field.kind)) : Math.max(0, forms.indexOf(formOf(field, value)));
  const index = chosen !== null && (value === undefined || fitting === chosen) ? chosen : fitting;
  const form = forms[index];
  if (!form) return null;

  function choose(next: number) {
    if (next === index) return;
    kept.current.set(index, value);
    setChosen(next);
    onChange(kept.current.has(next) ? kept.current.get(next) : forms[next]?.default);
  }

  return (
    <div className="weft-forms">
      <div className="weft-forms__switch nodrag" role="radiogroup" aria-label={`${field.title}: form`}>
        {forms.map((f, i) => (
          <button
            key={i}
            type="button"
            role="radio"
            aria-checked={i === index}
            className={`weft-forms__choice${i === index ? ' is-chosen' : ''}`}
            title={f.description ?? f.title}
            onClick={() => choose(i)}
          >
            {f.title}
          </button>
        ))}
      </div>
      <FieldWidget {...props} field={{ ...form, name: field.name, title: field.title }} />
    </div>
  );
}
