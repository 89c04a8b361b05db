import { describe, expect, it } from 'vitest';
import { showProgress } from '../../../src/cli/commands/progress';
import { createTerminalFilter, terminalSafe } from '../../../src/cli/commands/terminal-safe';

describe('terminalSafe', () => {
  it('keeps SGR colours and shows every other control visibly', () => {
    expect(terminalSafe('\x1b[1;31mred\x1b[0m\n')).toBe('\x1b[1;31mred\x1b[0m\n');
    expect(terminalSafe('\x1b]52;c;aGk=\x07')).toBe('^[]52;c;aGk=^G');
    expect(terminalSafe('\x1b]8;;http://x\x1b\\a')).toBe('^[]8;;http://x^[\\a');
    expect(terminalSafe('\x1b[2J\x1b[H\x9b1m')).toBe('^[[2J^[[H<U+009B>1m');
    expect(terminalSafe('a\u202Etxt.exe\u2066')).toBe('a<U+202E>txt.exe<U+2066>');
    expect(terminalSafe('tab\there\r\nnext')).toBe('tab\there\nnext');
    // A bare CR would let what follows overwrite what came before.
    expect(terminalSafe('safe\rEVIL')).toBe('safe\nEVIL');
  });

  it('keeps an SGR, a CR LF and a UTF-8 character whole when a chunk cuts them', () => {
    const f = createTerminalFilter();
    const bytes = Buffer.from('x\x1b[3', 'utf8');
    const parts = [
      f.write(bytes),
      f.write('2mgreen\r'),
      f.write('\n\x1b'),
      f.write(']0;t\x07'),
      f.write(Buffer.from([0xe2, 0x80])),
      f.write(Buffer.from([0xae, 0x41])),
      f.write('\x1b['),
      f.end(),
    ];
    expect(parts.join('')).toBe('x\x1b[32mgreen\n^[]0;t^G<U+202E>A^[[');
  });
});

describe('start progress on the terminal', () => {
  it('filters setup output and progress messages from the container', () => {
    const written: string[] = [];
    let onLog: ((ev: { sessionId: string; stream: string; text: string }) => void) | undefined;
    let onProgress: ((ev: { phase: string; message: string }) => void) | undefined;
    const ctx = {
      err: { dim: (s: string) => s, yellow: (s: string) => s },
      note: (s: string) => written.push(s),
    };
    const api = {
      onSessionProgress: (l: typeof onProgress) => ((onProgress = l), () => {}),
      onSessionLog: (l: typeof onLog) => ((onLog = l), () => {}),
    };
    const stop = showProgress(ctx as never, api as never);
    onProgress!({ phase: 'setup', message: 'npm ci \x1b]0;pwned\x07' });
    onLog!({ sessionId: 's', stream: 'stdout', text: 'ok \x1b]52;c;aGk=\x07\x1b[3' });
    onLog!({ sessionId: 's', stream: 'stdout', text: '2mdone\x1b[0m\n' });
    stop();
    const text = written.join('');
    expect(text).toContain('npm ci ^[]0;pwned^G');
    expect(text).toContain('ok ^[]52;c;aGk=^G\x1b[32mdone\x1b[0m\n');
  });
});
