/**
 * The terminal's colours follow the system's appearance: light when it asks for light, dark
 * otherwise (no preference, no matchMedia), and again on every change of the setting.
 */
import { describe, expect, it } from 'vitest';
import {
  colorScheme,
  terminalTheme,
  watchColorScheme,
} from '../../../src/renderer/src/components/terminal/theme';

/** A media query list whose answer the test flips, like the system setting. */
function systemSetting(light: boolean) {
  const listeners = new Set<() => void>();
  return {
    matches: light,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    flip(to: boolean) {
      this.matches = to;
      listeners.forEach((l) => l());
    },
    listeners,
  };
}

describe('the terminal theme', () => {
  it('is light only when the system asks for light', () => {
    expect(colorScheme({ matches: true })).toBe('light');
    expect(colorScheme({ matches: false })).toBe('dark');
    expect(colorScheme(undefined)).toBe('dark');
    expect(terminalTheme('light').background).toBe('#ffffff');
    expect(terminalTheme('dark').background).toBe('#1e1e1e');
    // Readable text on each background.
    expect(terminalTheme('light').foreground).not.toBe(terminalTheme('light').background);
  });

  it('follows the setting while the page is open, and stops when told', () => {
    const setting = systemSetting(false);
    const seen: string[] = [];
    const stop = watchColorScheme(setting as unknown as MediaQueryList, (s) => seen.push(s));
    setting.flip(true);
    setting.flip(false);
    expect(seen).toEqual(['dark', 'light', 'dark']);
    stop();
    expect(setting.listeners.size).toBe(0);
  });
});
