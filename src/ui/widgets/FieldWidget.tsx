import { BooleanWidget } from './BooleanWidget.tsx';
import { EnumWidget } from './EnumWidget.tsx';
import { JsonWidget } from './JsonWidget.tsx';
import { MediaWidget } from './MediaWidget.tsx';
import { NumberWidget } from './NumberWidget.tsx';
import { TextWidget } from './TextWidget.tsx';
import type { WidgetProps } from './types.ts';

/** The widget for a field's kind. */
export function FieldWidget(props: WidgetProps) {
  switch (props.field.kind) {
    case 'text':
      return <TextWidget {...props} />;
    case 'enum':
      return <EnumWidget {...props} />;
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
