export { SettingsPanel } from './SettingsPanel';
export { openSettings } from './open';
