/** One node's run state in its title area: queued / running (queue position, progress, elapsed), cost, cached, error. */
export function NodeRunStatus(_props: { id: string }) {
  return null;
}
