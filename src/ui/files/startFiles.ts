import { sharePayloadOf } from '../../core/document/shareLink.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { AUTOSAVE_KEY, restoreAutosave, startAutosave } from './autosave.ts';
import { addRecent } from './recent.ts';
import { openSharePayload } from './shareActions.ts';

/** The name in graph text, read loosely (for the Recent list only; the real parse happens on reopen). */
function nameIn(text: string): string {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' && name.trim() ? name.slice(0, 200) : 'Untitled';
  } catch {
    return 'Untitled';
  }
}

/** Removes the `#graph=…` fragment from the address bar (a reload then reopens the autosave, not the link again). */
function dropFragment(): void {
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}

/** Opens the share link in the address bar, if any. The autosaved graph goes to Recent first so nothing is lost. */
async function openLinkInAddress(): Promise<boolean> {
  const payload = sharePayloadOf(location.hash);
  if (payload === null) return false;
  dropFragment();
  let autosaved: string | null = null;
  try {
    autosaved = localStorage.getItem(AUTOSAVE_KEY);
  } catch {
    // storage disabled
  }
  if (autosaved) addRecent({ name: nameIn(autosaved), text: autosaved, how: 'open before a shared link' });
  return openSharePayload(payload);
}

/**
 * On page load: a `#graph=` link opens that graph; otherwise the autosaved graph comes back (with a
 * note saying so). Then the open graph is autosaved as it changes, and a link pasted into this tab's
 * address bar (only the fragment changes, so no reload) opens too.
 */
export async function startFiles(): Promise<void> {
  try {
    const opened = await openLinkInAddress();
    if (!opened && (await restoreAutosave())) useUiStore.getState().showToast('Restored the graph you had open.');
  } finally {
    startAutosave();
    window.addEventListener('hashchange', () => void openLinkInAddress());
  }
}
