/**
 * Start-up progress as lines (image build/pull, copying, setup commands' output), from the
 * core's session events. Repeated byte counts of the same step are thinned out to one line a
 * second so a pull does not flood the terminal.
 */
import type { Api } from '../../shared/contract';
import type { CliContext } from './context';
import { type TerminalFilter, createTerminalFilter, terminalSafe } from './terminal-safe';

export function showProgress(ctx: CliContext, api: Api): () => void {
  const p = ctx.err;
  let last = { key: '', at: 0 };
  const offProgress = api.onSessionProgress((ev) => {
    const key = `${ev.phase}\0${ev.message}`;
    const now = Date.now();
    const counted = ev.current !== undefined;
    if (key === last.key && (!counted || now - last.at < 1000) && ev.current !== ev.total) return;
    last = { key, at: now };
    const count =
      ev.current !== undefined && ev.total
        ? ` (${ev.current}/${ev.total})`
        : ev.current !== undefined
          ? ` (${ev.current})`
          : '';
    ctx.note(`${p.dim(`[${ev.phase}]`)} ${terminalSafe(ev.message)}${count}\n`);
  });
  // Setup commands' output comes from the container: colours pass, nothing else does.
  // One filter per stream keeps an escape sequence cut between two events whole.
  const filters = new Map<string, TerminalFilter>();
  const offLog = api.onSessionLog((ev) => {
    const key = `${ev.sessionId}\0${ev.stream}`;
    let filter = filters.get(key);
    if (!filter) filters.set(key, (filter = createTerminalFilter()));
    const text = filter.write(ev.text);
    if (text) ctx.note(ev.stream === 'system' ? p.yellow(text) : text);
  });
  return () => {
    offProgress();
    offLog();
    for (const filter of filters.values()) {
      const held = filter.end();
      if (held) ctx.note(held);
    }
  };
}
