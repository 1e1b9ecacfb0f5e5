import { BooleanWidget } from './BooleanWidget.tsx';
import { ComboWidget } from './ComboWidget.tsx';
import { EnumWidget } from './EnumWidget.tsx';
import { JsonWidget } from './JsonWidget.tsx';
import { MediaWidget } from './MediaWidget.tsx';
import { NumberWidget } from './NumberWidget.tsx';
import { TextWidget } from './TextWidget.tsx';
import { FormsWidget } from './FormsWidget.tsx';
import type { WidgetProps } from './types.ts';

/** The widget for a field's kind. */
export function FieldWidget(props: WidgetProps) {
  if (props.field.forms?.length) return <FormsWidget {...props} />;
  switch (props.field.kind) {
    case 'text':
      return <TextWidget {...props} />;
    case 'enum':
      return props.field.freeText ? <ComboWidget {...props} /> : <EnumWidget {...props} />;
    case 'integer':
    case 'number':
      return <NumberWidget {...props} />;
    case 'boolean':
      return <BooleanWidget {...props} />;
    case 'image':
    case 'video':
    case 'audio':
      return <MediaWidget {...props} />;
    case 'json':
      return <JsonWidget {...props} />;
  }
}
