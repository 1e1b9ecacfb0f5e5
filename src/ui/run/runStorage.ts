import { openBrowserStorage, type BrowserStorage } from '../../storage/browser.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { useRunStore } from './runStore.ts';

/**
 * The page's one executor storage: IndexedDB database `weft` (journal, cache, result and input files).
 * Opened on first use; when IndexedDB is unavailable (some private windows) it falls back to memory and
 * says so, because then a reload loses running jobs and results.
 */

let opened: Promise<BrowserStorage> | undefined;

export function runStorage(): Promise<BrowserStorage> {
  opened ??= openBrowserStorage('weft').then((s) => {
    useRunStore.getState().setDurable(s.durable);
    if (!s.durable) {
      useUiStore.getState().showToast(`Runs are kept in memory only: a reload loses running jobs and results. ${s.problem ?? ''}`.trim(), 'error');
    }
    return s;
  });
  return opened;
}
