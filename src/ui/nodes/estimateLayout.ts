import { Position, type NodeHandle } from '@xyflow/react';
import type { Field, NodeTemplate } from '../../core/model/template.ts';
import { inputsOf } from '../../core/templates/inputsOf.ts';
import { slotHandleId } from './slots.ts';

/**
 * Performance (opening large graphs): React Flow renders every node it has no handle positions for,
 * just to measure it, even outside the view. Giving a not-yet-measured node an estimated size and
 * estimated handle positions (from its template) lets React Flow leave nodes outside the view
 * unrendered; a node is measured for real (size and handles) when it first mounts in view. Until then
 * only wires running off-screen end at the estimate. Numbers follow src/ui/app.css.
 */

const WIDTH = 320; // --node-width
/**
 * The estimate never equals a real measurement (whole pixels), so React Flow always sees the size change
 * when the node mounts: it re-measures the handles and reports the size (Canvas then drops the estimate).
 */
const NEVER_MEASURED = 0.5;
const HANDLE = 12;
const HEADER = 36;
const OUTPUT_ROW = 28;
const FIELD_HEAD = 28; // padding, label row; the port sits 14px below the field's top
const WIDGET: Partial<Record<string, number>> = { text: 60, json: 60, image: 56, video: 56, audio: 56, boolean: 24 };
/** Slot handles estimated for a list input (a wire to a later slot waits for the real measurement). */
const MAX_SLOTS = 16;
const SLOT_GAP = 22;

function fieldHeight(f: Field): number {
  const widget = f.portOnly || f.secret ? 0 : (WIDGET[f.kind] ?? 32);
  return FIELD_HEAD + widget + (f.note ? 16 : 0);
}

/** Estimated size and handle positions of a template node that React Flow has not measured yet. */
export function estimateLayout(template: NodeTemplate, values: Record<string, unknown>): { width: number; height: number; handles: NodeHandle[] } {
  const handles: NodeHandle[] = [];
  let y = HEADER + 4;
  for (const o of template.outputs) {
    handles.push({ id: o.name, type: 'source', position: Position.Right, x: WIDTH - HANDLE / 2, y: y + OUTPUT_ROW / 2 - HANDLE / 2, width: HANDLE, height: HANDLE });
    y += OUTPUT_ROW;
  }
  y += 6;
  for (const f of inputsOf(template, values)) {
    if (f.connectable) {
      const slots = f.list ? Math.min(f.list.max ?? MAX_SLOTS, MAX_SLOTS) : 1;
      for (let k = 0; k < slots; k++) {
        handles.push({ id: slotHandleId(f.name, k), type: 'target', position: Position.Left, x: -HANDLE / 2, y: y + 14 - HANDLE / 2 + k * SLOT_GAP, width: HANDLE, height: HANDLE });
      }
    }
    y += fieldHeight(f);
  }
  return { width: WIDTH + NEVER_MEASURED, height: y + 8 + NEVER_MEASURED, handles };
}
