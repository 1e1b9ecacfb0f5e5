import { useState } from 'react';
import { useDocStore } from '../../store/documentStore.ts';
import { Dialog } from './Dialog.tsx';
import { graphFileName } from './download.ts';
import { saveOpenGraph } from './saveActions.ts';

/** Save as: asks for the graph's name, then saves it as `<name>.weft.json`. */
export function SaveAsDialog({ onClose }: { onClose(): void }) {
  const [name, setName] = useState(() => useDocStore.getState().doc.name);
  const submit = () => {
    onClose();
    void saveOpenGraph(name.trim() || 'Untitled');
  };
  return (
    <Dialog
      title="Save as"
      onClose={onClose}
      className="weft-save-as"
      footer={
        <>
          <button type="button" className="weft-button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="weft-save-as-form" className="weft-button weft-button--primary">
            Save
          </button>
        </>
      }
    >
      <form
        id="weft-save-as-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label className="weft-field">
          <span>Graph name</span>
          <input data-autofocus maxLength={200} value={name} onChange={(e) => setName(e.target.value)} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <p className="weft-muted">Downloads as <code>{graphFileName(name)}</code></p>
      </form>
    </Dialog>
  );
}
