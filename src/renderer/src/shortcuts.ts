import { useEffect } from 'react';
import { runCommand } from './actions';
import { useConnection } from './stores/connection';

/**
 * In Electron the menu owns the shortcuts. In a browser only the ones the browser lets a page
 * take are bound here (Ctrl/Cmd+N, T and W always go to the browser itself).
 */
export function useWebShortcuts(): void {
  const mode = useConnection((s) => s.mode);
  useEffect(() => {
    if (mode !== 'web') return;
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        runCommand('openFolder');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode]);
}
