import { PROVIDER_IDS } from '../../providers/config.ts';
import { CustomEndpointDialog } from './CustomEndpointDialog.tsx';
import { CustomEndpointsSection } from './CustomEndpointsSection.tsx';
import './customEndpointsSync.ts';
import { Modal } from '../Modal.tsx';
import { ProviderSettingsSection } from './ProviderSettingsSection.tsx';
import { useSettingsDialog } from './settingsDialogState.ts';

function SettingsDialog() {
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

/** The Settings button and dialog: API keys, simulator switches, concurrency, custom endpoints. */
export function SettingsControls() {
  const open = useSettingsDialog((s) => s.settingsOpen);
  const openSettings = useSettingsDialog((s) => s.openSettings);
  return (
    <>
      <button type="button" className="weft-button" aria-label="Settings" aria-haspopup="dialog" title="Settings: API keys, simulator, custom endpoints" onClick={openSettings}>
        ⚙ Settings
      </button>
      {open ? <SettingsDialog /> : null}
    </>
  );
}
