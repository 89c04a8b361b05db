import { describe, expect, it } from 'vitest';
import { CTRL_P, CTRL_Q, DetachKeys } from '../../../src/cli/tty/detach-keys';

describe('DetachKeys (Ctrl-P Ctrl-Q, like docker attach)', () => {
  it('passes ordinary typing through', () => {
    expect(new DetachKeys().feed('ls -la\r')).toEqual({ send: 'ls -la\r', detach: false });
  });
  it('detaches on Ctrl-P Ctrl-Q and sends what came before', () => {
    expect(new DetachKeys().feed(`echo${CTRL_P}${CTRL_Q}more`)).toEqual({
      send: 'echo',
      detach: true,
    });
  });
  it('detaches when the two keys arrive in separate reads', () => {
    const k = new DetachKeys();
    expect(k.feed(`x${CTRL_P}`)).toEqual({ send: 'x', detach: false });
    expect(k.feed(CTRL_Q)).toEqual({ send: '', detach: true });
  });
  it('sends a held Ctrl-P on with the next key when it is not Ctrl-Q', () => {
    const k = new DetachKeys();
    expect(k.feed(CTRL_P)).toEqual({ send: '', detach: false });
    expect(k.feed('a')).toEqual({ send: `${CTRL_P}a`, detach: false });
    expect(k.feed(`${CTRL_P}${CTRL_P}${CTRL_Q}`)).toEqual({ send: CTRL_P, detach: true });
  });
});
