/** Run, Cancel (and the run panel toggle) in the toolbar. */
export function RunControls() {
  return null;
}
