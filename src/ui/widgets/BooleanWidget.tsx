import type { WidgetProps } from './types.ts';

/** A toggle (a checkbox drawn as a switch, so it stays a real, accessible checkbox). */
export function BooleanWidget({ inputId, value, onChange }: WidgetProps) {
  return (
    <label className="nodrag weft-switch">
      <input id={inputId} type="checkbox" role="switch" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
      <span className="weft-switch__track" aria-hidden="true" />
      <span className="weft-switch__text">{value === true ? 'On' : 'Off'}</span>
    </label>
  );
}
