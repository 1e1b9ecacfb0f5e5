import { PROVIDER_IDS } from '../../providers/config.ts';
import { CustomEndpointDialog } from './CustomEndpointDialog.tsx';
import { CustomEndpointsSection } from './CustomEndpointsSection.tsx';
import { Modal } from '../Modal.tsx';
import { ProviderSettingsSection } from './ProviderSettingsSection.tsx';
import { useSettingsDialog } from './settingsDialogState.ts';

/** The Settings dialog: API keys, simulator switches, concurrency, custom endpoints (loaded on demand). */
export function SettingsDialog() {
  const close = useSettingsDialog((s) => s.closeSettings);
  const editing = useSettingsDialog((s) => s.editing);
  return (
    <Modal
      title="Settings"
      subtitle="Everything here stays in this browser."
      onClose={close}
      footer={
        <button type="button" className="weft-button weft-button--primary" onClick={close}>
          Done
        </button>
      }
    >
      {PROVIDER_IDS.map((id) => (
        <ProviderSettingsSection key={id} id={id} />
      ))}
      <CustomEndpointsSection />
      {editing ? <CustomEndpointDialog key={editing} editing={editing} /> : null}
    </Modal>
  );
}
