/**
 * `--no-web`: a session's terminal in the user's terminal. The agent's TTY when this process
 * runs it (it started the session); otherwise a new shell in the container, because an agent
 * TTY belongs to the process that launched it (the app, or another `claude-run start`).
 */
import type { SessionInfo } from '../../shared/schemas/session';
import { attachInTty } from '../tty/attach';
import type { CliContext } from './context';

export async function attachSessionTerminal(
  ctx: CliContext,
  session: SessionInfo,
): Promise<number> {
  const api = await ctx.getApi();
  const { terminals } = await api.listTerminals({ sessionId: session.id });
  let terminal = terminals.find((t) => t.role === 'agent' && t.status === 'running');
  let opened = false;
  if (!terminal) {
    const out = ctx.io.stdout as { columns?: number; rows?: number };
    terminal = await api.openTerminal({
      sessionId: session.id,
      kind: 'container',
      cols: Math.max(2, Math.min(1000, out.columns ?? 80)),
      rows: Math.max(1, Math.min(500, out.rows ?? 24)),
    });
    opened = true;
    ctx.note(
      `The agent's terminal belongs to the process that started session ${session.name}; this is a new shell in its container.\n`,
    );
  }
  ctx.note(`Attached to ${session.name} (${terminal.title}). Detach with Ctrl-P Ctrl-Q.\n`);
  const end = await attachInTty({
    api,
    terminalId: terminal.id,
    stdin: ctx.io.stdin,
    stdout: ctx.io.stdout,
  });
  if (opened) await api.closeTerminal({ terminalId: terminal.id }).catch(() => undefined);
  if (end.reason === 'exited') {
    ctx.note(`\nThe terminal exited with status ${end.exitCode}.\n`);
  } else {
    const id = session.containerId?.slice(0, 12) ?? session.id;
    ctx.note(
      `\nDetached from ${session.name}. The container keeps running: \`claude-run attach ${id}\` to come back, \`claude-run stop ${id}\` to stop it.\n`,
    );
    // The agent's TTY lived in this process: it runs on, but nothing shows or watches it now.
    if (!opened) {
      ctx.note(
        'The agent keeps running in the container. Attaching again shows it again when its image has tmux (the default image does), else opens a new shell there; commits are imported while the app or a `claude-run` web UI runs.\n',
      );
    }
  }
  return 0;
}
