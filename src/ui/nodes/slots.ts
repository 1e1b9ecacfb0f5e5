/**
 * A list input (several images into one field) is drawn as one handle per wire plus one free slot,
 * ComfyUI-style: a new slot appears as each wire arrives. Slot 0's handle id is the field name
 * itself; slot k's is `<field>#slot-k`. The document still holds one port with ordered edges.
 */
const MARK = '#slot-';

export function slotHandleId(port: string, slot: number): string {
  return slot === 0 ? port : `${port}${MARK}${slot}`;
}

/** The field and slot a handle id names (slot 0 for a plain field name). */
export function parseHandleId(handleId: string): { port: string; slot: number } {
  const at = handleId.lastIndexOf(MARK);
  if (at > 0) {
    const slot = Number(handleId.slice(at + MARK.length));
    if (Number.isInteger(slot) && slot > 0) return { port: handleId.slice(0, at), slot };
  }
  return { port: handleId, slot: 0 };
}

/** How many slot handles a list field shows: one per wire plus a free one, within its maximum. */
export function slotCount(wires: number, max: number | undefined): number {
  return Math.max(1, wires, Math.min(wires + 1, max ?? Infinity));
}
