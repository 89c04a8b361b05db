/**
 * attachInTty against a stand-in of the contract's terminal methods: the screen snapshot first,
 * then only newer output, acked after it is written; keys sent on; Ctrl-P Ctrl-Q detaches;
 * the user's terminal is put back (raw mode off, modes reset) however the attach ends.
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Api } from '../../../src/shared/contract';
import type { TerminalOutput } from '../../../src/shared/schemas/terminal';
import { RESTORE_TERMINAL, attachInTty } from '../../../src/cli/tty/attach';

class FakeTty extends Writable {
  text = '';
  isTTY = true;
  columns = 90;
  rows = 25;
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

function fakeStdin() {
  const s = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(m: boolean): void };
  const modes: boolean[] = [];
  s.isTTY = true;
  s.setRawMode = (m: boolean) => void modes.push(m);
  return { stdin: s, modes };
}

function fakeApi(opts: { exitAfterAttach?: number } = {}) {
  const calls: { method: string; input: Record<string, unknown> }[] = [];
  let outputListener: ((e: TerminalOutput) => void) | null = null;
  let exitListener: ((e: { terminalId: string; exitCode: number }) => void) | null = null;
  const record = (method: string) => async (input: Record<string, unknown>) => {
    calls.push({ method, input });
    return { ok: true };
  };
  const api = {
    resizeTerminal: record('resizeTerminal'),
    writeTerminal: record('writeTerminal'),
    ackTerminal: record('ackTerminal'),
    detachTerminal: record('detachTerminal'),
    attachTerminal: async (input: Record<string, unknown>) => {
      calls.push({ method: 'attachTerminal', input });
      // Output that raced the attach: seq 4 is already in the snapshot, 5 is not.
      outputListener?.({ terminalId: 't-aaaaaaaa', data: 'old', seq: 4 });
      outputListener?.({ terminalId: 't-aaaaaaaa', data: 'new1', seq: 5 });
      if (opts.exitAfterAttach !== undefined) {
        setTimeout(() => exitListener?.({ terminalId: 't-aaaaaaaa', exitCode: 3 }), 10);
      }
      return {
        terminalId: 't-aaaaaaaa',
        serialized: '[SCREEN]',
        cols: 90,
        rows: 25,
        seq: 4,
        scrollback: 0,
        status: 'running',
        exitCode: null,
      };
    },
    onTerminalOutput: (l: (e: TerminalOutput) => void) => {
      outputListener = l;
      return () => (outputListener = null);
    },
    onTerminalExit: (l: (e: { terminalId: string; exitCode: number }) => void) => {
      exitListener = l;
      return () => (exitListener = null);
    },
  } as unknown as Api;
  return { api, calls, emit: (e: TerminalOutput) => outputListener?.(e) };
}

describe('attachInTty', () => {
  it('draws the snapshot, then newer output only, acks it, and detaches on Ctrl-P Ctrl-Q', async () => {
    const { api, calls, emit } = fakeApi();
    const { stdin, modes } = fakeStdin();
    const stdout = new FakeTty();
    const done = attachInTty({ api, terminalId: 't-aaaaaaaa', stdin, stdout, viewerId: 'v1' });
    await new Promise((r) => setTimeout(r, 20));
    emit({ terminalId: 't-aaaaaaaa', data: 'new2', seq: 6 });
    emit({ terminalId: 't-bbbbbbbb', data: 'other terminal', seq: 7 });
    await new Promise((r) => setTimeout(r, 10));
    stdin.write('ls\r');
    stdin.write('\x10\x11');
    expect(await done).toEqual({ reason: 'detached' });

    const body = stdout.text;
    expect(body.indexOf('[SCREEN]')).toBeLessThan(body.indexOf('new1'));
    expect(body).toContain('new1new2');
    expect(body).not.toContain('old');
    expect(body).not.toContain('other terminal');
    expect(body.endsWith(RESTORE_TERMINAL)).toBe(true);
    expect(modes).toEqual([true, false]);
    const names = calls.map((c) => c.method);
    expect(names[0]).toBe('resizeTerminal');
    expect(calls[0]!.input).toMatchObject({ cols: 90, rows: 25, viewerId: 'v1' });
    expect(calls.filter((c) => c.method === 'ackTerminal').map((c) => c.input.chars)).toEqual([
      4, 4,
    ]);
    expect(calls.filter((c) => c.method === 'writeTerminal').map((c) => c.input.data)).toEqual([
      'ls\r',
    ]);
    expect(names.at(-1)).toBe('detachTerminal');
  });

  it('ends with the exit code when the terminal exits, and still restores the terminal', async () => {
    const { api } = fakeApi({ exitAfterAttach: 3 });
    const { stdin, modes } = fakeStdin();
    const stdout = new FakeTty();
    const end = await attachInTty({ api, terminalId: 't-aaaaaaaa', stdin, stdout });
    expect(end).toEqual({ reason: 'exited', exitCode: 3 });
    expect(modes).toEqual([true, false]);
    expect(stdout.text.endsWith(RESTORE_TERMINAL)).toBe(true);
  });

  it('passes a window resize on', async () => {
    const { api, calls } = fakeApi();
    const { stdin } = fakeStdin();
    const stdout = new FakeTty();
    const done = attachInTty({ api, terminalId: 't-aaaaaaaa', stdin, stdout, viewerId: 'v2' });
    await new Promise((r) => setTimeout(r, 20));
    stdout.columns = 132;
    stdout.rows = 40;
    stdout.emit('resize');
    stdin.write('\x10\x11');
    await done;
    const resizes = calls.filter((c) => c.method === 'resizeTerminal').map((c) => c.input);
    expect(resizes.at(-1)).toMatchObject({ cols: 132, rows: 40, viewerId: 'v2' });
  });
});
