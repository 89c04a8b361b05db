import { useEffect } from 'react';
import type { UiCommandName } from '../../shared/schemas/app';
import { runCommand } from './actions';
import { useConnection } from './stores/connection';

type Keys = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/**
 * A browser keeps Ctrl/Cmd+N, T and W (and their Shift forms) for itself, whatever the page
 * does: web mode gives those commands Alt+Shift instead. Ctrl/Cmd+F stays the page's find, so
 * Find in Terminal is Ctrl/Cmd+Shift+F. Letters are matched by their key position (`code`):
 * on macOS Alt turns N into a dead key.
 */
const WEB_KEYS: { command: UiCommandName; mod: 'ctrl' | 'alt'; shift: boolean; code: string }[] = [
  { command: 'openFolder', mod: 'ctrl', shift: false, code: 'KeyO' },
  { command: 'settings', mod: 'ctrl', shift: false, code: 'Comma' },
  { command: 'findInTerminal', mod: 'ctrl', shift: true, code: 'KeyF' },
  { command: 'reviewChanges', mod: 'ctrl', shift: true, code: 'KeyG' },
  { command: 'newSession', mod: 'alt', shift: true, code: 'KeyN' },
  { command: 'newTerminal', mod: 'alt', shift: true, code: 'KeyT' },
  { command: 'closeTab', mod: 'alt', shift: true, code: 'KeyW' },
];

/** The command a key press means in web mode, or null. */
export function webCommandFor(e: Keys): UiCommandName | null {
  const ctrl = e.ctrlKey || e.metaKey;
  for (const k of WEB_KEYS) {
    if (e.code !== k.code || e.shiftKey !== k.shift) continue;
    if (k.mod === 'ctrl' ? ctrl && !e.altKey : e.altKey && !ctrl) return k.command;
  }
  return null;
}

/** The desktop menu's accelerators (src/main/electron/menu.ts), as the user types them. */
const DESKTOP_KEYS: Partial<Record<UiCommandName, string>> = {
  openFolder: 'O',
  newSession: 'N',
  newTerminal: 'T',
  closeTab: 'W',
  findInTerminal: 'F',
  reviewChanges: 'Shift+G',
  settings: ',',
};

/** The shortcut of a command in this mode, for tooltips: "Alt+Shift+T", "⌘Shift+G". */
export function shortcutLabel(
  command: UiCommandName,
  mode: 'web' | 'electron' | null,
  mac = typeof navigator !== 'undefined' && navigator.platform.startsWith('Mac'),
): string {
  const ctrl = mac ? '⌘' : 'Ctrl+';
  if (mode === 'web') {
    const k = WEB_KEYS.find((w) => w.command === command);
    if (!k) return '';
    const key = k.code === 'Comma' ? ',' : k.code.replace(/^Key/, '');
    const mods =
      k.mod === 'alt' ? (mac ? '⌥⇧' : 'Alt+Shift+') : `${ctrl}${k.shift ? 'Shift+' : ''}`;
    return `${mods}${key}`;
  }
  const key = DESKTOP_KEYS[command];
  return key ? `${ctrl}${key}` : '';
}

/** "Label (shortcut)" for a title attribute; the label alone when the command has none. */
export function withShortcut(
  label: string,
  command: UiCommandName,
  mode: 'web' | 'electron' | null,
) {
  const keys = shortcutLabel(command, mode);
  return keys ? `${label} (${keys})` : label;
}

/**
 * In Electron the menu owns the shortcuts. In a browser the page binds them itself, before the
 * terminal sees the key (capture), so Alt+Shift+T opens a terminal rather than typing into one.
 */
export function useWebShortcuts(): void {
  const mode = useConnection((s) => s.mode);
  useEffect(() => {
    if (mode !== 'web') return;
    const onKey = (e: KeyboardEvent) => {
      const command = webCommandFor(e);
      if (!command) return;
      e.preventDefault();
      e.stopPropagation();
      runCommand(command);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [mode]);
}

/**
 * Web mode: a new link opened in this tab (the server restarted with a new token) changes only
 * the fragment, which loads nothing; the page loads again so its boot takes the link's token
 * (whatever it then does with it).
 */
export function useRelinkReload(): void {
  const mode = useConnection((s) => s.mode);
  useEffect(() => {
    if (mode !== 'web') return;
    const onHash = () => {
      if (/(?:^#|&)token=/.test(window.location.hash)) window.location.reload();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [mode]);
}
