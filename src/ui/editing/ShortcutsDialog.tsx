import { Modal } from '../Modal.tsx';
import { SHORTCUTS } from './useShortcuts.ts';

/** The list of keyboard shortcuts (`?`). */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <Modal
      title="Keyboard shortcuts"
      onClose={onClose}
      footer={
        <button type="button" className="weft-button weft-button--primary" data-autofocus onClick={onClose}>
          Close
        </button>
      }
    >
      <table className="weft-shortcuts__table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                {s.keys.split(' · ').map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ' or ' : null}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </th>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
