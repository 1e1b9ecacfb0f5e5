import { useState } from 'react';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { peekTemplate } from '../catalog.ts';
import { Modal } from '../Modal.tsx';

/** Renames a node (F2, or the node menu). An empty name goes back to the template's title. */
export function RenameDialog({ nodeId, onClose }: { nodeId: string; onClose(): void }) {
  const node = useDocStore((s) => getNode(s.doc.nodes, nodeId));
  const fallback = node ? (peekTemplate(node.type)?.title ?? node.type) : '';
  const [name, setName] = useState(node?.title ?? fallback);
  if (!node) return null;
  const save = () => {
    const title = name.trim();
    useDocStore.getState().dispatch({ type: 'setTitle', node: nodeId, title: title === '' || title === fallback ? undefined : title });
    onClose();
  };
  return (
    <Modal
      title="Rename node"
      subtitle={`${fallback}${node.title ? ` · now “${node.title}”` : ''}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="weft-button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="weft-rename" className="weft-button weft-button--primary">
            Rename
          </button>
        </>
      }
    >
      <form
        id="weft-rename"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="weft-rename__label">
          Name
          <input
            className="weft-input"
            data-autofocus
            value={name}
            maxLength={1000}
            spellCheck={false}
            placeholder={fallback}
            onChange={(e) => setName(e.target.value)}
            onFocus={(e) => e.currentTarget.select()}
          />
        </label>
      </form>
    </Modal>
  );
}
