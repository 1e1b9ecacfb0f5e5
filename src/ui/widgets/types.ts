import type { Field } from '../../core/model/template.ts';

/** What every field widget gets: the field, its current value (already defaulted), and a setter. */
export interface WidgetProps {
  /** The DOM id of the widget's main control (its label points at it). */
  inputId: string;
  field: Field;
  value: unknown;
  onChange(value: unknown): void;
  /** The field has a problem: the control is outlined in red. */
  invalid: boolean;
}
