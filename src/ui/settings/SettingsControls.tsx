/** The Settings button and dialog: API keys, simulator switches, concurrency, custom endpoints. */
export function SettingsControls() {
  return null;
}
