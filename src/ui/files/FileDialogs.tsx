import { lazy, Suspense } from 'react';
import { useFileState, type FileDialog } from './fileState.ts';

// Performance: the dialogs load when first opened, not with the page (first-load JS is a speed target).
const ExamplesDialog = lazy(() => import('./ExamplesDialog.tsx').then((m) => ({ default: m.ExamplesDialog })));
const RecentDialog = lazy(() => import('./RecentDialog.tsx').then((m) => ({ default: m.RecentDialog })));
const ReportDialog = lazy(() => import('./ReportDialog.tsx').then((m) => ({ default: m.ReportDialog })));
const SaveAsDialog = lazy(() => import('./SaveAsDialog.tsx').then((m) => ({ default: m.SaveAsDialog })));
const ShareDialog = lazy(() => import('./ShareDialog.tsx').then((m) => ({ default: m.ShareDialog })));

/** Whichever file dialog is open (one at a time). */
export function FileDialogs() {
  const dialog = useFileState((s) => s.dialog);
  const close = useFileState((s) => s.closeDialog);
  if (!dialog) return null;
  return <Suspense fallback={null}>{which(dialog, close)}</Suspense>;
}

function which(dialog: FileDialog, close: () => void) {
  switch (dialog.kind) {
    case 'report':
      return <ReportDialog key={dialog.report.title} report={dialog.report} onClose={close} />;
    case 'share':
      return <ShareDialog key={dialog.link} link={dialog.link} copied={dialog.copied} onClose={close} />;
    case 'examples':
      return <ExamplesDialog onClose={close} />;
    case 'recent':
      return <RecentDialog onClose={close} />;
    case 'saveAs':
      return <SaveAsDialog onClose={close} />;
  }
}
