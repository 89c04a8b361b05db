/**
 * `--no-web`: a session's terminal in the user's terminal. The agent's TTY when this process
 * runs it (it started the session); otherwise a new shell in the container, because an agent
 * TTY belongs to the process that launched it (the app, or another `claude-run start`).
 */
import type { Api } from '../../shared/contract';
import type { SessionInfo } from '../../shared/schemas/session';
import { AGENT_EXITED_MARKER } from '../../main/terminals/attention';
import { attachInTty } from '../tty/attach';
import type { CliContext } from './context';
import { clean } from './output';

export async function attachSessionTerminal(
  ctx: CliContext,
  session: SessionInfo,
): Promise<number> {
  const api = await ctx.getApi();
  await ctx.importCommits();
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
      `The agent's terminal belongs to the process that started session ${clean(session.name)}; this is a new shell in its container.\n`,
    );
  }
  ctx.note(
    `Attached to ${clean(session.name)} (${clean(terminal.title)}). Detach with Ctrl-P Ctrl-Q.\n`,
  );
  const agent = watchAgentExit(api, session.id);
  const end = await attachInTty({
    api,
    terminalId: terminal.id,
    stdin: ctx.io.stdin,
    stdout: ctx.io.stdout,
    watch: agent.see,
  }).finally(agent.stop);
  if (opened) await api.closeTerminal({ terminalId: terminal.id }).catch(() => undefined);
  if (end.reason === 'exited') {
    ctx.note(`\nThe terminal exited with status ${end.exitCode}.\n`);
  } else {
    const id = session.containerId?.slice(0, 12) ?? session.id;
    ctx.note(
      `\nDetached from ${clean(session.name)}. The container keeps running: \`claude-run attach ${id}\` to come back, \`claude-run stop ${id}\` to stop it.\n`,
    );
    if (!opened && agent.exited()) {
      ctx.note(
        'The agent had exited: its terminal is a shell in the container now. Start a new session with `claude-run`, or restart this one from the app.\n',
      );
    } else if (!opened) {
      // The agent's TTY lived in this process: it runs on, but nothing shows or watches it now.
      ctx.note(
        'The agent keeps running in the container. Attaching again shows it again when its image has tmux (the default image does), else opens a new shell there; commits are imported while the app or a `claude-run` web UI runs.\n',
      );
    }
  }
  return 0;
}

/**
 * Whether the agent under the terminal has exited: agent-run's exit line on the screen (also
 * one drawn before we attached), or the core's attention state for the session.
 */
function watchAgentExit(
  api: Api,
  sessionId: string,
): { see(text: string): void; exited(): boolean; stop(): void } {
  let exited = false;
  let carry = '';
  const stop = api.onSessionAttention((ev) => {
    if (ev.sessionId === sessionId && ev.state === 'finished') exited = true;
  });
  return {
    see(text) {
      // The line may arrive split across outputs: a marker's length of the last one is kept.
      const joined = carry + text;
      if (joined.includes(AGENT_EXITED_MARKER)) exited = true;
      carry = joined.slice(-AGENT_EXITED_MARKER.length);
    },
    exited: () => exited,
    stop,
  };
}
