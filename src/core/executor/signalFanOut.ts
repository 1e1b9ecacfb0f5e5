/**
 * Child signals of one run's cancel signal, with a single listener on it: each job waits and sleeps on
 * its own child, so a run of many jobs never piles listeners onto one shared signal (Node warns past
 * ten: MaxListenersExceededWarning), and a finished job's listeners go with its child.
 */
export class SignalFanOut {
  private readonly children = new Set<AbortController>();

  constructor(private readonly parent: AbortSignal) {
    parent.addEventListener(
      'abort',
      () => {
        for (const child of this.children) child.abort(parent.reason);
        this.children.clear();
      },
      { once: true },
    );
  }

  /** A signal that aborts with the parent; `dispose` when the job is over. */
  child(): { signal: AbortSignal; dispose(): void } {
    const controller = new AbortController();
    if (this.parent.aborted) controller.abort(this.parent.reason);
    else this.children.add(controller);
    return { signal: controller.signal, dispose: () => this.children.delete(controller) };
  }
}
