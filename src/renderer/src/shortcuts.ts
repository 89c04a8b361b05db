import { useEffect } from 'react';
import { runCommand } from './actions';
import { useConnection } from './stores/connection';

/**
 * In Electron the menu owns the shortcuts. In a browser only the ones the browser lets a page
 * take are bound here (Ctrl/Cmd+N, T and W always go to the browser itself, and Ctrl/Cmd+F
 * stays the page's find: Find in Terminal is Ctrl/Cmd+Shift+F in a browser).
 */
export function useWebShortcuts(): void {
  const mode = useConnection((s) => s.mode);
  useEffect(() => {
    if (mode !== 'web') return;
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod || e.altKey) return;
      const key = e.key.toLowerCase();
      if (!e.shiftKey && key === 'o') {
        e.preventDefault();
        runCommand('openFolder');
      } else if (!e.shiftKey && key === ',') {
        e.preventDefault();
        runCommand('settings');
      } else if (e.shiftKey && key === 'f') {
        e.preventDefault();
        runCommand('findInTerminal');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode]);
}
