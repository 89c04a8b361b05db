/**
 * A terminal of the core shown in the user's own terminal: raw mode, the screen as the core
 * keeps it (serialized snapshot), then live output, keystrokes back, resize on SIGWINCH,
 * detach with Ctrl-P Ctrl-Q, and the user's terminal put back as it was, whatever happens.
 */
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { Api } from '../../shared/contract';
import type { TerminalOutput } from '../../shared/schemas/terminal';
import type { In } from '../commands/context';
import type { Out } from '../commands/output';
import { DetachKeys } from './detach-keys';

export type AttachEnd =
  { reason: 'detached' } | { reason: 'exited'; exitCode: number } | { reason: 'signal' };

export interface TtyAttachOptions {
  api: Api;
  terminalId: string;
  stdin: In;
  stdout: Out;
  viewerId?: string;
  /** Fallback size when stdout is not a terminal. */
  size?: { cols: number; rows: number };
  /** Sees the text shown (the snapshot, then each output), e.g. to notice the agent exit. */
  watch?: (text: string) => void;
}

/**
 * Modes a full-screen program may have left on: alternate screen, hidden cursor, bracketed
 * paste, mouse reporting, application keypad, colors. Turned off on the way out.
 */
export const RESTORE_TERMINAL =
  '\x1b[0m\x1b[?25h\x1b[?2004l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1l\x1b>\x1b[?1049l';

export async function attachInTty(o: TtyAttachOptions): Promise<AttachEnd> {
  const { api, terminalId, stdin, stdout } = o;
  const viewerId = o.viewerId ?? `cli-${randomBytes(6).toString('hex')}`;
  const size = () => ({
    cols: clamp(stdout.columns ?? o.size?.cols ?? 80, 2, 1000),
    rows: clamp((stdout as { rows?: number }).rows ?? o.size?.rows ?? 24, 1, 500),
  });

  let done: (end: AttachEnd) => void = () => undefined;
  const finished = new Promise<AttachEnd>((resolve) => (done = resolve));

  // Subscribed before attaching so nothing between the snapshot and the first event is lost.
  let snapshotSeq: number | null = null;
  const early: TerminalOutput[] = [];
  const show = (ev: TerminalOutput) => {
    if (snapshotSeq === null) return void early.push(ev);
    if (ev.seq <= snapshotSeq) return;
    o.watch?.(ev.data);
    stdout.write(ev.data, () => {
      api.ackTerminal({ terminalId, viewerId, chars: ev.data.length }).catch(() => undefined);
    });
  };
  const unsubs = [
    api.onTerminalOutput((ev) => ev.terminalId === terminalId && show(ev)),
    api.onTerminalExit((ev) => {
      if (ev.terminalId === terminalId) done({ reason: 'exited', exitCode: ev.exitCode });
    }),
  ];

  const tty = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  const decoder = new StringDecoder('utf8');
  const keys = new DetachKeys();
  const onInput = (chunk: Buffer | string) => {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const { send, detach } = keys.feed(text);
    if (send) api.writeTerminal({ terminalId, data: send, viewerId }).catch(() => undefined);
    if (detach) done({ reason: 'detached' });
  };
  const onEnd = () => done({ reason: 'detached' });
  const onResize = () => {
    api.resizeTerminal({ terminalId, viewerId, ...size() }).catch(() => undefined);
  };
  const onSignal = () => done({ reason: 'signal' });
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

  try {
    // Our size first, so the snapshot is laid out for the screen it is drawn on.
    await api.resizeTerminal({ terminalId, viewerId, ...size() }).catch(() => undefined);
    const snap = await api.attachTerminal({ terminalId, viewerId });
    if (tty) stdin.setRawMode!(true);
    stdin.on('data', onInput);
    stdin.on('end', onEnd);
    stdin.resume();
    stdout.on('resize', onResize);
    for (const s of signals) process.on(s, onSignal);
    // Scroll what is on the screen (the start-up progress) into the scrollback, then draw.
    if (stdout.isTTY) stdout.write(`${'\n'.repeat(size().rows)}\x1b[H`);
    stdout.write(snap.serialized);
    o.watch?.(snap.serialized);
    snapshotSeq = snap.seq;
    for (const ev of early.splice(0)) show(ev);
    if (snap.status === 'exited') done({ reason: 'exited', exitCode: snap.exitCode ?? 0 });
    return await finished;
  } finally {
    for (const u of unsubs) u();
    stdin.off('data', onInput);
    stdin.off('end', onEnd);
    stdout.off('resize', onResize);
    for (const s of signals) process.off(s, onSignal);
    if (tty) stdin.setRawMode!(false);
    stdin.pause();
    if (stdout.isTTY) stdout.write(RESTORE_TERMINAL);
    await api.detachTerminal({ terminalId, viewerId }).catch(() => undefined);
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(n)));
}
