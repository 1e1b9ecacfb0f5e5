import { buildShareLink, decodeSharePayload, DEFAULT_SHARE_LIMITS, encodeSharePayload } from '../../core/document/shareLink.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { exportOpenGraph } from './exportOpenGraph.ts';
import { useFileState } from './fileState.ts';
import { openGraphFromText } from './openActions.ts';

/** The page's address without query or fragment: where a share link points. */
export function shareBase(): string {
  return `${location.origin}${location.pathname}`;
}

/** Copies text to the clipboard; false when the browser does not allow it (the dialog still shows the link). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Share: the open graph (after the export scan) compressed into a link's fragment, which is never
 * sent to a server; copied to the clipboard and shown in a dialog.
 */
export async function shareOpenGraph(): Promise<void> {
  const text = await exportOpenGraph('shared');
  if (text === null) return;
  const payload = await encodeSharePayload(text);
  if (payload.length > DEFAULT_SHARE_LIMITS.maxEncodedChars) {
    useFileState.getState().openDialog({
      kind: 'report',
      report: {
        title: 'This graph is too large for a link',
        summary: 'Use Save and send the file instead.',
        warnings: [],
        errors: [{ message: `the link would be ${payload.length.toLocaleString('en')} characters; links open up to ${DEFAULT_SHARE_LIMITS.maxEncodedChars.toLocaleString('en')}`, path: '' }],
      },
    });
    return;
  }
  const link = buildShareLink(shareBase(), payload);
  const copied = await copyText(link);
  useFileState.getState().openDialog({ kind: 'share', link, copied });
  useUiStore.getState().showToast(copied ? 'Share link copied to the clipboard.' : 'Share link ready: copy it from the dialog.');
}

/** Opens the graph in a `#graph=` payload (hostile until parsed: capped, streamed, then loaded like a file). */
export async function openSharePayload(payload: string): Promise<boolean> {
  const decoded = await decodeSharePayload(payload);
  if (!decoded.ok) {
    useFileState.getState().openDialog({
      kind: 'report',
      report: { title: 'Could not open the shared link', summary: 'The graph you had open is unchanged.', warnings: [], errors: [{ message: decoded.error, path: '' }] },
    });
    useUiStore.getState().showToast(`Could not open the shared link: ${decoded.error}`, 'error');
    return false;
  }
  return openGraphFromText(decoded.text, { label: 'the shared link', how: 'shared link' });
}
