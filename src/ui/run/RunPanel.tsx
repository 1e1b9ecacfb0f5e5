/** The run panel: jobs of the current/last run, their provider ids and events. */
export function RunPanel() {
  return null;
}
