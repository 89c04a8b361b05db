/**
 * How the CLI writes: aligned columns, color only on a TTY without NO_COLOR, and errors as one
 * line plus a hint (never a stack trace: the user cannot act on one).
 */
import type { Writable } from 'node:stream';
import { isAppError } from '../../shared/errors';

export type Out = Writable & { isTTY?: boolean; columns?: number };

export function useColor(stream: Out, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

const ansi = (code: number) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
const plain = (s: string) => s;

export function paint(enabled: boolean): Paint {
  return enabled
    ? { bold: ansi(1), dim: ansi(2), red: ansi(31), green: ansi(32), yellow: ansi(33) }
    : { bold: plain, dim: plain, red: plain, green: plain, yellow: plain };
}

/** Visible width of a cell: escape sequences take no room. */
function width(s: string): number {
  // eslint-disable-next-line no-control-regex
  return [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  return all
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell))))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** "3 minutes ago" style, for the CREATED column. */
export function ago(when: Date | null, now: Date = new Date()): string {
  if (!when || Number.isNaN(when.getTime())) return '-';
  const s = Math.max(0, Math.round((now.getTime() - when.getTime()) / 1000));
  const unit = (n: number, u: string) => `${n} ${u}${n === 1 ? '' : 's'} ago`;
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return unit(Math.floor(s / 60), 'minute');
  if (s < 86400) return unit(Math.floor(s / 3600), 'hour');
  return unit(Math.floor(s / 86400), 'day');
}

/** Text that came from outside (names, labels, branches, config values), safe to print. */
export function clean(s: string): string {
  // Control characters could repaint the line; bidi overrides reorder what is shown.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
}

/**
 * The one way an error reaches the user: `error: <message>` and `hint: <hint>`. `about` names
 * the one item of several that failed (stop, clean and purge go on with the rest). A message
 * from outside the app (an engine's, a library's) is cut to its first line and cleaned.
 */
export function formatError(err: unknown, p: Paint = paint(false), about?: string): string {
  const prefix = about ? `${about}: ` : '';
  if (isAppError(err)) {
    return `${p.red('error:')} ${prefix}${err.message}\n${err.hint ? `${p.dim('hint:')} ${err.hint}\n` : ''}`;
  }
  const code = (err as { code?: unknown } | null)?.code;
  const message = clean((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '');
  if (typeof code === 'string' && code !== '') {
    const hint = (err as { hint?: unknown }).hint;
    return `${p.red('error:')} ${prefix}${message}\n${typeof hint === 'string' ? `${p.dim('hint:')} ${hint}\n` : ''}`;
  }
  // Only the command's own failure has a stack trace to show (run.ts), not one item's.
  const debugHint = about ? '' : `${p.dim('hint:')} run again with CCR_DEBUG=1 for details\n`;
  return `${p.red('error:')} ${prefix}${message}\n${debugHint}`;
}
