/**
 * One scout per provider endpoint whose job duration is not known yet. Jobs of the same endpoint
 * submitted together usually finish together, so only the scout backs off with frequent polls; the
 * others (followers) stay quiet until the scout's job ends — then they are polled at once, and the
 * learned duration (durations.ts) times their later polls. A follower still looks on its own now and
 * then (the caller's safety interval), so a stuck or slow scout never hides a sibling's end for long.
 * When the scout's job fails, is lost or cancelled, the followers are polled at once too and the next
 * one to look becomes the scout.
 */
export class Scouts {
  private readonly current = new Map<string, { token: string; ended: Promise<void>; end: () => void }>();

  /** Makes `token` the scout of `key` if there is none; true when `token` is (now) the scout. */
  claim(key: string, token: string): boolean {
    const scout = this.current.get(key);
    if (scout) return scout.token === token;
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.current.set(key, { token, ended, end });
    return true;
  }

  /** Resolves when the present scout of `key` ends (at once if there is none). */
  ended(key: string): Promise<void> {
    return this.current.get(key)?.ended ?? Promise.resolve();
  }

  /** The scout `token` is done with `key` (any outcome); its followers wake. Does nothing for a non-scout. */
  release(key: string, token: string): void {
    const scout = this.current.get(key);
    if (!scout || scout.token !== token) return;
    this.current.delete(key);
    scout.end();
  }
}
