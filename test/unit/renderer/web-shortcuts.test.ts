/**
 * Web mode's shortcuts: the desktop menu's commands, with Alt+Shift where the browser keeps the
 * desktop key for itself (Ctrl/Cmd+N, T, W), and the labels the tooltips show.
 */
import { describe, expect, it } from 'vitest';
import { shortcutLabel, webCommandFor } from '../../../src/renderer/src/shortcuts';

const key = (
  code: string,
  mods: { ctrl?: boolean; meta?: boolean; alt?: boolean; shift?: boolean },
) => ({
  key: code.replace(/^Key/, '').toLowerCase(),
  code,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  altKey: mods.alt ?? false,
  shiftKey: mods.shift ?? false,
});

describe('web mode shortcuts', () => {
  it('has every command of the desktop menu, none on a key the browser keeps', () => {
    expect(webCommandFor(key('KeyN', { alt: true, shift: true }))).toBe('newSession');
    expect(webCommandFor(key('KeyT', { alt: true, shift: true }))).toBe('newTerminal');
    expect(webCommandFor(key('KeyW', { alt: true, shift: true }))).toBe('closeTab');
    expect(webCommandFor(key('KeyG', { ctrl: true, shift: true }))).toBe('reviewChanges');
    expect(webCommandFor(key('KeyG', { meta: true, shift: true }))).toBe('reviewChanges');
    expect(webCommandFor(key('KeyO', { ctrl: true }))).toBe('openFolder');
    expect(webCommandFor(key('Comma', { ctrl: true }))).toBe('settings');
    expect(webCommandFor(key('KeyF', { ctrl: true, shift: true }))).toBe('findInTerminal');
    // The browser's own: never taken.
    for (const code of ['KeyN', 'KeyT', 'KeyW', 'KeyF'])
      expect(webCommandFor(key(code, { ctrl: true }))).toBeNull();
    expect(webCommandFor(key('KeyT', { alt: true }))).toBeNull();
    expect(webCommandFor(key('KeyT', { ctrl: true, alt: true, shift: true }))).toBeNull();
  });

  it('labels each command with the keys of its mode', () => {
    expect(shortcutLabel('newTerminal', 'web', false)).toBe('Alt+Shift+T');
    expect(shortcutLabel('newTerminal', 'web', true)).toBe('⌥⇧T');
    expect(shortcutLabel('reviewChanges', 'web', false)).toBe('Ctrl+Shift+G');
    expect(shortcutLabel('newTerminal', 'electron', false)).toBe('Ctrl+T');
    expect(shortcutLabel('closeTab', 'electron', true)).toBe('⌘W');
  });
});
