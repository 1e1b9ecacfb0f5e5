import { ExamplesDialog } from './ExamplesDialog.tsx';
import { useFileState } from './fileState.ts';
import { RecentDialog } from './RecentDialog.tsx';
import { ReportDialog } from './ReportDialog.tsx';
import { SaveAsDialog } from './SaveAsDialog.tsx';
import { ShareDialog } from './ShareDialog.tsx';

/** Whichever file dialog is open (one at a time). */
export function FileDialogs() {
  const dialog = useFileState((s) => s.dialog);
  const close = useFileState((s) => s.closeDialog);
  if (!dialog) return null;
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
